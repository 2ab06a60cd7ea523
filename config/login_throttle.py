"""Admin login rate limiting: too many failed logins lock that username from that address.

Counts live in the cache (local memory in development, Redis in production when REDIS_URL is
set, so every gunicorn worker sees the same counts). A fixed window: the first failure starts
it, and it ends ADMIN_LOGIN_LOCKOUT_SECONDS later. A second, looser limit per address alone
stops one address from trying many usernames.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError


def max_failures() -> int:
    return getattr(settings, "ADMIN_LOGIN_MAX_FAILURES", 5)


def max_failures_per_address() -> int:
    return getattr(settings, "ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS", 50)


def lockout_seconds() -> int:
    return getattr(settings, "ADMIN_LOGIN_LOCKOUT_SECONDS", 15 * 60)


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind our proxy the last X-Forwarded-For entry.

    Any client can send X-Forwarded-For, so only the entry our own proxy appended (the last)
    is trusted, and only when the site says it runs behind one (SECURE_PROXY_SSL_HEADER).
    Without that every client would share the proxy's address.
    """
    if request is None:
        return ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _keys(request, username: str) -> tuple[str, str]:
    address = client_address(request)
    who = hashlib.sha256(f"{address}|{username.strip().lower()}".encode()).hexdigest()[:32]
    where = hashlib.sha256(address.encode()).hexdigest()[:32]
    return f"admin-login-failures:{who}", f"admin-login-failures-address:{where}"


def is_locked(request, username: str) -> bool:
    user_key, address_key = _keys(request, username)
    counts = cache.get_many([user_key, address_key])
    return (
        counts.get(user_key, 0) >= max_failures()
        or counts.get(address_key, 0) >= max_failures_per_address()
    )


def record_failure(request, username: str) -> None:
    for key in _keys(request, username):
        # add() starts the window only if none is running; incr() keeps its expiry.
        cache.add(key, 0, timeout=lockout_seconds())
        try:
            cache.incr(key)
        except ValueError:
            # The window expired between add() and incr(): start a new one.
            cache.set(key, 1, timeout=lockout_seconds())


def reset_failures(request, username: str) -> None:
    user_key, _ = _keys(request, username)
    cache.delete(user_key)


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing to even check the password once the limit is reached."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": (
            "Too many failed login attempts. Wait %(minutes)d minutes before trying again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if is_locked(self.request, username):
            raise ValidationError(
                self.error_messages["throttled"],
                code="throttled",
                params={"minutes": max(1, lockout_seconds() // 60)},
            )
        try:
            cleaned_data = super().clean()
        except ValidationError:
            record_failure(self.request, username)
            raise
        reset_failures(self.request, username)
        return cleaned_data

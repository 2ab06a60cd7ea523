"""What every page's template reads: the site settings and the main menu, each one query, once
per request, and only when a template uses them."""

from django.utils.functional import SimpleLazyObject

from config.models import SiteSettings
from config.navigation import main_navigation


def site_settings(request) -> SiteSettings:
    """The request's SiteSettings, read on first use (one query), shared by every template and
    tag of the request. Nothing is kept across requests: a change shows on the next page."""
    if request is None:
        return SiteSettings.current()
    if not hasattr(request, "_site_settings"):
        request._site_settings = SimpleLazyObject(SiteSettings.current)
    return request._site_settings


def site(request) -> dict:
    return {
        "site": site_settings(request),
        "main_navigation": SimpleLazyObject(lambda: main_navigation(request)),
    }

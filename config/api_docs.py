"""Redoc's bundle as this site serves it: with the vendor logo it would fetch from a CDN
replaced by an empty image, so the docs page asks nothing from other hosts."""

from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
# Redoc hides its logo when the image fails; "data:," is no image, and CSP allows data: images.
NO_IMAGE = "data:,"


@cache
def redoc_bundle_source() -> bytes:
    """The sidecar's bundle with the logo URL replaced (read once per process)."""
    with open(finders.find(REDOC_BUNDLE), "rb") as bundle:
        return bundle.read().replace(REDOC_LOGO.encode(), NO_IMAGE.encode())


@require_safe
@cache_control(public=True, max_age=86_400)
def redoc_bundle(request) -> HttpResponse:
    return HttpResponse(redoc_bundle_source(), content_type="text/javascript; charset=utf-8")

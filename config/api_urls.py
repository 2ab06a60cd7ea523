"""API URLs: one router under /api/v1/, the OpenAPI schema and its two viewers.

Included from config/urls.py only when settings.API_ENABLED is on.
"""

from django.conf import settings
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from config.api_docs import redoc_bundle
from config.content_api.news import NewsViewSet
from config.content_api.openings import OpeningViewSet
from config.content_api.pages import PageViewSet
from config.content_api.projects import ProjectViewSet
from config.content_api.site_settings import SiteSettingsView
from config.content_api.talks import TalkViewSet
from papers.api.views import PaperViewSet, SubjectViewSet, VenueViewSet
from people.api.views import AffiliationViewSet, InstitutionViewSet, PersonViewSet


class ApiRouter(DefaultRouter):
    # `?format=` selects formats; no `.json`-style suffixes (subject codes contain dots).
    include_format_suffixes = False


router = ApiRouter()
router.register("people", PersonViewSet, basename="person")
router.register("papers", PaperViewSet, basename="paper")
router.register("venues", VenueViewSet, basename="venue")
router.register("institutions", InstitutionViewSet, basename="institution")
router.register("subjects", SubjectViewSet, basename="subject")
router.register("affiliations", AffiliationViewSet, basename="affiliation")
router.register("pages", PageViewSet, basename="page")
router.register("news", NewsViewSet, basename="news")
router.register("openings", OpeningViewSet, basename="opening")
router.register("projects", ProjectViewSet, basename="project")
router.register("talks", TalkViewSet, basename="talk")

# Swagger UI and Redoc are third-party single-page apps: they set inline styles and Redoc
# starts a web worker from a blob. Everything still loads from our own origin.
DOCS_CSP = {
    **settings.SECURE_CSP,
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "worker-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
}

urlpatterns = [
    path("v1/site/", SiteSettingsView.as_view(), name="api-site-settings"),
    path("v1/", include((router.urls, "api"), namespace="api")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        csp_override(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_override(DOCS_CSP)(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-redoc",
    ),
    path("redoc/redoc.standalone.js", redoc_bundle, name="api-redoc-bundle"),
]

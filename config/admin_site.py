"""The admin site: throttled login, the site's name, the index with its data-health link, and
the data-health page, which spans people and papers."""

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path

from config.login_throttle import ThrottledAdminAuthenticationForm
from papers.health import LIMIT as HEALTH_LIMIT
from papers.health import data_health
from papers.models import Paper


class LabsiteAdminSite(admin.AdminSite):
    login_form = ThrottledAdminAuthenticationForm
    index_template = "admin/labsite_index.html"

    @property
    def site_header(self) -> str:
        return f"{settings.SITE_NAME} administration"

    @property
    def site_title(self) -> str:
        return f"{settings.SITE_NAME} admin"

    def get_urls(self):
        # Before the model URLs, which would read "data-health" as a paper's id; the path and
        # name are those the page had when the Paper admin served it.
        health = path(
            "papers/paper/data-health/",
            self.admin_view(self.health_view),
            name="papers_paper_health",
        )
        return [health, *super().get_urls()]

    def health_view(self, request):
        user = request.user
        if not (user.has_perm("papers.view_paper") or user.has_perm("papers.change_paper")):
            raise PermissionDenied
        context = {
            **self.each_context(request),
            "title": "Data health",
            "opts": Paper._meta,
            "health": data_health(limit=HEALTH_LIMIT),
            "limit": HEALTH_LIMIT,
        }
        return TemplateResponse(request, "admin/papers/health.html", context)

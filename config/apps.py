"""The site as an app (its template tags) and Django's admin with the site's own AdminSite."""

from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class SiteConfig(AppConfig):
    name = "config"
    label = "site"
    verbose_name = "Site"


class LabsiteAdminConfig(AdminConfig):
    default_site = "config.admin_site.LabsiteAdminSite"

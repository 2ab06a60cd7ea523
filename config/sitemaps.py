"""Sitemaps of the group's own content, merged with the papers and people ones."""

from config.models import Project
from papers.sitemaps import SITEMAPS as DATA_SITEMAPS
from papers.sitemaps import UpdatedSitemap


class ProjectSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Project.objects.published().only("slug", "updated").order_by("pk")


SITEMAPS = {
    **DATA_SITEMAPS,
    "projects": ProjectSitemap,
}

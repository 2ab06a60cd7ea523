"""Sitemaps of the group's own content, merged with the papers and people sections."""

from config.models import News, Opening, Page, Project, Talk
from papers.sitemaps import SITEMAPS as PAPERS_SITEMAPS
from papers.sitemaps import UpdatedSitemap


class PageSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("slug", "updated").order_by("pk")


class NewsSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return News.objects.published().only("slug", "updated").order_by("pk")


class OpeningSitemap(UpdatedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Closed openings too: their pages stay, marked closed.
        return Opening.objects.published().only("slug", "updated").order_by("pk")


class ProjectSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Project.objects.published().only("slug", "updated").order_by("pk")


class TalkSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Talk.objects.published().only("slug", "updated").order_by("pk")


SITEMAPS = {
    **PAPERS_SITEMAPS,
    "pages": PageSitemap,
    "news": NewsSitemap,
    "openings": OpeningSitemap,
    "projects": ProjectSitemap,
    "talks": TalkSitemap,
}

"""Sitemaps of the group's own content; config/urls.py serves them beside papers' SITEMAPS."""

from config.models import News
from papers.sitemaps import UpdatedSitemap


class NewsSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return News.objects.published().only("slug", "updated").order_by("pk")


SITEMAPS = {"news": NewsSitemap}

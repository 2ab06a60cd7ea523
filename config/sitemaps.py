"""The site's sitemaps: papers' and people's sections, and the group's own content."""

from config.models import Opening
from papers.sitemaps import SITEMAPS as PAPERS_SITEMAPS
from papers.sitemaps import UpdatedSitemap


class OpeningSitemap(UpdatedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Closed openings too: their pages stay, marked closed.
        return Opening.objects.published().only("slug", "updated").order_by("pk")


SITEMAPS = {**PAPERS_SITEMAPS, "openings": OpeningSitemap}

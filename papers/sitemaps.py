"""Sitemaps for crawlers: people, published papers, venues and institutions."""

from functools import cache

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from papers.models import Paper, Venue
from people.models import Person

# URLs per sitemap page: crawlers accept 50,000, but a smaller page renders in well under
# a second and the index lists as many pages as needed.
PAGE_SIZE = 5_000


class UpdatedSitemap(Sitemap):
    """Rows with an `updated` time, which is their lastmod."""

    def lastmod(self, item):
        return item.updated

    def get_latest_lastmod(self):
        # Django's default loads every item to find the newest; one aggregate does it.
        return self.items().aggregate(latest=Max("updated"))["latest"]


class PaperSitemap(UpdatedSitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = PAGE_SIZE

    def items(self):
        return Paper.objects.published().only("slug", "updated").order_by("pk")

    def location(self, item):
        # Same URL as get_absolute_url(), without a reverse() per row of a 5,000-row page.
        return f"{paper_prefix()}{item.slug}/"


class PersonSitemap(UpdatedSitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = PAGE_SIZE

    def items(self):
        return Person.objects.only("slug", "updated").order_by("pk")


class VenueSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return Venue.objects.with_paper_count().only("slug").order_by("pk")


class InstitutionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        # The institutions /institutions/ lists: with members or published papers.
        return Paper.objects.institutions_with_counts().only("slug").order_by("pk")


@cache
def paper_prefix() -> str:
    return reverse("papers:list")


SITEMAPS = {
    "papers": PaperSitemap,
    "people": PersonSitemap,
    "venues": VenueSitemap,
    "institutions": InstitutionSitemap,
}

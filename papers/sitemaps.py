"""Sitemaps for crawlers: people, published papers, venues and institutions."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Q

from papers.models import Paper, Venue
from people.models import Institution, Person


class PaperSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10_000

    def items(self):
        return Paper.objects.published().only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class PersonSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    limit = 10_000

    def items(self):
        return Person.objects.only("slug", "updated").order_by("pk")

    def lastmod(self, item):
        return item.updated


class VenueSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return (
            Venue.objects.filter(papers__is_published=True).distinct().only("slug").order_by("pk")
        )


class InstitutionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self):
        return (
            Institution.objects.filter(
                Q(tagged_papers__is_published=True) | Q(affiliations__isnull=False)
            )
            .distinct()
            .only("slug")
            .order_by("pk")
        )


SITEMAPS = {
    "papers": PaperSitemap,
    "people": PersonSitemap,
    "venues": VenueSitemap,
    "institutions": InstitutionSitemap,
}

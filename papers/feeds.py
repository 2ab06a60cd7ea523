"""Atom feeds of new papers: the whole group's and one person's."""

from dataclasses import dataclass
from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from config.context_processors import site_settings
from config.text import latex_to_plain
from papers.models import Paper
from people.models import Person

FEED_ITEMS = 50
# Atom has one author name per entry here; a 300-author paper should not fill the reader.
FEED_AUTHORS = 10


@dataclass
class FeedOf:
    """Whose papers a feed lists: the group's (person None) or one person's."""

    site_name: str
    person: Person | None = None


class LatestPapersFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return FeedOf(site_settings(request).display_name)

    def title(self, obj):
        return f"{obj.site_name}: new papers"

    def subtitle(self, obj):
        return f"The latest papers of {obj.site_name}."

    def link(self):
        return reverse("papers:list")

    def papers(self):
        return Paper.objects.published().with_card_data()

    def items(self):
        # Newest first by when the paper was added, so a back-dated import still shows up.
        return self.papers().order_by("-created", "-pk")[:FEED_ITEMS]

    def item_title(self, item):
        return latex_to_plain(item.title)

    def item_description(self, item):
        # Atom summaries are typed "html" by Django: plain text is escaped so that
        # markup in a title or abstract stays text in feed readers.
        return escape(latex_to_plain(item.abstract))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        names = [a.name for a in item.authorships.all()]
        if len(names) > FEED_AUTHORS:
            names = [*names[:FEED_AUTHORS], "et al."]
        return ", ".join(names) or None

    def item_pubdate(self, item):
        if item.date:
            return timezone.make_aware(datetime.combine(item.date, time()))
        return item.created

    def item_updateddate(self, item):
        return item.updated

    def item_categories(self, item):
        return [s.code for s in item.subjects.all()]


class PersonPapersFeed(LatestPapersFeed):
    def get_object(self, request, slug):
        person = get_object_or_404(Person, slug=slug)
        return FeedOf(site_settings(request).display_name, person)

    def title(self, obj):
        return f"{obj.person.full_name}: new papers"

    def subtitle(self, obj):
        return f"The latest papers of {obj.person.full_name} on {obj.site_name}."

    def link(self, obj):
        return obj.person.get_absolute_url()

    def items(self, obj):
        return self.papers().by_person(obj.person).order_by("-created", "-pk")[:FEED_ITEMS]

"""News pages: the list (by year), one item, and the Atom feed."""

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from config.context_processors import site_settings
from config.models import News

NEWS_PER_PAGE = 20
FEED_ITEMS = 20


def news_list(request):
    news = News.objects.published().newest_first()
    page = Paginator(news, NEWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "site/news_list.html", {"page": page})


def news_detail(request, slug):
    item = get_object_or_404(News.objects.published().with_links(), slug=slug)
    return render(request, "site/news_detail.html", {"item": item})


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return site_settings(request).display_name

    def title(self, site_name):
        return f"{site_name}: news"

    def subtitle(self, site_name):
        return f"News of {site_name}."

    def link(self):
        return reverse("news_list")

    def items(self):
        return News.objects.published().newest_first()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Already sanitised HTML, which is what Atom's type="html" summary expects.
        return item.body_html

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time()))

    def item_updateddate(self, item):
        return item.updated

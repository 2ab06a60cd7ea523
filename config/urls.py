"""Root URLs: admin, public pages and (optionally) the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from config.sitemaps import SITEMAPS
from config.views import news, openings, talks
from config.views.pages import page_detail
from config.views.projects import project_detail, project_list
from config.views.search import search
from papers.views import robots_txt
from people.views import home

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", home, name="home"),
    path("robots.txt", robots_txt, name="robots"),
    # An index of per-section sitemaps, so every section can be paged past 10,000 URLs.
    path("sitemap.xml", sitemaps.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("news/", news.news_list, name="news_list"),
    path("news/feed/", news.NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", news.news_detail, name="news_detail"),
    path("projects/", project_list, name="project_list"),
    path("projects/<slug:slug>/", project_detail, name="project_detail"),
    path("search/", search, name="site_search"),
    path("talks/", talks.talk_list, name="talk_list"),
    path("talks/calendar.ics", talks.talk_calendar, name="talk_calendar"),
    path("talks/<slug:slug>/", talks.talk_detail, name="talk_detail"),
    path("", include("papers.urls")),
    path("", include("people.urls")),
    path("join/", openings.opening_list, name="opening_list"),
    path("join/<slug:slug>/", openings.opening_detail, name="opening_detail"),
]

# The API is optional: with API_ENABLED off there are no /api/ URLs and DRF is never imported.
if settings.API_ENABLED:
    urlpatterns.insert(0, path("api/", include("config.api_urls")))
    handler404 = "config.errors.page_not_found"
    handler500 = "config.errors.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The group's pages (/about/) come last: every section's URL wins, and a page's slug may not
# be a section's first path segment (config/models/pages.py).
urlpatterns.append(path("<slug:slug>/", page_detail, name="page_detail"))

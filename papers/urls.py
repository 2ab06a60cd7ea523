"""Public URLs of papers and venues."""

from django.urls import path

from papers import views
from papers.feeds import LatestPapersFeed

app_name = "papers"

urlpatterns = [
    path("papers/", views.paper_list, name="list"),
    path("papers/export/<str:format>/", views.paper_export, name="export"),
    path("papers/<slug:slug>.bib", views.paper_citation, {"format": "bibtex"}, name="bibtex"),
    path("papers/<slug:slug>.ris", views.paper_citation, {"format": "ris"}, name="ris"),
    path("papers/<slug:slug>.json", views.paper_citation, {"format": "csljson"}, name="csl_json"),
    path("papers/<slug:slug>/", views.paper_detail, name="detail"),
    path("venues/", views.venue_list, name="venue_list"),
    path("venues/<slug:slug>/", views.venue_detail, name="venue_detail"),
    path("feeds/papers/", LatestPapersFeed(), name="feed"),
    path("unapi/", views.unapi, name="unapi"),
]

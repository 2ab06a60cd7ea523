"""Public URLs of people and institutions."""

from django.urls import path

from papers.feeds import PersonPapersFeed
from people import views

app_name = "people"

urlpatterns = [
    path("people/", views.person_list, name="list"),
    path("people/<slug:slug>/", views.person_detail, name="detail"),
    path("people/<slug:slug>/feed/", PersonPapersFeed(), name="feed"),
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/<slug:slug>/", views.institution_detail, name="institution_detail"),
]

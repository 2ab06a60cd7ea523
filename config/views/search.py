"""/search/: the header's search over papers, people, news, projects and openings."""

from django.shortcuts import render

from config.search import clean_query, site_search


def search(request):
    q = clean_query(request.GET.get("q"))
    groups = site_search(q) if q else []
    return render(request, "site/search.html", {"q": q, "groups": groups})

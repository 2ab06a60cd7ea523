"""The group's own pages."""

from django.shortcuts import get_object_or_404, render

from config.models import Page


def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    return render(request, "site/page_detail.html", {"page": page})

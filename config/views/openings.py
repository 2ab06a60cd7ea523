"""/join/: the open positions, and a page per opening."""

from django.shortcuts import get_object_or_404, render

from config.models import Opening


def opening_list(request):
    openings = Opening.objects.published().open()
    return render(request, "site/opening_list.html", {"openings": openings})


def opening_detail(request, slug):
    """Closed openings keep their page (marked closed) so old links still work."""
    opening = get_object_or_404(Opening.objects.visible_to(request.user), slug=slug)
    return render(request, "site/opening_detail.html", {"opening": opening})

"""Public pages about papers and venues, and citation downloads."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from config import mentions
from config.templatetags.labsite import split_authors
from papers.citations import FORMATS, export_response, render_style, to_bibtex
from papers.filters import SORT_CHOICES, PaperFilter
from papers.models import Paper, Venue
from people.models import Person

PAPERS_PER_PAGE = 50
# (format in the URL, label) of "Export these results".
EXPORT_FORMATS = [("bibtex", "BibTeX"), ("ris", "RIS"), ("csljson", "CSL-JSON"), ("csv", "CSV")]
CITATION_STYLES = [("apa", "APA"), ("ieee", "IEEE")]
FILTER_CHOICES_KEY = "papers:filter-choices"
FILTER_CHOICES_SECONDS = 300


def published_paper(slug: str) -> Paper:
    """A published paper with everything its page shows (1 query + 5 prefetches)."""
    return get_object_or_404(
        Paper.objects.published().with_card_data().prefetch_related("topics"), slug=slug
    )


def filter_choices() -> dict[str, list[dict]]:
    """Subjects, venues, institutions and projects of published papers, with counts (cached).

    Four aggregate queries over every published paper: at tens of thousands of papers they
    cost more than the rest of the page, so they are cached for a few minutes (the counts in
    a select may lag an edit by that long; the results themselves never do).
    """
    return cache.get_or_set(
        FILTER_CHOICES_KEY, Paper.objects.filter_choices, FILTER_CHOICES_SECONDS
    )


def paper_list(request):
    paper_filter = PaperFilter(request.GET, queryset=Paper.objects.published())
    results = paper_filter.qs
    data = paper_filter.form.cleaned_data if paper_filter.form.is_valid() else {}
    page = Paginator(results.with_card_data(), PAPERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "papers/paper_list.html",
        {
            "filter": paper_filter,
            "form": paper_filter.form,
            "page": page,
            "years": results.year_counts(),
            "options": filter_choices(),
            "people": Person.objects.members_and(data.get("person") or "").order_by(
                "family_name", "given_name"
            ),
            "selected": data,
            "sort_choices": SORT_CHOICES,
            "sort": paper_filter.sort_key(),
            "filtered": any(v not in (None, "", []) for k, v in data.items() if k != "sort"),
            "export_query": _export_query(request),
            "export_formats": EXPORT_FORMATS,
        },
    )


def _export_query(request) -> str:
    """The page's query string without the page number, for "Export these results"."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def paper_export(request, format):
    """The current /papers/ result (same filters and order) as one download."""
    if format not in FORMATS:
        raise Http404("Unknown export format.")
    papers = PaperFilter(request.GET, queryset=Paper.objects.published()).qs.with_card_data()
    return export_response(papers, format, "papers")


def paper_citation(request, slug, format):
    paper = published_paper(slug)
    return export_response([paper], format, paper.slug)


UNAPI_FORMATS = {"bibtex": "text/plain", "ris": "application/x-research-info-systems"}


def unapi(request):
    """unAPI (unapi.info): reference managers such as Zotero fetch any paper on a page in
    BibTeX or RIS. Without id: the formats; with id: the formats of that paper (300);
    with id and format: the record."""
    paper_id, fmt = request.GET.get("id", ""), request.GET.get("format", "")
    if paper_id and fmt:
        if fmt not in UNAPI_FORMATS:
            return HttpResponse("Unknown format.", status=406, content_type="text/plain")
        paper = published_paper(paper_id)
        return HttpResponse(
            FORMATS[fmt].render([paper]), content_type=f"{UNAPI_FORMATS[fmt]}; charset=utf-8"
        )
    if paper_id:
        published_paper(paper_id)
    return render(
        request,
        "papers/unapi.xml",
        {"paper_id": paper_id, "formats": UNAPI_FORMATS},
        content_type="application/xml; charset=utf-8",
        status=300 if paper_id else 200,
    )


def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    return render(
        request,
        "robots.txt",
        {"sitemap_url": sitemap_url},
        content_type="text/plain; charset=utf-8",
    )


def paper_detail(request, slug):
    paper = published_paper(slug)
    authorships = paper.authorships.all()
    known_authors, unknown_authors = split_authors(paper)
    marks = {
        "equal": any(a.equal_contribution for a in authorships),
        "corresponding": any(a.corresponding for a in authorships),
    }
    return render(
        request,
        "papers/paper_detail.html",
        {
            "paper": paper,
            "marks": marks,
            "known_authors": known_authors,
            "unknown_authors": unknown_authors,
            "bibtex": to_bibtex([paper]),
            "styles": [(label, render_style(paper, style)) for style, label in CITATION_STYLES],
            **mentions.about_paper(paper),
        },
    )


def venue_list(request):
    venues = Venue.objects.with_paper_count().order_by("name")
    return render(request, "papers/venue_list.html", {"venues": venues})


def venue_detail(request, slug):
    venue = get_object_or_404(Venue, slug=slug)
    papers = venue.papers.published().with_card_data().newest_first()
    page = Paginator(papers, PAPERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "papers/venue_detail.html", {"venue": venue, "page": page})

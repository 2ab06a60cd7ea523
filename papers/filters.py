"""The paper filters shared by the public /papers/ page and the API."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q

from papers.models import Authorship, Paper
from papers.search import search_papers
from papers.validators import normalize_arxiv_id, normalize_doi

# Sort choices, each ending in a unique tie-breaker so pages never overlap or skip rows.
SORTS = {
    "-date": (F("date").desc(nulls_last=True), "-pk"),
    "date": (F("date").asc(nulls_last=True), "pk"),
    "-citations": (
        F("citation_count").desc(nulls_last=True),
        F("date").desc(nulls_last=True),
        "-pk",
    ),
    "title": ("title", "pk"),
}
SORT_CHOICES = [
    ("-date", "Newest first"),
    ("date", "Oldest first"),
    ("-citations", "Most cited"),
    ("title", "Title"),
]
RELEVANCE = "relevance"


class MultipleValueInput(forms.TextInput):
    """Reads every value of a repeated query parameter (?subject=cs.CL&subject=cs.LG)."""

    def value_from_datadict(self, data, files, name):
        getlist = getattr(data, "getlist", None)
        values = getlist(name) if getlist else data.get(name)
        if isinstance(values, str):
            values = [values]
        return [v for v in values or [] if v]

    def format_value(self, value):
        return ",".join(value) if isinstance(value, list) else value


class MultipleValueField(forms.Field):
    widget = MultipleValueInput

    def to_python(self, value):
        if not value:
            return []
        return [str(v).strip() for v in value if str(v).strip()]


class MultipleValueFilter(django_filters.Filter):
    field_class = MultipleValueField


class PaperFilter(django_filters.FilterSet):
    """Filters over published papers; every filter is a subquery, so rows never repeat."""

    q = django_filters.CharFilter(method="filter_q", label="Search")
    year_min = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="From year")
    year_max = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="To year")
    subject = MultipleValueFilter(
        field_name="subjects__code", method="filter_subject", label="Subject"
    )
    venue = django_filters.CharFilter(field_name="venue__slug", label="Venue")
    kind = django_filters.ChoiceFilter(choices=Paper.Kind.choices, label="Kind")
    person = django_filters.CharFilter(method="filter_person", label="Person")
    institution = django_filters.CharFilter(method="filter_institution", label="Institution")
    project = django_filters.CharFilter(method="filter_project", label="Project")
    has_code = django_filters.BooleanFilter(
        field_name="has_code", widget=django_filters.widgets.BooleanWidget, label="Has code"
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_nothing", label="Sort", empty_label="Relevance"
    )

    class Meta:
        model = Paper
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Paper.objects.published()
        super().__init__(data, queryset=queryset, **kwargs)

    def filter_q(self, queryset, name, value):
        return search_papers(queryset, value) if value.strip() else queryset

    def filter_subject(self, queryset, name, value):
        if not value:
            return queryset
        tagged = Paper.subjects.through.objects.filter(
            paper_id=OuterRef("pk"), subject__code__in=value
        )
        return queryset.filter(Q(primary_subject__code__in=value) | Exists(tagged))

    def filter_person(self, queryset, name, value):
        authored = Authorship.objects.filter(paper_id=OuterRef("pk"), person__slug=value)
        return queryset.filter(Exists(authored))

    def filter_institution(self, queryset, name, value):
        """Organisation tags set on the paper, or any author's institution on it."""
        tagged = Paper.institutions.through.objects.filter(
            paper_id=OuterRef("pk"), institution__slug=value
        )
        authors = Authorship.institutions.through.objects.filter(
            authorship__paper_id=OuterRef("pk"), institution__slug=value
        )
        return queryset.filter(Exists(tagged) | Exists(authors))

    def filter_project(self, queryset, name, value):
        """Papers of a published project (site content, reached through Paper.projects)."""
        listed = Paper.projects.through.objects.filter(
            paper_id=OuterRef("pk"), project__slug=value, project__published=True
        )
        return queryset.filter(Exists(listed))

    def filter_nothing(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    def sort_key(self) -> str:
        """The chosen sort; with a search and no explicit sort, relevance."""
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        chosen = data.get("sort") or ""
        if chosen in SORTS:
            return chosen
        return RELEVANCE if (data.get("q") or "").strip() else "-date"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        key = self.sort_key()
        if key == RELEVANCE and "search_rank" in queryset.query.annotations:
            return queryset.order_by(F("search_rank").desc(), *SORTS["-date"])
        return queryset.order_by(*SORTS.get(key, SORTS["-date"]))


class PaperApiFilter(PaperFilter):
    """The page's filters plus the API conventions: ?search=, ?ordering=, ?doi=, ?arxiv=."""

    search = django_filters.CharFilter(method="filter_q", label="Search (same as q)")
    ordering = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_nothing", label="Ordering (same as sort)"
    )
    doi = django_filters.CharFilter(method="filter_doi", label="DOI")
    arxiv = django_filters.CharFilter(method="filter_arxiv", label="arXiv id")

    def filter_doi(self, queryset, name, value):
        return queryset.filter(doi=normalize_doi(value))

    def filter_arxiv(self, queryset, name, value):
        return queryset.filter(arxiv_id=normalize_arxiv_id(value))

    def sort_key(self) -> str:
        data = self.form.cleaned_data if hasattr(self.form, "cleaned_data") else {}
        if data.get("ordering") in SORTS and not data.get("sort"):
            return data["ordering"]
        if (data.get("search") or "").strip() and not data.get("sort"):
            return RELEVANCE
        return super().sort_key()

"""Admin for papers, their ordered authors, venues, subjects, topics and import runs.

Who may edit what is explained in config/admin_mixins.py: members see and change only the papers
they author (and those papers' author lists).
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import bulk_update_with_history

from config.admin_mixins import (
    MemberReadableMixin,
    OwnParentInlineMixin,
    OwnRowsAdminMixin,
    PrimedAutocompleteInlineMixin,
    PrimedInlineFormSet,
)
from papers.admin_import import import_view
from papers.citations import export_response
from papers.models import Authorship, ImportRun, Paper, Subject, Topic, Venue
from papers.search import refresh_search_text


def count_of(model, field: str):
    """A correlated COUNT subquery: evaluated only for the rows of the page shown, unlike a
    GROUP BY over the whole table."""
    counted = (
        model._default_manager.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(Venue)
class VenueAdmin(MemberReadableMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "publisher", "issn", "paper_count"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "publisher", "issn", "slug"]
    ordering = ["name"]
    list_per_page = 100
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(paper_count=count_of(Paper, "venue"))

    @admin.display(description="papers", ordering="paper_count")
    def paper_count(self, venue):
        return venue.paper_count


@admin.register(Subject)
class SubjectAdmin(MemberReadableMixin, SimpleHistoryAdmin):
    list_display = ["code", "label", "name", "group"]
    list_filter = ["group"]
    search_fields = ["code", "label", "name"]
    ordering = ["code"]
    list_per_page = 200


@admin.register(Topic)
class TopicAdmin(MemberReadableMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    ordering = ["name"]
    list_per_page = 200


class AuthorshipForm(forms.ModelForm):
    def validate_constraints(self):
        # Position and person are unique per paper, but checking them row by row against the
        # database would refuse a swap of two authors; the formset checks them across all rows.
        exclude = self._get_validation_exclusions() | {"position", "person"}
        try:
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class AuthorshipFormSet(PrimedInlineFormSet):
    """The whole author list of a paper: positions and people are unique across its rows."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form in self.deleted_forms:
                continue
            person = form.cleaned_data.get("person")
            if person is not None and person.pk in seen:
                raise ValidationError(f"{person} is linked to more than one author of this paper.")
            if person is not None:
                seen.add(person.pk)

    def save(self, commit=True):
        if commit:
            # Free the positions and people of the rows that change or go first, so that
            # reordering never collides with a row not yet saved.
            moving = [
                form.instance.pk
                for form in self.initial_forms
                if form.instance.pk
                and (form in self.deleted_forms or {"position", "person"} & set(form.changed_data))
            ]
            Authorship.objects.filter(pk__in=moving).update(position=None, person=None)
        return super().save(commit)


class AuthorshipInline(PrimedAutocompleteInlineMixin, OwnParentInlineMixin, admin.TabularInline):
    model = Authorship
    form = AuthorshipForm
    formset = AuthorshipFormSet
    fields = ["position", "name", "person", "equal_contribution", "corresponding", "institutions"]
    autocomplete_fields = ["person", "institutions"]
    ordering = ["position"]
    extra = 0

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("person").prefetch_related("institutions")
        )


class LinkedFilter(admin.SimpleListFilter):
    title = "linked to a person"
    parameter_name = "linked"

    def lookups(self, request, model_admin):
        return [("yes", "Linked"), ("no", "Not linked")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(person__isnull=self.value() == "no")
        return queryset


@admin.register(Paper)
class PaperAdmin(OwnRowsAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "title",
        "date",
        "kind",
        "venue",
        "subject_label",
        "author_count",
        "is_published",
        "is_featured",
        "has_code",
    ]
    list_filter = [
        "year",
        ("primary_subject", admin.RelatedOnlyFieldListFilter),
        ("venue", admin.RelatedOnlyFieldListFilter),
        "kind",
        "is_published",
        "is_featured",
        "has_code",
        "authors_complete",
    ]
    list_select_related = ["venue", "primary_subject"]
    search_fields = ["title", "doi", "arxiv_id", "authorships__name"]
    autocomplete_fields = ["venue", "primary_subject", "subjects", "topics", "institutions"]
    ordering = [F("date").desc(nulls_last=True), "-pk"]
    readonly_fields = ["year", "created", "updated"]
    inlines = [AuthorshipInline]
    actions = ["publish", "hide", "feature", "unfeature", "export_bibtex"]
    list_per_page = 50
    show_full_result_count = False
    member_readonly_fields = ("is_published", "is_featured")
    # "Import papers" beside "Add paper"; the page is added in get_urls.
    change_list_template = "admin/papers/import_change_list.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "abstract", "kind", "authors_complete"]}),
        ("Publication", {"fields": ["date", "date_precision", "year", "venue", "volume", "issue", "pages", "publisher"]}),
        ("Identifiers", {"fields": ["doi", "arxiv_id", "bibtex_key"]}),
        ("Classification", {"fields": ["primary_subject", "subjects", "topics", "institutions"]}),
        ("Links", {"fields": ["pdf", "pdf_url", "code_url", "has_code", "project_url", "slides_url", "video_url", "data_url"]}),
        ("Status", {"fields": ["is_published", "is_featured", "awards", "citation_count", "citations_read_on", "note"]}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]  # fmt: skip

    def own_rows(self, queryset, person):
        # One authorship per person and paper (a database constraint): no duplicates.
        return queryset.filter(authorships__person=person)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(author_count=count_of(Authorship, "paper"))

    @admin.display(description="subject", ordering="primary_subject__code")
    def subject_label(self, paper):
        return paper.primary_subject.label if paper.primary_subject_id else ""

    # Not sortable: ordering by it would count the authors of every paper, not just one page.
    @admin.display(description="authors")
    def author_count(self, paper):
        return paper.author_count

    def get_search_results(self, request, queryset, search_term):
        """Every word must match the title, DOI, arXiv id or an author's name as printed.

        Author names are matched in a subquery, so the results need no DISTINCT (which would
        compare whole rows, abstracts included, across the table)."""
        for word in smart_split(search_term):
            word = unescape_string_literal(word) if word[0] in "\"'" else word
            authored = Authorship.objects.filter(name__icontains=word).values("paper_id")
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(doi__icontains=word)
                | Q(arxiv_id__icontains=word)
                | Q(pk__in=authored)
            )
        return queryset, False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed = {"title", "abstract"} & set(form.changed_data)
        if not change or changed or any(formset.has_changed() for formset in formsets):
            refresh_search_text([form.instance.pk])

    def has_publish_permission(self, request):
        # Publishing and featuring are editorial decisions: members cannot take them.
        return request.user.has_perm("papers.change_paper")

    def _set_flag(self, request, queryset, field: str, value: bool, done: str) -> None:
        papers = list(
            queryset.select_related(None).exclude(**{field: value}).only("pk", field, "updated")
        )
        now = timezone.now()
        for paper in papers:
            setattr(paper, field, value)
            paper.updated = now
        # Bulk, but still one history version per paper, credited to this user.
        bulk_update_with_history(
            papers, Paper, [field, "updated"], batch_size=500, default_user=request.user
        )
        self.message_user(
            request,
            f"{len(papers)} paper{'' if len(papers) == 1 else 's'} {done}.",
            messages.SUCCESS,
        )

    @admin.action(description="Publish selected papers", permissions=["publish"])
    def publish(self, request, queryset):
        self._set_flag(request, queryset, "is_published", True, "published")

    @admin.action(description="Hide selected papers (unpublish)", permissions=["publish"])
    def hide(self, request, queryset):
        self._set_flag(request, queryset, "is_published", False, "hidden")

    @admin.action(description="Feature selected papers", permissions=["publish"])
    def feature(self, request, queryset):
        self._set_flag(request, queryset, "is_featured", True, "featured")

    @admin.action(description="Stop featuring selected papers", permissions=["publish"])
    def unfeature(self, request, queryset):
        self._set_flag(request, queryset, "is_featured", False, "no longer featured")

    @admin.action(description="Export selected papers as BibTeX", permissions=["view"])
    def export_bibtex(self, request, queryset):
        papers = list(
            Paper.objects.filter(pk__in=queryset.order_by().values("pk"))
            .with_card_data()
            .newest_first()
        )
        self.message_user(
            request,
            f"Exported {len(papers)} paper{'' if len(papers) == 1 else 's'} as BibTeX.",
            messages.SUCCESS,
        )
        return export_response(papers, "bibtex", "papers")

    def get_urls(self):
        page = path(
            "import/",
            self.admin_site.admin_view(import_view),
            name="papers_paper_import",
        )
        return [page, *super().get_urls()]


@admin.register(Authorship)
class AuthorshipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "paper", "position", "person", "equal_contribution", "corresponding"]
    list_filter = [LinkedFilter, "equal_contribution", "corresponding"]
    list_select_related = ["paper", "person"]
    search_fields = ["name", "paper__title", "person__full_name"]
    autocomplete_fields = ["paper", "person", "institutions"]
    # By the (paper, position) unique index; "paper" would sort by the papers' own ordering.
    ordering = ["paper_id", "position"]
    list_per_page = 100
    show_full_result_count = False


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    """Import runs are a log: read only."""

    list_display = ["created", "source", "format", "status", "user", "summary"]
    list_filter = ["status", "format"]
    list_select_related = ["user"]
    search_fields = ["source"]
    ordering = ["-created"]
    fields = ["created", "user", "source", "format", "status", "summary", "report_text"]
    readonly_fields = fields
    list_per_page = 50
    show_full_result_count = False

    @admin.display(description="counts")
    def summary(self, run):
        return ", ".join(f"{count} {action}" for action, count in (run.counts or {}).items())

    @admin.display(description="report")
    def report_text(self, run):
        return format_html("<pre>{}</pre>", json.dumps(run.report, indent=2, ensure_ascii=False))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""Admin for people, institutions, affiliations and reported figures.

Who may edit what (members and editors) is explained in config/admin_mixins.py.
"""

import json

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from simple_history.admin import SimpleHistoryAdmin

from config.admin_mixins import (
    MemberReadableMixin,
    OwnParentInlineMixin,
    OwnRowsAdminMixin,
    PrimedAutocompleteInlineMixin,
)
from people.models import Affiliation, Institution, Person, ReportedMetric
from people.photos import thumbnail
from people.services import MergeError, person_merge
from people.services_photos import person_photo_refresh


class CurrentMemberFilter(admin.SimpleListFilter):
    title = "membership"
    parameter_name = "membership"

    def lookups(self, request, model_admin):
        return [
            ("current", "Current members"),
            ("alumni", "Alumni"),
            ("outside", "Outside the group"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(pk__in=Person.objects.current().values("pk"))
        if self.value() == "alumni":
            return queryset.filter(pk__in=Person.objects.alumni().values("pk"))
        if self.value() == "outside":
            return queryset.filter(role="")
        return queryset


@admin.register(Institution)
class InstitutionAdmin(MemberReadableMixin, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "country", "parent", "ror_id"]
    list_filter = ["kind", "country"]
    list_select_related = ["parent"]
    search_fields = ["name", "short_name", "ror_id", "slug"]
    autocomplete_fields = ["parent"]
    ordering = ["name"]
    list_per_page = 100
    show_full_result_count = False


class AffiliationInline(PrimedAutocompleteInlineMixin, OwnParentInlineMixin, admin.TabularInline):
    model = Affiliation
    fields = ["institution", "position", "start", "end"]
    autocomplete_fields = ["institution"]
    extra = 0

    def get_queryset(self, request):
        # The row's title (Affiliation.__str__) names both.
        return super().get_queryset(request).select_related("person", "institution")


class ReportedMetricInline(OwnParentInlineMixin, admin.TabularInline):
    model = ReportedMetric
    fields = ["position", "name", "value", "unit", "source", "as_of"]
    extra = 0


@admin.register(Person)
class PersonAdmin(OwnRowsAdminMixin, SimpleHistoryAdmin):
    list_display = [
        "photo_preview",
        "full_name",
        "role",
        "joined",
        "left",
        "orcid",
        "linked_user",
    ]
    list_display_links = ["full_name"]
    list_filter = [
        CurrentMemberFilter,
        "role",
        ("affiliations__institution", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["user"]
    # name_variants is a JSON list; its text is searched, so "O. Vinyals" finds the person.
    search_fields = ["full_name", "given_name", "family_name", "name_variants", "orcid", "slug"]
    autocomplete_fields = ["primary_subject", "user"]
    ordering = ["family_name", "given_name", "full_name"]
    readonly_fields = ["photo_preview_large", "created", "updated"]
    inlines = [AffiliationInline, ReportedMetricInline]
    actions = ["merge_people"]
    list_per_page = 100
    show_full_result_count = False
    member_readonly_fields = ("user", "role", "joined", "left", "slug")
    fieldsets = [
        (
            None,
            {"fields": ["full_name", "given_name", "family_name", "slug", "name_variants"]},
        ),
        ("Group", {"fields": ["role", "joined", "left", "user"]}),
        ("Photo", {"fields": ["photo", "photo_preview_large"]}),
        ("About", {"fields": Person.ABOUT_FIELDS}),
        ("Links", {"fields": Person.LINK_FIELDS}),
        ("Record", {"fields": ["created", "updated"], "classes": ["collapse"]}),
    ]

    def own_rows(self, queryset, person):
        return queryset.filter(pk=person.pk)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        person_photo_refresh(person=obj)

    def get_search_results(self, request, queryset, search_term):
        """Every word must match some name field, as in Django's own search; a word with
        non-ASCII letters is also looked for as JSON escapes it (SQLite stores "Aäron" in
        name_variants as "A\\u00e4ron")."""
        for word in smart_split(search_term):
            word = unescape_string_literal(word) if word[0] in "\"'" else word
            match = Q()
            for field in self.search_fields:
                match |= Q(**{f"{field}__icontains": word})
            if not word.isascii():
                match |= Q(name_variants__icontains=json.dumps(word)[1:-1])
            queryset = queryset.filter(match)
        return queryset, False

    @admin.display(description="photo")
    def photo_preview(self, person):
        return _photo_img(person, 48)

    @admin.display(description="preview")
    def photo_preview_large(self, person):
        return _photo_img(person, 160) or "—"

    @admin.display(description="login", ordering="user__username")
    def linked_user(self, person):
        return person.user.get_username() if person.user_id else ""

    @admin.action(description="Merge selected people", permissions=["merge"])
    def merge_people(self, request, queryset):
        people = list(
            queryset.annotate(
                authorship_count=Count("authorships", distinct=True),
                affiliation_count=Count("affiliations", distinct=True),
            ).order_by("pk")
        )
        if len(people) < 2:
            self.message_user(request, "Select at least two people to merge.", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            by_pk = {str(person.pk): person for person in people}
            keep = by_pk.get(request.POST.get("keep", ""))
            if keep is None:
                self.message_user(request, "Choose the person to keep.", messages.ERROR)
            else:
                try:
                    result = person_merge(keep=keep, merge=[p for p in people if p.pk != keep.pk])
                except MergeError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                self.message_user(request, result.summary(), messages.SUCCESS)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge people",
            "opts": self.opts,
            "people": people,
            "suggested": _suggest_keep(people),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/people/person/merge.html", context)

    def has_merge_permission(self, request):
        # Merging deletes people and rewrites authorships: editors with both rights only.
        return request.user.has_perm("people.change_person") and request.user.has_perm(
            "people.delete_person"
        )


def _suggest_keep(people: list[Person]) -> Person:
    """Suggest keeping the person with a login, then the most authorships, then the oldest row."""
    return max(people, key=lambda p: (bool(p.user_id), p.authorship_count, -p.pk))


def _photo_img(person: Person, size: int):
    thumb = thumbnail(person, 48 if size <= 48 else 320)
    if thumb:
        url, width, height = thumb["url"], thumb["width"], thumb["height"]
    elif person.photo and person.photo_width and person.photo_height:
        url, width, height = person.photo.url, person.photo_width, person.photo_height
    else:
        return ""
    scale = min(1.0, size / max(width, height))
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
        url,
        round(width * scale),
        round(height * scale),
    )


class CurrentAffiliationFilter(admin.SimpleListFilter):
    title = "current"
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", "Current"), ("no", "Ended")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.exclude(end__lte=today)
        if self.value() == "no":
            return queryset.filter(end__lte=today)
        return queryset


@admin.register(Affiliation)
class AffiliationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "institution", "position", "start", "end"]
    list_filter = [CurrentAffiliationFilter, "institution__kind"]
    list_select_related = ["person", "institution"]
    search_fields = [
        "person__full_name",
        "institution__name",
        "institution__short_name",
        "position",
    ]
    autocomplete_fields = ["person", "institution"]
    ordering = ["person__family_name", "-start"]
    list_per_page = 100
    show_full_result_count = False


@admin.register(ReportedMetric)
class ReportedMetricAdmin(SimpleHistoryAdmin):
    list_display = ["person", "name", "display_value", "source", "as_of"]
    list_filter = ["name", "as_of"]
    list_select_related = ["person"]
    search_fields = ["person__full_name", "name", "source"]
    autocomplete_fields = ["person"]
    ordering = ["person__family_name", "position", "name"]
    list_per_page = 100
    show_full_result_count = False

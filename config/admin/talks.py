"""Admin for talks. Editors (with the change permission) publish; a member (see
config/admin_mixins.py) edits the talks they give: they see and change only talks where they are
a speaker, a talk they add always lists them, and they cannot publish.

Times are typed and shown in the talk's own time zone, not the site's."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from config.admin_mixins import (
    MarkdownPreviewMixin,
    OwnParentInlineMixin,
    OwnRowsAdminMixin,
    PrimedAutocompleteInlineMixin,
)
from config.models import Talk, TalkSpeaker
from config.models.talks import validate_time_zone


class TalkForm(forms.ModelForm):
    class Meta:
        model = Talk
        fields = ["start", "end", "time_zone"]  # the admin adds the rest (its fieldsets)
        help_texts = {"start": "In the talk's time zone.", "end": "In the talk's time zone."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Shown as the wall-clock time at the event (naive values are not converted).
            self.initial["start"] = self.instance.local_start().replace(tzinfo=None)
            if self.instance.end:
                self.initial["end"] = self.instance.local_end().replace(tzinfo=None)

    def clean(self):
        data = super().clean()
        zone_name = data.get("time_zone")
        if zone_name and "time_zone" not in self.errors:
            try:
                validate_time_zone(zone_name)
            except ValidationError as error:
                self.add_error("time_zone", error)
                return data
            zone = Talk(time_zone=zone_name).zone
            # The form read the wall-clock time in the site's zone; it was meant in the talk's.
            for field in ("start", "end"):
                if data.get(field):
                    wall = timezone.make_naive(data[field])
                    data[field] = timezone.make_aware(wall, zone)
            if data.get("start") and data.get("end") and data["end"] < data["start"]:
                self.add_error("end", "The end is before the start.")
        return data


class TalkSpeakerInline(OwnParentInlineMixin, PrimedAutocompleteInlineMixin, admin.TabularInline):
    model = TalkSpeaker
    fields = ["order", "person"]
    autocomplete_fields = ["person"]
    ordering = ["order", "pk"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(Talk)
class TalkAdmin(MarkdownPreviewMixin, OwnRowsAdminMixin, SimpleHistoryAdmin):
    markdown_field = "abstract"
    form = TalkForm
    list_display = ["title", "start", "kind", "event", "is_published", "updated"]
    list_filter = ["is_published", "kind", ("start", admin.DateFieldListFilter)]
    list_select_related = []
    search_fields = ["title", "event", "place", "guest_speakers"]
    date_hierarchy = "start"
    ordering = ["-start", "-pk"]
    autocomplete_fields = ["papers"]
    readonly_fields = ["created", "updated"]
    member_readonly_fields = ("is_published",)
    inlines = [TalkSpeakerInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "guest_speakers", "is_published"]}),
        ("When and where", {"fields": ["event", "place", "start", "end", "time_zone"]}),
        (
            "Abstract and links",
            {"fields": ["abstract", "preview", "slides_url", "video_url", "recording_url"]},
        ),
        ("Papers", {"fields": ["papers"]}),
        ("Record", {"fields": ["created", "updated"]}),
    ]

    def own_rows(self, queryset, person):
        # A person speaks once per talk (a constraint): no duplicates.
        return queryset.filter(speakers__person=person)

    def has_add_permission(self, request):
        return super().has_add_permission(request) or self.restricted_person(request) is not None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = self.restricted_person(request)
        talk = form.instance
        if person is not None and not talk.speakers.filter(person=person).exists():
            # A member's talk is one they give, whatever the form said.
            last = talk.speakers.aggregate(last=Max("order"))["last"]
            TalkSpeaker.objects.create(talk=talk, person=person, order=(last or 0) + 1)

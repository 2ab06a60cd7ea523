"""Admin of open positions: editors (model permissions) add, publish and close them."""

from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from config.admin_mixins import MarkdownPreviewMixin
from config.models import Opening


class OpenNowFilter(admin.SimpleListFilter):
    title = "accepting applications"
    parameter_name = "open_now"

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No (closed or past the deadline)")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.open()
        if self.value() == "no":
            return queryset.closed()
        return queryset


@admin.register(Opening)
class OpeningAdmin(MarkdownPreviewMixin, SimpleHistoryAdmin):
    markdown_field = "description"

    list_display = ["title", "kind", "deadline", "open_now", "is_published", "updated"]
    list_filter = [OpenNowFilter, "kind", "is_published"]
    search_fields = ["title", "slug", "location", "description"]
    list_select_related = []
    date_hierarchy = "deadline"
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "location", "description", "preview"]}),
        ("Applications", {"fields": ["deadline", "how_to_apply", "apply_url", "apply_email"]}),
        ("Visibility", {"fields": ["is_open", "is_published"]}),
    ]
    actions = ["close_expired"]

    def get_object(self, request, object_id, from_field=None):
        # A row past its deadline shows (and saves) as closed, whatever close_openings left.
        opening = super().get_object(request, object_id, from_field)
        if opening is not None:
            opening.is_open = opening.open_now
        return opening

    @admin.display(description="open", boolean=True)
    def open_now(self, opening):
        return opening.open_now

    @admin.action(
        description="Close the selected openings whose deadline has passed",
        permissions=["change"],
    )
    def close_expired(self, request, queryset):
        closed = queryset.close_expired()
        self.message_user(request, f"{closed} opening(s) closed.", messages.SUCCESS)

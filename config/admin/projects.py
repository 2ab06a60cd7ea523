"""Admin for projects: editors publish; members are ordered in an inline."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin_mixins import MarkdownPreviewMixin, PrimedAutocompleteInlineMixin
from config.models import Project, ProjectMember


class ProjectMemberInline(PrimedAutocompleteInlineMixin, admin.TabularInline):
    model = ProjectMember
    fields = ["order", "person", "role"]
    autocomplete_fields = ["person"]
    ordering = ["order", "pk"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(Project)
class ProjectAdmin(MarkdownPreviewMixin, SimpleHistoryAdmin):
    list_display = ["title", "start", "end", "published", "updated"]
    list_filter = ["published", "end"]  # "No date": ongoing
    list_select_related = []
    search_fields = ["title", "slug", "summary"]
    autocomplete_fields = ["papers"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ProjectMemberInline]
    actions = ["publish", "hide"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "body", "preview", "published"]}),
        ("Dates", {"fields": ["start", "end"]}),
        ("Image", {"fields": ["image", "image_alt"]}),
        ("Papers and links", {"fields": ["papers", "code_url", "website", "data_url"]}),
    ]

    @admin.action(description="Publish the selected projects", permissions=["change"])
    def publish(self, request, queryset):
        count = self.set_published(queryset, True)
        self.message_user(request, f"{count} project{'s' if count != 1 else ''} published.")

    @admin.action(description="Hide the selected projects", permissions=["change"])
    def hide(self, request, queryset):
        count = self.set_published(queryset, False)
        self.message_user(request, f"{count} project{'s' if count != 1 else ''} hidden.")

    @staticmethod
    def set_published(queryset, published: bool) -> int:
        """Saved one by one, so each change is kept in the history."""
        projects = list(queryset.exclude(published=published))
        for project in projects:
            project.published = published
            project.save(update_fields=["published", "updated"])
        return len(projects)

"""Admin for news. Editors (with the change permission) publish; a member (see
config/admin_mixins.py) writes drafts about themselves: they see and change only the items
that link their own Person, the items they add always link them, and they cannot publish."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin_mixins import MarkdownPreviewMixin, OwnRowsAdminMixin
from config.models import News


@admin.register(News)
class NewsAdmin(MarkdownPreviewMixin, OwnRowsAdminMixin, SimpleHistoryAdmin):
    list_display = ["title", "date", "is_published", "updated"]
    list_filter = ["is_published", ("date", admin.DateFieldListFilter)]
    list_select_related = []
    search_fields = ["title", "body"]
    date_hierarchy = "date"
    ordering = ["-date", "-pk"]
    autocomplete_fields = ["people", "papers", "projects"]
    readonly_fields = ["created", "updated"]
    member_readonly_fields = ("is_published",)
    fields = [
        "title",
        "slug",
        "date",
        "body",
        "preview",
        "image",
        "image_alt",
        "people",
        "papers",
        "projects",
        "is_published",
        "created",
        "updated",
    ]

    def own_rows(self, queryset, person):
        # One row per item and person in the link table: no duplicates.
        return queryset.filter(people=person)

    def has_add_permission(self, request):
        return super().has_add_permission(request) or self.restricted_person(request) is not None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        person = self.restricted_person(request)
        if person is not None:
            # A member's item is about them, whatever the form said.
            form.instance.people.add(person)

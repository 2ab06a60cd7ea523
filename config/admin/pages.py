"""The group's pages in the admin: ordered list, history, and a preview of the saved body."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from config.models import Page


@admin.register(Page)
class PageAdmin(SimpleHistoryAdmin):
    list_display = ["title", "slug", "order", "in_navigation", "is_published", "updated"]
    list_editable = ["order", "in_navigation", "is_published"]
    list_filter = ["is_published", "in_navigation"]
    search_fields = ["title", "slug", "body"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "created", "updated"]
    fields = ["title", "slug", "body", "preview", "order", "in_navigation", "is_published"]

    @admin.display(description="Preview (as saved)")
    def preview(self, page):
        if not page.pk:
            return "Save the page to see it rendered here."
        # body_html went through the allow-list sanitiser when the page was saved.
        return format_html('<div class="prose tex">{}</div>', mark_safe(page.body_html))

"""The group's pages in the admin: ordered list, history, and a Markdown preview."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.admin_mixins import MarkdownPreviewMixin
from config.models import Page


@admin.register(Page)
class PageAdmin(MarkdownPreviewMixin, SimpleHistoryAdmin):
    list_display = ["title", "slug", "order", "in_navigation", "is_published", "updated"]
    list_editable = ["order", "in_navigation", "is_published"]
    list_filter = ["is_published", "in_navigation"]
    search_fields = ["title", "slug", "body"]
    ordering = ["order", "title"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created", "updated"]
    fields = ["title", "slug", "body", "preview", "order", "in_navigation", "is_published"]

"""The group's pages in the admin: ordered list, history, and a Markdown preview."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from config.markdown import MAX_LENGTH, render_markdown
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

    class Media:
        js = ["js/markdown_preview.js"]

    @admin.display(description="Preview")
    def preview(self, page):
        # body_html went through the allow-list sanitiser when the page was saved.
        return format_html(
            '<div id="page-preview" class="prose tex">{}</div>'
            '<button type="button" data-markdown-preview="{}" data-field="id_body" '
            'data-target="page-preview">Preview the text as written</button>',
            mark_safe(page.body_html) if page.pk else "",
            reverse("admin:site_page_preview"),
        )

    def get_urls(self):
        preview = path(
            "preview/",
            self.admin_site.admin_view(require_POST(self.preview_view)),
            name="site_page_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request):
        """The posted Markdown rendered as the page would be (nothing is saved)."""
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        body = request.POST.get("body", "")[:MAX_LENGTH]
        return JsonResponse({"html": render_markdown(body)})

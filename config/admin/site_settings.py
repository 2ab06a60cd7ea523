"""The site settings in the admin: one row, never added, never deleted."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from config.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SimpleHistoryAdmin):
    fieldsets = [
        ("The group", {"fields": ["name", "short_name", "tagline", "intro"]}),
        ("Images", {"fields": ["logo", "favicon", "social_image"]}),
        ("Contact", {"fields": ["email", "address"]}),
        ("Links", {"fields": list(SiteSettings.LINK_FIELDS)}),
        ("Footer", {"fields": ["footer", "funding"]}),
    ]

    def has_add_permission(self, request):
        # The row is created with defaults when the list is first opened; an add form would
        # cost every admin page a query to know whether the row exists.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # The list always shows the one row, created with defaults on the first visit.
        if self.has_change_permission(request):
            SiteSettings.load()
        return super().changelist_view(request, extra_context)

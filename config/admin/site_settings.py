"""The site settings in the admin: one row, never added twice, never deleted."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
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
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list is its form (the add form until the row exists).
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        if SiteSettings.objects.filter(pk=1).exists():
            return redirect(reverse("admin:site_sitesettings_change", args=[1]))
        return redirect(reverse("admin:site_sitesettings_add"))

"""Admin for the site settings: one row, opened straight from the admin's index."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from reviews.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    autocomplete_fields = ["logo"]
    fieldsets = [
        ("The site", {"fields": ["name", "tagline", "logo", "social_profiles"]}),
        ("Where to watch", {"fields": ["default_region"]}),
        (
            "Ratings",
            {
                "fields": ["rating_points", "rating_step"],
                "description": "Ratings are kept out of 10 with one decimal, so "
                "changing the scale changes how they are typed and shown, never "
                "what was stored: 8/10 shows as 4 stars or 80/100.",
            },
        ),
    ]

    def has_add_permission(self, request):
        return False  # the one row is made when the settings are first opened

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_or_change_permission(request):
            return super().changelist_view(request, extra_context)
        SiteSettings.objects.get_or_create(pk=1)
        return HttpResponseRedirect(
            reverse("admin:reviews_sitesettings_change", args=[1])
        )

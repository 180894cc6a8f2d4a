"""Admin for the site settings: one row, added once and then changed."""

from django.contrib import admin

from heaven.image_chooser import ImageChooserAdminMixin
from reviews import site_settings
from reviews.models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(ImageChooserAdminMixin, admin.ModelAdmin):
    image_chooser_fields = ("logo",)
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
        # One row: added once, then changed.
        # The cached row (`site_settings.current()`): the admin asks on every
        # page, for its side bar.
        return (
            super().has_add_permission(request)
            and site_settings.current()._state.adding
        )

    def has_delete_permission(self, request, obj=None):
        return False

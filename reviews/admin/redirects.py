"""Admin for redirects from old review addresses."""

from django.contrib import admin

from reviews.models import (
    Redirect,
)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses (WordPress permalinks) that answer 301 with a review's page."""

    list_display = ["old_path", "review", "created_at"]
    list_select_related = ["review"]
    search_fields = ["old_path", "review__title"]
    autocomplete_fields = ["review"]

"""Admin for old addresses: to a review, to another address, or gone (410)."""

from django.contrib import admin

from reviews.models import Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    """Old addresses (WordPress permalinks, renamed rows, an editor's own) and what
    they answer. A rename adds its redirect here by itself."""

    list_display = ["old_path", "answers_with", "created_at"]
    list_filter = ["gone"]
    list_select_related = ["review"]
    search_fields = ["old_path", "target", "review__title"]
    autocomplete_fields = ["review"]
    fieldsets = [
        (None, {"fields": ["old_path"]}),
        ("Where it leads (one of the three)", {"fields": ["review", "target", "gone"]}),
    ]

    @admin.display(description="answers with")
    def answers_with(self, redirect: Redirect) -> str:
        return "410 Gone" if redirect.gone else redirect.destination()

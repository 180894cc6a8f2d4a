"""Admin for curated film lists and their entries."""

from django.contrib import admin
from reversion.admin import VersionAdmin

from heaven.edit_conflicts import EditConflictMixin
from heaven.editor import RichTextAdminMixin
from heaven.image_chooser import ImageChooserAdminMixin
from reviews.admin.pages import PublishingAdminMixin
from reviews.models import FilmList, ListEntry


class ListEntryInline(admin.TabularInline):
    model = ListEntry
    extra = 1
    fields = ["position", "film", "note", "review"]
    autocomplete_fields = ["film", "review"]
    ordering = ["position", "pk"]


@admin.register(FilmList)
class FilmListAdmin(
    PublishingAdminMixin,
    RichTextAdminMixin,
    ImageChooserAdminMixin,
    EditConflictMixin,
    VersionAdmin,
):
    list_display = ["title", "is_ranked", "status", "published_at", "updated_at"]
    list_filter = ["status", "is_ranked"]
    search_fields = ["title", "seo_description"]
    autocomplete_fields = ["author"]
    image_chooser_fields = ("hero",)
    prepopulated_fields = {"slug": ["title"]}
    rich_text_fields = ("intro",)
    inlines = [ListEntryInline]
    fieldsets = [
        (None, {"fields": ["title", "slug", "author", "intro", "is_ranked", "hero"]}),
        ("Search and sharing", {"fields": ["seo_title", "seo_description"]}),
        (
            "Publishing",
            {
                "fields": ["status", "published_at"],
                "description": "A scheduled list appears at its publish time. "
                "Only editors publish.",
            },
        ),
    ]

"""Admin for films, their credits and genres."""

from django.contrib import admin
from django.db.models import Count
from reversion.admin import VersionAdmin

from heaven.edit_conflicts import EditConflictMixin
from reviews.admin.watch import WatchOptionInline
from reviews.library.admin import thumbnail as library_thumbnail
from reviews.models import (
    Credit,
    Film,
    Genre,
)


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["person", "role", "character", "billing_order", "credited_as"]
    autocomplete_fields = ["person", "credited_as"]

    def get_queryset(self, request):
        # Each row's label names its film and person.
        return (
            super()
            .get_queryset(request)
            .select_related("film", "person", "credited_as")
        )


@admin.register(Film)
class FilmAdmin(EditConflictMixin, VersionAdmin):
    """Films keep versions too, with their credits and watch options (the inlines),
    so a bad edit to a cast list can be undone from History."""

    list_display = [
        "title",
        "year",
        "kind",
        "original_title",
        "runtime_minutes",
        "review_count",
    ]
    list_filter = ["kind", "genres"]
    # Stated here because the review count's GROUP BY hides the model's own ordering.
    ordering = ["title", "year"]
    search_fields = ["title", "original_title", "imdb_id"]
    prepopulated_fields = {"slug": ["title", "year"]}
    filter_horizontal = ["genres"]
    inlines = [CreditInline, WatchOptionInline]
    # The library's search finds a poster by its alt text; "+" uploads a new one.
    autocomplete_fields = ["poster"]
    readonly_fields = ["created_at", "updated_at", "poster_preview"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "original_title", "slug", "kind", "year", "logline"]},
        ),
        (
            "Facts",
            {
                "fields": [
                    "release_date",
                    "runtime_minutes",
                    "countries",
                    "languages",
                    "genres",
                ]
            },
        ),
        ("Poster", {"fields": ["poster", "poster_preview"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        # An aggregate drops Meta.ordering; say it again so that lists and the
        # autocomplete page through films in a stable order.
        return (
            super()
            .get_queryset(request)
            .annotate(review_total=Count("reviews"))
            .order_by(*Film._meta.ordering, "pk")
        )

    @admin.display(description="Reviews", ordering="review_total")
    def review_count(self, film):
        return film.review_total

    @admin.display(description="Saved poster")
    def poster_preview(self, film):
        return library_thumbnail(film.poster, width=120)


@admin.register(Credit)
class CreditAdmin(admin.ModelAdmin):
    list_display = [
        "film",
        "person",
        "role",
        "character",
        "billing_order",
        "credited_as",
    ]
    list_filter = ["role"]
    list_select_related = ["film", "person", "credited_as"]
    search_fields = [
        "film__title",
        "person__name",
        "person__aliases__name",
        "character",
    ]
    autocomplete_fields = ["film", "person", "credited_as"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

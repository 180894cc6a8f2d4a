from django.contrib import admin
from django.db.models import Count

from reviews.models import (
    ContentWarning,
    Credit,
    Film,
    Genre,
    Provider,
    Review,
    WatchOption,
)


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 1
    fields = ["person", "role", "character", "billing_order", "credited_as"]
    autocomplete_fields = ["person", "credited_as"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "credited_as")


class WatchOptionInline(admin.TabularInline):
    model = WatchOption
    extra = 1
    fields = [
        "provider",
        "region",
        "kind",
        "available_from",
        "available_until",
        "link",
        "note",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("provider")


@admin.register(Film)
class FilmAdmin(admin.ModelAdmin):
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
    readonly_fields = ["created_at", "updated_at"]
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
        ("Poster", {"fields": ["poster", "poster_alt"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(review_total=Count("reviews"))

    @admin.display(description="Reviews", ordering="review_total")
    def review_count(self, film):
        return film.review_total


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


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "homepage"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(WatchOption)
class WatchOptionAdmin(admin.ModelAdmin):
    list_display = [
        "film",
        "provider",
        "region",
        "kind",
        "available_from",
        "available_until",
    ]
    list_filter = ["provider", "kind", "region"]
    list_select_related = ["film", "provider"]
    search_fields = ["film__title", "provider__name"]
    autocomplete_fields = ["film", "provider"]
    date_hierarchy = "available_from"


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(ContentWarning)
class ContentWarningAdmin(admin.ModelAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "film",
        "author",
        "status",
        "published_at",
        "rating",
        "updated_at",
    ]
    list_filter = ["status", "author", "has_spoilers", "content_warnings"]
    list_select_related = ["film", "author"]
    search_fields = ["title", "film__title", "film__original_title", "excerpt"]
    autocomplete_fields = ["film", "author", "related_reviews"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["content_warnings"]
    date_hierarchy = "published_at"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "film", "author", "status", "published_at"]},
        ),
        (
            "The review",
            {"fields": ["excerpt", "body", "verdict", "rating", "has_spoilers"]},
        ),
        ("Hero image", {"fields": ["hero_image", "hero_alt", "hero_credit"]}),
        (
            "Tags and warnings",
            {"fields": ["tags", "content_warnings", "related_reviews"]},
        ),
        (
            "Search engines",
            {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]},
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("tags")

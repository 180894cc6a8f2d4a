"""Admin for the seasons and episodes of a series.

A season's form lists its episodes inline (a season has tens, not hundreds); an
episode's form holds its guest stars and crew. Regulars are credited on the
series itself, in the credits list (`reviews.admin.films.CreditAdmin`)."""

from django.contrib import admin

from reviews.models import Credit, Episode, Season


class EpisodeInline(admin.TabularInline):
    model = Episode
    extra = 1
    fields = ["number", "title", "air_date", "runtime_minutes", "imdb_id", "tmdb_id"]
    show_change_link = True


@admin.register(Season)
class SeasonAdmin(admin.ModelAdmin):
    list_display = ["__str__", "number", "air_date", "episode_count"]
    list_select_related = ["series"]
    list_filter = ["series"]
    search_fields = ["series__title", "series__original_title", "title"]
    autocomplete_fields = ["series", "poster"]
    ordering = ["series__title", "number"]
    inlines = [EpisodeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("episodes")

    @admin.display(description="Episodes")
    def episode_count(self, season):
        return len(season.episodes.all())


class GuestCreditInline(admin.TabularInline):
    """The episode's own cast (guest stars) and crew; the series and season are
    filled from the episode on save."""

    model = Credit
    fk_name = "episode"
    extra = 1
    fields = ["person", "role", "character", "billing_order", "credited_as"]
    autocomplete_fields = ["person", "credited_as"]
    verbose_name = "guest star or episode crew"
    verbose_name_plural = "guest stars and episode crew"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("film", "episode__season", "person", "credited_as")
        )


@admin.register(Episode)
class EpisodeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "air_date", "runtime_minutes"]
    list_select_related = ["season__series"]
    list_filter = ["season__series"]
    search_fields = [
        "title",
        "season__series__title",
        "season__series__original_title",
        "imdb_id",
    ]
    autocomplete_fields = ["season", "still"]
    ordering = ["season__series__title", "season__number", "number"]
    inlines = [GuestCreditInline]
    fieldsets = [
        (None, {"fields": ["season", "number", "title", "synopsis"]}),
        ("Facts", {"fields": ["air_date", "runtime_minutes", "still"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id"]}),
    ]

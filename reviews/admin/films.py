"""Admin for films, their credits and genres.

A film's credits are edited in the credits list, filtered by film, not in the
film's form: a cast of hundreds would make the form thousands of fields (Django
refuses over 1,000) and slow to open, and a long inline would save back every
row it showed over anyone's edit made since. A new film's form has the inline,
for its first credits."""

import reversion
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from heaven.edit_conflicts import EditConflictMixin
from heaven.image_chooser import ImageChooserAdminMixin
from reviews import subject_locks
from reviews.admin.watch import WatchOptionInline
from reviews.library.admin import thumbnail as library_thumbnail
from reviews.models import (
    Credit,
    Film,
    Genre,
    WatchOption,
)

# A film's versions hold its own fields and its watch options, not its credits:
# credits are edited in their own list, with their own versions, so restoring a
# film never undoes a credit edited since (and saving a film with a cast of
# hundreds does not copy every credit into a version).
for model, follow in [(WatchOption, ()), (Film, ("watch_options",))]:
    if not reversion.is_registered(model):
        reversion.register(model, follow=follow)


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
class FilmAdmin(ImageChooserAdminMixin, EditConflictMixin, VersionAdmin):
    """Films keep versions too, with their watch options, so a bad edit can be
    undone from History; each credit keeps its own (CreditAdmin). A film a
    published review shows opens read-only for writers (reviews/subject_locks.py)."""

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return not subject_locks.film_locked_for(request.user, obj)

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
    image_chooser_fields = ("poster",)
    readonly_fields = ["created_at", "updated_at", "poster_preview", "cast_and_crew"]
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
        ("Cast and crew", {"fields": ["cast_and_crew"]}),
        ("Poster and trailer", {"fields": ["poster", "poster_preview", "trailer_url"]}),
        ("External ids", {"fields": ["imdb_id", "tmdb_id"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_inlines(self, request, obj):
        if obj is None:
            return self.inlines
        return [inline for inline in self.inlines if inline is not CreditInline]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # the inline below takes the first credits
            return [fs for fs in fieldsets if fs[0] != "Cast and crew"]
        return fieldsets

    @admin.display(description="Credits")
    def cast_and_crew(self, film):
        count = Credit.objects.filter(film=film).count()
        credits_url = reverse("admin:reviews_credit_changelist")
        return format_html(
            '<a href="{}?film__id__exact={}">Edit the {} credit{} of this film</a>'
            ' · <a href="{}?film={}">Add a credit</a>',
            credits_url,
            film.pk,
            count,
            "" if count == 1 else "s",
            reverse("admin:reviews_credit_add"),
            film.pk,
        )

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
class CreditAdmin(VersionAdmin):
    """Every credit; a film's cast is this list filtered by film (the link on
    the film's page), 100 a page, with role, character and billing editable."""

    list_display = [
        "person",
        "film",
        "season",
        "episode",
        "role",
        "character",
        "billing_order",
        "credited_as",
    ]
    list_editable = ["role", "character", "billing_order"]
    list_per_page = 100
    ordering = ["film", "role", "billing_order", "pk"]
    list_filter = ["role"]
    list_select_related = [
        "film",
        "season__series",
        "episode__season__series",
        "person",
        "credited_as",
    ]
    search_fields = [
        "film__title",
        "person__name",
        "person__aliases__name",
        "character",
    ]
    autocomplete_fields = ["film", "season", "episode", "person", "credited_as"]


@admin.register(Genre)
class GenreAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

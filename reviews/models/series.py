"""Seasons and episodes of a series (a `Film` of kind series).

A series stays a `Film` row: its page, credits, reviews and where-to-watch are
the ones films have. Seasons and episodes hang under it by number, so their
addresses are the series' address plus `season-N/` and `episode-M/`."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from reviews.library.models import Image
from reviews.models.films import Film, imdb_title_id


class SeasonQuerySet(models.QuerySet):
    def of(self, series):
        return self.filter(series=series)

    def with_episodes(self):
        """Each season with its episodes in order, in two queries."""
        return self.prefetch_related(
            models.Prefetch("episodes", queryset=Episode.objects.order_by("number"))
        )


class Season(models.Model):
    series = models.ForeignKey(
        Film,
        on_delete=models.CASCADE,
        related_name="seasons",
        limit_choices_to={"kind": Film.Kind.SERIES},
        help_text="A film whose type is Series.",
    )
    # Season 0 is what TMDb calls specials.
    number = models.PositiveSmallIntegerField(help_text="0 for specials.")
    title = models.CharField(
        max_length=250, blank=True, help_text="Empty means “Season N”."
    )
    air_date = models.DateField(
        null=True, blank=True, help_text="When its first episode aired."
    )
    synopsis = models.TextField(blank=True, help_text="No spoilers.")
    poster = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="poster_of_seasons",
        help_text="From the image library.",
    )
    tmdb_id = models.PositiveIntegerField("TMDb id", null=True, blank=True)

    objects = SeasonQuerySet.as_manager()

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "number"],
                name="season_unique_number",
                violation_error_message="This series already has a season with "
                "this number.",
            ),
            models.UniqueConstraint(
                fields=["tmdb_id"],
                condition=Q(tmdb_id__isnull=False),
                name="season_unique_tmdb_id",
                violation_error_message="Another season already has this TMDb id.",
            ),
        ]

    def __str__(self):
        return f"{self.series.title}: {self.label}"

    def get_absolute_url(self):
        # Under the series' page (the `reviews:season` route), without a
        # `reverse()` per row: a series page links every season and episode.
        return f"{self.series.get_absolute_url()}season-{self.number}/"

    @property
    def label(self) -> str:
        if self.title:
            return self.title
        return "Specials" if self.number == 0 else f"Season {self.number}"

    def clean(self):
        if self.series_id and self.series.kind != Film.Kind.SERIES:
            raise ValidationError({"series": "Choose a film whose type is Series."})


class EpisodeQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("season__number", "number")

    def before(self, episode):
        """Episodes that come before `episode` in its series, across seasons."""
        number = episode.season.number
        return self.filter(
            Q(season__number__lt=number)
            | Q(season__number=number, number__lt=episode.number)
        )

    def after(self, episode):
        number = episode.season.number
        return self.filter(
            Q(season__number__gt=number)
            | Q(season__number=number, number__gt=episode.number)
        )


class Episode(models.Model):
    season = models.ForeignKey(
        Season, on_delete=models.CASCADE, related_name="episodes"
    )
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Its number within the season."
    )
    title = models.CharField(max_length=250)
    air_date = models.DateField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    synopsis = models.TextField(blank=True, help_text="No spoilers.")
    still = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="still_of",
        help_text="A frame from the episode, from the image library.",
    )
    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, validators=[imdb_title_id]
    )
    tmdb_id = models.PositiveIntegerField("TMDb id", null=True, blank=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = ["season", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["season", "number"],
                name="episode_unique_number",
                violation_error_message="This season already has an episode with "
                "this number.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1), name="episode_number_positive"
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="episode_runtime_positive",
            ),
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~Q(imdb_id=""),
                name="episode_unique_imdb_id",
                violation_error_message="Another episode already has this IMDb id.",
            ),
            models.UniqueConstraint(
                fields=["tmdb_id"],
                condition=Q(tmdb_id__isnull=False),
                name="episode_unique_tmdb_id",
                violation_error_message="Another episode already has this TMDb id.",
            ),
        ]

    def __str__(self):
        return f"{self.season.series.title} {self.code}: {self.title}"

    def get_absolute_url(self):
        # The `reviews:episode` route, under its season's page.
        return f"{self.season.get_absolute_url()}episode-{self.number}/"

    @property
    def code(self) -> str:
        """S01E02, as listings and TV guides write it."""
        return f"S{self.season.number:02d}E{self.number:02d}"

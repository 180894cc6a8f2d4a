"""Films and series, their genres and credits."""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery

from heaven.links import slug_url
from heaven.slugs import SLUG_MAX_LENGTH, unique_slug
from people.models import Person, PersonAlias
from reviews import film_facts
from reviews.library.models import Image
from reviews.trailers import parse as parse_trailer
from reviews.trailers import validate_trailer_url

imdb_title_id = RegexValidator(
    r"^tt\d{7,9}$", "An IMDb title id looks like tt1234567 (tt and 7–9 digits)."
)
country_codes = RegexValidator(
    r"^([A-Z]{2})(,\s*[A-Z]{2})*$",
    "Two-letter country codes in capitals, separated by commas, e.g. KR, US.",
)
language_codes = RegexValidator(
    r"^([a-z]{2,3})(,\s*[a-z]{2,3})*$",
    "Two-letter language codes in lower case, separated by commas, e.g. ko, en.",
)


def split_codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True, allow_unicode=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self.name, queryset=Genre.objects.exclude(pk=self.pk), fallback="genre"
            )
        super().save(*args, **kwargs)


class FilmQuerySet(models.QuerySet):
    def with_facts(self):
        return self.prefetch_related("genres")


class Film(models.Model):
    class Kind(models.TextChoices):
        FILM = "film", "Film"
        SERIES = "series", "Series"

    title = models.CharField(max_length=250, help_text="The title readers know it by.")
    original_title = models.CharField(
        max_length=250,
        blank=True,
        help_text="The title in its own language, e.g. 발레리나.",
    )
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="Part of the page address. Leave empty to make one from title and year.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILM)
    year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1870), MaxValueValidator(2100)],
        help_text="Year of first release.",
    )
    release_date = models.DateField(null=True, blank=True)
    runtime_minutes = models.PositiveSmallIntegerField(
        "runtime (minutes)", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    countries = models.CharField(
        max_length=100, blank=True, validators=[country_codes], help_text="e.g. KR"
    )
    languages = models.CharField(
        max_length=100, blank=True, validators=[language_codes], help_text="e.g. ko"
    )
    logline = models.TextField(
        blank=True, help_text="One or two sentences, no spoilers."
    )
    # PROTECT: a picture that a page shows cannot vanish from the library by
    # accident; the admin's delete page lists where it is used.
    poster = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="poster_of",
        help_text="From the image library, which holds its alt text and credit. "
        "Use + to upload a new one.",
    )
    genres = models.ManyToManyField(Genre, blank=True, related_name="films")
    trailer_url = models.URLField(
        "trailer",
        blank=True,
        validators=[validate_trailer_url],
        help_text="A link to the trailer on YouTube or Vimeo. Readers see the "
        "poster with a play button; the video loads only when they click it.",
    )
    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, validators=[imdb_title_id]
    )
    tmdb_id = models.PositiveIntegerField("TMDb id", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilmQuerySet.as_manager()

    class Meta:
        ordering = ["title", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~Q(imdb_id=""),
                name="film_unique_imdb_id",
                violation_error_message="Another film already has this IMDb id.",
            ),
            models.UniqueConstraint(
                fields=["tmdb_id", "kind"],
                name="film_unique_tmdb_id",
                violation_error_message="Another film already has this TMDb id.",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1870, year__lte=2100),
                name="film_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(runtime_minutes__isnull=True) | Q(runtime_minutes__gt=0),
                name="film_runtime_positive",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="film_slug_not_empty"),
        ]
        indexes = [
            models.Index(fields=["title"], name="film_title_idx"),
            # The sitemap index asks for the newest change of each section.
            models.Index(fields=["-updated_at"], name="film_updated_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({self.year})" if self.year else self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            label = f"{self.title} {self.year}" if self.year else self.title
            self.slug = unique_slug(
                label, queryset=Film.objects.exclude(pk=self.pk), fallback="film"
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("reviews:film", self.slug)

    @property
    def country_list(self) -> list[str]:
        return split_codes(self.countries)

    @property
    def language_list(self) -> list[str]:
        return split_codes(self.languages)

    @property
    def trailer(self):
        """The trailer its link points at (`reviews.trailers`), or None."""
        return parse_trailer(self.trailer_url) if self.trailer_url else None

    @property
    def country_names(self) -> list[str]:
        return film_facts.country_names(self.country_list)

    @property
    def language_names(self) -> list[str]:
        return film_facts.language_names(self.language_list)


@dataclass(frozen=True)
class CreditLine:
    """A credit as the review page's facts box and JSON-LD show it: plain values
    from one query, no model rows (a film has dozens of credits)."""

    role: str
    credited_name: str
    character: str
    person_url: str


class CreditQuerySet(models.QuerySet):
    def lines(self) -> list[CreditLine]:
        """The credits in billing order as `CreditLine`s, in one query."""
        # The alias's name by a lookup per credit: a join made PostgreSQL hash the
        # whole alias table for the few credits that name one.
        alias_name = PersonAlias.objects.filter(pk=OuterRef("credited_as_id"))
        rows = (
            self.order_by("billing_order", "pk")
            .annotate(alias_name=Subquery(alias_name.values("name")[:1]))
            .values_list(
                "role",
                "character",
                "person__name",
                "person__slug",
                "alias_name",
            )
        )
        return [
            CreditLine(
                role,
                alias or name,
                character,
                slug_url("people:person", slug),
            )
            for role, character, name, slug, alias in rows
        ]

    def at_level(self, film, season=None, episode=None):
        """The credits a page about `film`, one `season` of it or one `episode`
        shows: the series' own (its regulars) and those of the season or episode."""
        level = Q(season__isnull=True, episode__isnull=True)
        if season is not None:
            level |= Q(season=season, episode__isnull=True)
        if episode is not None:
            level |= Q(episode=episode)
        return self.filter(level, film=film)

    def in_billing_order(self):
        """Credits as a film lists them: with the person and the name used."""
        return self.select_related("person", "credited_as").order_by(
            "billing_order", "pk"
        )

    def for_film_page(self):
        """Credits in billing order with each person's photo, for the cast grid."""
        return self.in_billing_order().select_related("person__photo")

    def filmography(self):
        """A person's credits, newest film first, each film with its published
        reviews in `film.public_reviews`."""
        return (
            self.select_related("film__poster", "credited_as")
            .prefetch_related(
                Prefetch(
                    "film__reviews",
                    # By label, as a foreign key names it: reviews are about films,
                    # so this module does not import theirs.
                    queryset=apps.get_model("reviews", "Review")
                    .objects.published()
                    .latest_first(),
                    to_attr="public_reviews",
                )
            )
            .order_by(
                F("film__release_date").desc(nulls_last=True),
                F("film__year").desc(nulls_last=True),
                "film__title",
                "billing_order",
            )
        )

    def grouped_by_role(self) -> list[tuple[str, list["Credit"]]]:
        return group_by_role(with_episode_counts(list(self)))


def with_episode_counts(credits: list["Credit"]) -> list["Credit"]:
    """A filmography's credits with one line per series role: a person's
    credits in the episodes of a series as one credit carrying `episode_count`
    and `years` ("12 episodes · 2022–2023"). A regular counts every episode of
    the series, a season's cast that season's. One query, for the episodes of
    the series among `credits`; films pass through untouched."""
    series_ids = {c.film_id for c in credits if c.film.kind == Film.Kind.SERIES}
    if not series_ids:
        return credits
    episodes = (
        apps.get_model("reviews", "Episode")
        .objects.filter(season__series_id__in=series_ids)
        .values_list("pk", "season_id", "season__series_id", "air_date")
    )
    by_level: dict[tuple[str, int], list] = {}
    for pk, season_id, series_id, air_date in episodes:
        for level in (("episode", pk), ("season", season_id), ("film", series_id)):
            by_level.setdefault(level, []).append((pk, air_date))
    lines: dict[tuple, Credit] = {}
    for credit in credits:
        if credit.film.kind != Film.Kind.SERIES:
            lines[("credit", credit.pk)] = credit
            continue
        if credit.episode_id:
            level = ("episode", credit.episode_id)
        elif credit.season_id:
            level = ("season", credit.season_id)
        else:
            level = ("film", credit.film_id)
        key = (credit.film_id, credit.role, credit.character)
        line = lines.setdefault(key, credit)
        if line is credit:
            credit.episode_rows = {}
        line.episode_rows.update(by_level.get(level, ()))
    for line in lines.values():
        rows = getattr(line, "episode_rows", None)
        if rows is None:
            continue
        line.episode_count = len(rows)
        years = sorted({day.year for day in rows.values() if day})
        line.years = (
            ""
            if not years
            else str(years[0])
            if years[0] == years[-1]
            else f"{years[0]}–{years[-1]}"
        )
    return list(lines.values())


def group_by_role(credits) -> list[tuple[str, list["Credit"]]]:
    """[(role label, credits)] in the order a credit block reads: director,
    writer, cast, then the crew. Keeps the order of `credits` within a role."""
    groups: dict[str, list[Credit]] = {role: [] for role in Credit.Role.values}
    for credit in credits:
        groups[credit.role].append(credit)
    labels = dict(Credit.Role.choices)
    return [(labels[role], items) for role, items in groups.items() if items]


class Credit(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", "Director"
        WRITER = "writer", "Writer"
        CAST = "cast", "Cast"
        CREATOR = "creator", "Creator"
        PRODUCER = "producer", "Producer"
        CINEMATOGRAPHER = "cinematographer", "Cinematographer"
        COMPOSER = "composer", "Composer"
        EDITOR = "editor", "Editor"

    # For a series, `film` is the series; a credit in one season or episode names
    # it too (regulars are credited on the series, guest stars on an episode), so
    # a person's filmography and a series' cast read one table by `film`.
    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
    season = models.ForeignKey(
        "reviews.Season",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
        help_text="Only for a credit in one season of a series.",
    )
    episode = models.ForeignKey(
        "reviews.Episode",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credits",
        help_text="Only for a guest star or crew of one episode; fills the season.",
    )
    # A person with credits cannot vanish by accident: merge them instead.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credits")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CAST)
    character = models.CharField(
        max_length=200, blank=True, help_text="For cast, e.g. Ok-ju."
    )
    billing_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers are listed first."
    )
    credited_as = models.ForeignKey(
        PersonAlias,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credits",
        help_text="Only if this film credits the person under one of their aliases.",
    )

    objects = CreditQuerySet.as_manager()

    class Meta:
        ordering = ["film", "role", "billing_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["film", "person", "role", "character"],
                condition=Q(season__isnull=True, episode__isnull=True),
                name="credit_unique_per_film_person_role",
                violation_error_message="This person already has that credit on this film.",
            ),
            models.UniqueConstraint(
                fields=["season", "person", "role", "character"],
                condition=Q(season__isnull=False, episode__isnull=True),
                name="credit_unique_per_season_person_role",
                violation_error_message="This person already has that credit in "
                "this season.",
            ),
            models.UniqueConstraint(
                fields=["episode", "person", "role", "character"],
                condition=Q(episode__isnull=False),
                name="credit_unique_per_episode_person_role",
                violation_error_message="This person already has that credit in "
                "this episode.",
            ),
            # An episode's credit names its season, so a season's credits are one
            # filter by season.
            models.CheckConstraint(
                condition=Q(episode__isnull=True) | Q(season__isnull=False),
                name="credit_episode_names_season",
            ),
        ]
        indexes = [
            models.Index(
                fields=["film", "role", "billing_order"], name="credit_film_role_idx"
            ),
            models.Index(fields=["person", "role"], name="credit_person_role_idx"),
        ]

    def __str__(self):
        label = f"{self.person} – {self.get_role_display()}"
        return f"{label} ({self.character})" if self.character else label

    def save(self, *args, **kwargs):
        fill_series_levels(self)
        super().save(*args, **kwargs)

    def clean(self):
        check_series_levels(self)
        fill_series_levels(self)
        if (
            self.credited_as_id
            and self.person_id
            and self.credited_as.person_id != self.person_id
        ):
            raise ValidationError(
                {"credited_as": "Choose one of this person's own aliases."}
            )

    @property
    def credited_name(self) -> str:
        return self.credited_as.name if self.credited_as_id else self.person.name

    @property
    def person_url(self) -> str:
        return self.person.get_absolute_url()


def fill_series_levels(row) -> None:
    """A row about an episode or season (a credit, a review) also names the
    season and series above it, so each level is one filter. The episode wins:
    it is what the writer picked last and most precisely."""
    if row.episode_id:
        row.season = row.episode.season
    if row.season_id:
        row.film = row.season.series


def check_series_levels(row) -> None:
    """A form's error when the picked film, season and episode disagree."""
    if row.episode_id and row.season_id and row.episode.season_id != row.season_id:
        raise ValidationError({"episode": "Choose an episode of the chosen season."})
    if row.season_id and row.film_id and row.season.series_id != row.film_id:
        raise ValidationError({"season": "Choose a season of the chosen series."})

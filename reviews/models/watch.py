"""Where to watch: providers and the options a film has with them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from heaven.links import slug_url
from heaven.slugs import unique_slug
from heaven.uploads import CheckedImageField
from reviews.models.films import Film
from reviews.watch import windows as watch_windows
from reviews.watch.regions import regions_seen_from, validate_region

# /watch/feed/ is the feed of every provider, so no provider may be called that.
RESERVED_PROVIDER_SLUGS = {"feed"}


class Provider(models.Model):
    class Kind(models.TextChoices):
        STREAMING = "streaming", "Streaming service"
        CINEMA = "cinema", "Cinemas"
        TV = "tv", "TV channel"
        STORE = "store", "Digital store"
        PHYSICAL = "physical", "DVD / Blu-ray"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STREAMING)
    homepage = models.URLField(blank=True)
    logo = CheckedImageField(upload_to="providers/", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""), name="provider_slug_not_empty"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self.name,
                queryset=Provider.objects.exclude(pk=self.pk),
                fallback="provider",
            )
            if self.slug in RESERVED_PROVIDER_SLUGS:
                self.slug = unique_slug(
                    f"{self.name} provider",
                    queryset=Provider.objects.exclude(pk=self.pk),
                    fallback="provider",
                )
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("reviews:provider", self.slug)

    def clean(self):
        if self.slug in RESERVED_PROVIDER_SLUGS:
            raise ValidationError(
                {"slug": f"/watch/{self.slug}/ is taken by the site; choose another."}
            )


class WatchOptionQuerySet(models.QuerySet):
    def with_provider(self):
        return self.select_related("provider")

    def for_region(self, region: str):
        """What a reader in `region` may see: that region's options and the
        worldwide ones (reviews.watch.regions)."""
        return self.filter(region__in=regions_seen_from(region))

    def covering(self, season_number: int):
        """The options that carry season `season_number` of a series (those
        without seasons carry every one)."""
        return self.filter(
            Q(first_season__isnull=True) | Q(first_season__lte=season_number),
            Q(last_season__isnull=True) | Q(last_season__gte=season_number),
        )

    def same_window_key(self, option: "WatchOption"):
        """The other options sharing `option`'s film, provider, region and kind:
        the ones whose windows must not overlap its own."""
        return self.filter(
            film_id=option.film_id,
            provider_id=option.provider_id,
            region=option.region,
            kind=option.kind,
        ).exclude(pk=option.pk)


class WatchOption(models.Model):
    class Kind(models.TextChoices):
        SUBSCRIPTION = "subscription", "Subscription"
        FREE = "free", "Free with ads"
        RENT = "rent", "Rent"
        BUY = "buy", "Buy"
        CINEMA = "cinema", "In cinemas"
        PHYSICAL = "physical", "DVD / Blu-ray"

    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, related_name="watch_options"
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="watch_options"
    )
    region = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_region],
        help_text="Two-letter country code such as US or KR; empty means worldwide.",
    )
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.SUBSCRIPTION
    )
    available_from = models.DateField(
        null=True, blank=True, help_text="The first day it can be watched there."
    )
    available_until = models.DateField(
        null=True,
        blank=True,
        help_text="The day it leaves; empty if no end is announced.",
    )
    # For a series: which seasons this option carries ("Season 2 on Netflix
    # from 7 November 2025"); both empty means the whole series, or a film.
    first_season = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For a series: the first season it carries."
    )
    last_season = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="For a series: the last season it carries; empty means every "
        "season from the first.",
    )
    link = models.URLField(blank=True)
    note = models.CharField(max_length=200, blank=True)

    objects = WatchOptionQuerySet.as_manager()

    class Meta:
        ordering = ["film", "provider__name", "region"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gt=F("available_from")),
                name="watch_option_dates_in_order",
                violation_error_message="It must leave after the day it arrives.",
            ),
            models.CheckConstraint(
                condition=Q(first_season__isnull=True)
                | Q(last_season__isnull=True)
                | Q(last_season__gte=F("first_season")),
                name="watch_option_seasons_in_order",
                violation_error_message="The last season cannot come before the first.",
            ),
            models.UniqueConstraint(
                fields=["film", "provider", "region", "kind", "available_from"],
                name="watch_option_unique_window",
                violation_error_message="This film already has that option.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["provider", "available_from"], name="watch_provider_from_idx"
            ),
            models.Index(
                fields=["provider", "available_until"], name="watch_provider_until_idx"
            ),
        ]

    # The film's inline formset checks every row against the others at once (an
    # edit may move two windows together), so it turns this check off per row.
    check_saved_overlaps = True

    def __str__(self):
        region = self.region or "worldwide"
        return f"{self.film} on {self.provider} ({region}, {self.get_kind_display()})"

    def clean(self):
        if (
            self.available_from
            and self.available_until
            and self.available_until <= self.available_from
        ):
            raise ValidationError(
                {"available_until": "It must leave after the day it arrives."}
            )
        if self.check_saved_overlaps and self.film_id and self.provider_id:
            clash = next(
                (
                    other
                    for other in WatchOption.objects.same_window_key(self)
                    if watch_windows.seasons_overlap(
                        self.first_season,
                        self.last_season,
                        other.first_season,
                        other.last_season,
                    )
                    and watch_windows.overlap(
                        self.available_from,
                        self.available_until,
                        other.available_from,
                        other.available_until,
                    )
                ),
                None,
            )
            if clash is not None:
                raise ValidationError(overlap_message(clash))

    @property
    def seasons_label(self) -> str:
        """ "Season 2", "Seasons 1–3", "Seasons 2 onwards", or "" for all."""
        first, last = self.first_season, self.last_season
        if first is None and last is None:
            return ""
        if first == last:
            return f"Season {first}"
        if last is None:
            return f"Seasons {first} onwards"
        return f"Seasons {first or 1}–{last}"

    def window(self) -> str:
        return watch_windows.describe(self.available_from, self.available_until)


def overlap_message(other: WatchOption) -> str:
    return (
        f"Its dates overlap another option for the same provider, region and kind "
        f"({other.window()}). Change the dates, or edit that option instead."
    )

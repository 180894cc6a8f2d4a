from dataclasses import dataclass
from decimal import Decimal

import nh3
import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from heaven.editor import as_editor_markup
from heaven.links import slug_url
from heaven.slugs import SLUG_MAX_LENGTH, unique_slug
from heaven.uploads import CheckedImageField
from people.models import Author, Person, PersonAlias
from reviews import watch_windows
from reviews.library import Image
from reviews.regions import regions_seen_from, validate_region

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

# Review bodies are written in the admin and imported from WordPress; only markup a
# review needs survives, so a pasted <script> or onclick never reaches a reader.
# What the editor (`heaven.editor.EXTENSIONS`) makes, and no more, so editing a
# body never drops what a save kept; <cite> and <q> become the editor's
# equivalents (`heaven.editor.as_editor_markup`).
ALLOWED_BODY_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "a", "ul",
    "ol", "li", "blockquote", "figure", "figcaption", "img", "hr", "cite", "q",
    "sup", "sub",
}  # fmt: skip
ALLOWED_BODY_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height"},
}
# Class names by tag, one by one (never `class` as a whole): the editor's spoiler
# and the classes its figures carry.
ALLOWED_BODY_CLASSES = {
    "blockquote": {"spoiler"},
    "figure": {"figure"},
    "figcaption": {"figure-caption"},
}


def sanitize_body(html: str) -> str:
    # nh3 leaves class="" where it removed every class (a WordPress block's); the
    # attribute means nothing, and the editor would not write it back.
    return as_editor_markup(sanitize_body_tags(html)).replace(' class=""', "")


def sanitize_body_tags(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_BODY_TAGS,
        attributes=ALLOWED_BODY_ATTRIBUTES,
        allowed_classes=ALLOWED_BODY_CLASSES,
        url_schemes={"http", "https", "mailto"},
        # Every link gets rel="noopener", whatever rel it came with. Set in place
        # (not nh3's link_rel, which strips and appends it), so the editor's
        # links, which it writes with rel="noopener" first, come back unchanged.
        link_rel=None,
        set_tag_attribute_values={"a": {"rel": "noopener"}},
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

    def in_billing_order(self):
        """Credits as a film lists them: with the person and the name used."""
        return self.select_related("person", "credited_as").order_by(
            "billing_order", "pk"
        )

    def filmography(self):
        """A person's credits, newest film first, each film with its published
        reviews in `film.public_reviews`."""
        return (
            self.select_related("film", "credited_as")
            .prefetch_related(
                Prefetch(
                    "film__reviews",
                    queryset=Review.objects.published().latest_first(),
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
        return group_by_role(self)


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

    film = models.ForeignKey(Film, on_delete=models.CASCADE, related_name="credits")
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
                name="credit_unique_per_film_person_role",
                violation_error_message="This person already has that credit on this film.",
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

    def clean(self):
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
        worldwide ones (reviews.regions)."""
        return self.filter(region__in=regions_seen_from(region))

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
                    if watch_windows.overlap(
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

    def window(self) -> str:
        return watch_windows.describe(self.available_from, self.available_until)


def overlap_message(other: WatchOption) -> str:
    return (
        f"Its dates overlap another option for the same provider, region and kind "
        f"({other.window()}). Change the dates, or edit that option instead."
    )


class ContentWarning(models.Model):
    name = models.CharField(max_length=80, unique=True, help_text="e.g. Animal harm")
    slug = models.SlugField(max_length=80, unique=True, allow_unicode=True, blank=True)
    description = models.CharField(max_length=250, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self.name,
                queryset=ContentWarning.objects.exclude(pk=self.pk),
                fallback="warning",
            )
        super().save(*args, **kwargs)


class ReviewQuerySet(models.QuerySet):
    def published(self):
        """What readers may see now: published, or scheduled and due. A scheduled
        review goes public at its time even before `publish_scheduled` runs."""
        return self.filter(
            status__in=[Review.Status.PUBLISHED, Review.Status.SCHEDULED],
            published_at__lte=timezone.now(),
        )

    def by(self, author):
        return self.filter(author=author)

    def for_film(self, film):
        return self.filter(film=film)

    def with_cards(self):
        return self.select_related("film", "author", "hero")

    def with_tag(self, slug: str):
        return self.filter(tags__slug=slug)

    def with_page(self):
        """Everything the review page shows but the credits (`Film.credits.lines`),
        in a constant number of queries: facts, where to watch, tags, warnings and
        published related reviews (in `public_related`; `related_rows` holds
        unpublished ones too, which a cached copy of the page depends on)."""
        return self.select_related(
            "film", "author", "author__photo", "hero"
        ).prefetch_related(
            "tags",
            "content_warnings",
            "film__genres",
            Prefetch(
                "film__watch_options",
                queryset=WatchOption.objects.with_provider(),
                to_attr="listed_watch_options",
            ),
            Prefetch(
                "related_reviews",
                queryset=Review.objects.select_related("film").only(
                    "slug", "title", "status", "published_at", "film__title"
                ),
                to_attr="related_rows",
            ),
        )

    def latest_first(self):
        return self.order_by("-published_at", "-pk")


# How many of an author's other reviews the box under a review lists.
LATEST_BY_AUTHOR = 5


class Review(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    RATING_MIN = Decimal("0")
    RATING_MAX = Decimal("10")

    film = models.ForeignKey(
        Film,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="May stay empty in an early draft; needed to publish.",
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="The byline; needed to publish.",
    )
    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="Part of the page address. Leave empty to make one from the title.",
    )
    excerpt = models.TextField(
        blank=True, help_text="The teaser on the home page and in search results."
    )
    body = models.TextField(
        blank=True, help_text="The review. Scripts are removed on save."
    )
    verdict = models.CharField(
        max_length=300,
        blank=True,
        help_text="One sentence a hurried reader takes away.",
    )
    rating = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)],
        help_text="From 0 to 10; empty for an unrated post.",
    )
    # PROTECT, as for a film's poster: deleting a picture in use is refused.
    hero = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of",
        verbose_name="hero image",
        help_text="From the image library, which holds its alt text and credit. "
        "Use + to upload a new one.",
    )
    tags = TaggableManager(blank=True)
    # The rows behind `tags`, so that versions (django-reversion) can follow them.
    tagged_items = GenericRelation(TaggedItem, related_query_name="review")
    content_warnings = models.ManyToManyField(
        ContentWarning, blank=True, related_name="reviews"
    )
    has_spoilers = models.BooleanField(
        default=False, help_text="Shows a spoiler notice above the review."
    )
    related_reviews = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        help_text="Shown as 'Our review of …' links.",
    )
    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="Empty means the title."
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="Empty means the excerpt.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes (or went) public. A scheduled review appears then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled by `import_wordpress` (reviews/wordpress.py); empty for reviews written here.
    needs_film = models.BooleanField(
        default=False,
        help_text="Imported without a film: attach one, then publish it again.",
    )
    original_image_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="The featured image on the old site, not copied yet. Fetch it, "
        "upload it as the hero image and empty this field.",
    )
    wordpress_site = models.CharField(
        max_length=200, blank=True, help_text="The WordPress site it was imported from."
    )
    wordpress_id = models.PositiveBigIntegerField(
        "WordPress post id", null=True, blank=True
    )
    wordpress_status = models.CharField(
        max_length=20, blank=True, help_text="Its state on WordPress, e.g. publish."
    )
    wordpress_checksum = models.CharField(max_length=64, blank=True, editable=False)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        permissions = [
            ("publish_review", "Can schedule, publish and unpublish reviews"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True)
                | Q(rating__gte=Decimal("0"), rating__lte=Decimal("10")),
                name="review_rating_in_range",
                violation_error_message="A rating runs from 0 to 10.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"])
                | Q(
                    published_at__isnull=False,
                    film__isnull=False,
                    author__isnull=False,
                ),
                name="review_public_needs_film_author_date",
                violation_error_message=(
                    "A scheduled or published review needs a film, an author "
                    "and a publish date."
                ),
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="review_slug_not_empty"),
            models.UniqueConstraint(
                fields=["wordpress_site", "wordpress_id"],
                condition=Q(wordpress_id__isnull=False),
                name="review_unique_wordpress_post",
                violation_error_message="This WordPress post is already imported.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="review_public_idx"),
            # The public lists read newest first and stop after a page: this lets
            # the database walk the index instead of sorting every published row.
            models.Index(fields=["-published_at", "-id"], name="review_newest_idx"),
            models.Index(fields=["-updated_at"], name="review_updated_idx"),
            models.Index(fields=["author", "-published_at"], name="review_author_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        from reviews import mentions

        self._fill_slug()
        self.body = mentions.refresh_addresses(self)
        self.body = sanitize_body(self.body)
        if self.film_id:
            # An imported review flagged for a missing film stops asking once it has one.
            self.needs_film = False
        super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            mentions.record(self)

    def get_absolute_url(self):
        return slug_url("reviews:review", self.slug)

    def clean(self):
        # Make the slug before validation, so that a form left with an empty slug
        # (the constraint forbids one) gets the one save() would make.
        self._fill_slug()

    def _fill_slug(self):
        if not self.slug:
            self.slug = unique_slug(
                self.title,
                queryset=Review.objects.exclude(pk=self.pk),
                fallback="review",
            )

    def is_published(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def public_related(self) -> list["Review"]:
        """The related reviews readers can open (loaded by `with_page()`)."""
        return [other for other in self.related_rows if other.is_published()]

    def touched_cache_tags(self) -> set[str]:
        """What a save or delete of this review retires (`heaven.cache_tags`): its
        own tag, and its author's only while it is among the reviews the author box
        on their other pages can list. An edit of a draft or of an old review
        leaves those pages alone."""
        from heaven.cache_tags import tag

        names = {tag(Review, self.pk)}
        if self.author_id:
            latest = (
                Review.objects.published()
                .by(self.author_id)
                .latest_first()
                .values_list("pk", flat=True)[: LATEST_BY_AUTHOR + 1]
            )
            if self.pk in latest:
                names.add(tag(Author, self.author_id))
        return names

    @property
    def public_body(self) -> str:
        """The body with mention links pointing at today's addresses."""
        from reviews.mentions import current_body

        return current_body(self)

    def missing_for_publishing(self) -> list[str]:
        from reviews.workflow import missing_for_publishing

        return missing_for_publishing(self)

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title

    @property
    def meta_description(self) -> str:
        return self.seo_description or self.excerpt


class ReviewTransitionQuerySet(models.QuerySet):
    def for_review(self, review):
        return self.filter(review=review)

    def with_people(self):
        return self.select_related("by")


class ReviewTransition(models.Model):
    """One line of the workflow's audit trail: who moved a review from which state
    to which, and when. Written only by `reviews.workflow`; never edited."""

    # An audit trail outlives what it audits: deleting a review leaves its lines
    # (no database constraint, nothing cascades), and recovering the review from
    # its versions (same id) joins them up again.
    review = models.ForeignKey(
        Review,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="transitions",
    )
    review_title = models.CharField(max_length=250)
    from_status = models.CharField(max_length=20, choices=Review.Status.choices)
    to_status = models.CharField(max_length=20, choices=Review.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review_transitions",
        help_text="Empty when a scheduled job made the change.",
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=250, blank=True)

    objects = ReviewTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        indexes = [
            models.Index(fields=["review", "-at"], name="transition_review_at_idx"),
            models.Index(fields=["-at"], name="transition_at_idx"),
        ]

    def __str__(self):
        return (
            f"{self.review_title}: {self.get_from_status_display()} → "
            f"{self.get_to_status_display()}"
        )


# Every save of a review through the admin keeps a version, with its tags; the
# audit trail is not versioned (it is history already).
reversion.register(Review, follow=["tagged_items"])
if not reversion.is_registered(TaggedItem):
    reversion.register(TaggedItem)


class RedirectQuerySet(models.QuerySet):
    def for_path(self, path: str):
        """The redirect for ``path``, with or without its trailing slash."""
        variants = {
            path,
            path.rstrip("/") or "/",
            path if path.endswith("/") else path + "/",
        }
        return self.filter(old_path__in=variants).select_related("review")

    def to_published(self):
        """Only redirects a reader may follow: an old link to a draft stays a plain
        404 rather than naming the draft's address."""
        return self.filter(review__in=Review.objects.published())


class Redirect(models.Model):
    """An old address (e.g. a WordPress permalink) that answers 301 with the review's
    current address, so inbound links survive a move and later slug changes."""

    old_path = models.CharField(
        max_length=500,
        unique=True,
        help_text="The path on the old site, e.g. /2023/10/ballerina-2023-review/.",
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(old_path__startswith="/"),
                name="redirect_old_path_absolute",
                violation_error_message="An old path starts with a slash.",
            ),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.review}"

    def get_absolute_url(self):
        return self.review.get_absolute_url()


class MentionQuerySet(models.QuerySet):
    def reviews_mentioning(self):
        """Published reviews these mentions sit in, newest first, one row each:
        a person's "Mentioned in" list (``person.mentions.reviews_mentioning()``)."""
        return (
            Review.objects.published()
            .filter(pk__in=self.values("review_id"))
            .select_related("film")
            .latest_first()
        )


class Mention(models.Model):
    """A link in a review's body to a person's or a film's page.

    The body keeps the link's address as it was written (`path`); the row keeps
    whom it means. Renaming a person or a film, or merging a duplicate person (the
    merge moves rows that point at the duplicate), changes the row's target, and
    `reviews.mentions` rewrites the address when the review is saved or shown.
    Rows are rebuilt from the body on every save of the review."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="mentions"
    )
    # A slug of 120 Hangul letters is over a thousand characters percent-encoded.
    path = models.CharField(max_length=2000, help_text="The address in the body.")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="mentions"
    )

    objects = MentionQuerySet.as_manager()

    class Meta:
        ordering = ["review", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, film__isnull=True)
                | Q(person__isnull=True, film__isnull=False),
                name="mention_one_target",
                violation_error_message="A mention names a person or a film.",
            ),
        ]

    def __str__(self):
        return f"{self.review}: {self.target}"

    def get_absolute_url(self):
        return self.target.get_absolute_url()

    @property
    def target(self):
        return self.person or self.film


class ReviewAutosave(models.Model):
    """The text of a review as it stood in one person's open form, saved every
    minute by the change form (static/desk/autosave.js) so that a closed tab
    loses at most a minute. Never the review itself: the review's row and its
    public page change only when the writer saves. One per review and person;
    a real save of the review clears it."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=250, blank=True)
    excerpt = models.TextField(blank=True)
    body = models.TextField(blank=True)
    verdict = models.CharField(max_length=300, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    # The fields the change form sends and a restore puts back.
    FIELDS = ("title", "excerpt", "body", "verdict")

    class Meta:
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "user"], name="autosave_one_per_review_and_user"
            ),
        ]

    def __str__(self):
        return f"Autosave of {self.review} at {self.saved_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.review.get_absolute_url()

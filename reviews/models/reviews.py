"""Reviews, their content warnings, workflow transitions and autosaves."""

from decimal import Decimal

import reversion
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from heaven.cache_tags import tag
from heaven.links import slug_url
from heaven.slugs import SLUG_MAX_LENGTH, unique_slug
from people.models import Author
from reviews.body_markup import sanitize_body
from reviews.library.models import Image
from reviews.models.films import Film, check_series_levels, fill_series_levels
from reviews.models.series import Episode, Season
from reviews.models.watch import WatchOption


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
            "film", "season", "episode__season", "author", "author__photo", "hero"
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
# The cache tag of every review page whose related reviews were chosen
# automatically (`reviews.related`): a published review's save touches it.
AUTOMATIC_RELATED = "reviews.related:automatic"


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
    # What the review is about is the most precise of film, season and episode:
    # a season or episode review names the series in `film` as well (filled on
    # save), so everything that follows a review's film (its facts, credits,
    # where to watch, the series' list of reviews, the filmography) keeps working
    # unchanged, and "about exactly one" is the constraint below.
    season = models.ForeignKey(
        Season,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="Only for a review of one season of the series.",
    )
    episode = models.ForeignKey(
        Episode,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        help_text="Only for a recap or review of one episode; fills season and series.",
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
    # Filled by `import_wordpress` (reviews/imports/wordpress/posts.py); empty for reviews written here.
    needs_film = models.BooleanField(
        default=False,
        help_text="Imported without a film: attach one, then publish it again.",
    )
    needs_title = models.BooleanField(
        default=False,
        help_text="Imported from an untitled post: its title was made from its first "
        "words or address. Write a real one, then untick this.",
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
            # Exactly one subject: an episode sits in a season, a season in a
            # series, never a season or episode without what holds it.
            models.CheckConstraint(
                condition=(Q(episode__isnull=True) | Q(season__isnull=False))
                & (Q(season__isnull=True) | Q(film__isnull=False)),
                name="review_subject_levels_nested",
                violation_error_message="A season or episode review names its "
                "series (and an episode review its season).",
            ),
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
        """Stores the review with a slug and a sanitized body. What other subjects
        do about a saved review (its mention rows, cache tags) lives in
        `reviews.receivers`."""
        self._fill_slug()
        self.body = sanitize_body(self.body)
        fill_series_levels(self)
        if self.film_id:
            # An imported review flagged for a missing film stops asking once it has one.
            self.needs_film = False
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("reviews:review", self.slug)

    def clean(self):
        # Make the slug before validation, so that a form left with an empty slug
        # (the constraint forbids one) gets the one save() would make.
        self._fill_slug()
        check_series_levels(self)
        fill_series_levels(self)

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
    def subject(self):
        """What the review is about: its episode, season or film (series)."""
        return self.episode or self.season or self.film

    @property
    def public_related(self) -> list["Review"]:
        """The related reviews readers can open (loaded by `with_page()`)."""
        return [other for other in self.related_rows if other.is_published()]

    def touched_cache_tags(self) -> set[str]:
        """What a save or delete of this review retires (`heaven.cache_tags`): its
        own tag, and its author's only while it is among the reviews the author box
        on their other pages can list. An edit of a draft or of an old review
        leaves those pages alone. A published review may now be the nearest
        to others, so it touches the pages that choose related reviews."""
        names = {tag(Review, self.pk)}
        if self.is_published():
            names.add(AUTOMATIC_RELATED)
        if self.episode_id and self.film_id:
            # The recaps before and after this one in its series link to it.
            names.add(tag(Film, self.film_id))
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
    based_on = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The review's version (its last save) that the form was loaded "
        "from, so restoring this text over a newer save is refused.",
    )

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

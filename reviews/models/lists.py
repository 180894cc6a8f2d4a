"""Curated lists of films ("The 25 best Korean thrillers"): ordered, optionally
ranked entries with a note each, published like reviews, shown with where to
watch each film today."""

import reversion
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone

from heaven.links import slug_url
from heaven.slugs import SLUG_MAX_LENGTH, unique_slug
from people.models import Author
from reviews.body_markup import sanitize_body
from reviews.library.models import Image
from reviews.models.films import Film
from reviews.models.reviews import Review
from reviews.models.watch import WatchOption


class FilmListQuerySet(models.QuerySet):
    def published(self):
        """What readers may see now, as for reviews and pages."""
        return self.filter(
            status__in=[FilmList.Status.PUBLISHED, FilmList.Status.SCHEDULED],
            published_at__lte=timezone.now(),
        )

    def with_entries(self):
        """Entries in order with their films, our published reviews of them and
        their where-to-watch options: a constant number of queries."""
        return self.select_related("hero", "author").prefetch_related(
            Prefetch(
                "entries",
                queryset=ListEntry.objects.select_related(
                    "film", "film__poster", "review"
                ).prefetch_related(
                    Prefetch(
                        "film__watch_options",
                        queryset=WatchOption.objects.with_provider(),
                        to_attr="listed_watch_options",
                    ),
                    Prefetch(
                        "film__reviews",
                        queryset=Review.objects.published()
                        .select_related("author")
                        .latest_first(),
                        to_attr="public_reviews",
                    ),
                ),
            )
        )


class FilmList(models.Model):
    Status = Review.Status

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="Part of the list's address (/lists/…/). Leave empty to make one "
        "from the title.",
    )
    author = models.ForeignKey(
        Author,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="film_lists",
        help_text="The byline, if the list has one.",
    )
    intro = models.TextField(
        blank=True, help_text="Shown above the entries. Scripts are removed on save."
    )
    is_ranked = models.BooleanField(
        "ranked",
        default=False,
        help_text="Number the entries (1 is the best) instead of a plain list.",
    )
    hero = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of_lists",
        verbose_name="hero image",
        help_text="From the image library. Use + to upload a new one.",
    )
    seo_title = models.CharField(
        "SEO title", max_length=70, blank=True, help_text="Empty means the title."
    )
    seo_description = models.CharField(
        "SEO description",
        max_length=160,
        blank=True,
        help_text="What search engines show under the title.",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When it goes (or went) public. A scheduled list appears then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FilmListQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = "list"
        permissions = [
            ("publish_filmlist", "Can schedule, publish and unpublish lists"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug=""), name="filmlist_slug_not_empty"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"])
                | Q(published_at__isnull=False),
                name="filmlist_public_needs_date",
                violation_error_message="A scheduled or published list needs a "
                "publish date.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="filmlist_public_idx"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._fill_slug()
        self.intro = sanitize_body(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("reviews:list", self.slug)

    def clean(self):
        self._fill_slug()
        if self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED) and (
            self.published_at is None
        ):
            self.published_at = timezone.now()

    def _fill_slug(self):
        if not self.slug:
            self.slug = unique_slug(
                self.title,
                queryset=FilmList.objects.exclude(pk=self.pk),
                fallback="list",
            )

    def is_published(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title


class ListEntry(models.Model):
    film_list = models.ForeignKey(
        FilmList, on_delete=models.CASCADE, related_name="entries"
    )
    film = models.ForeignKey(Film, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first; in a ranked list, 1 is top."
    )
    note = models.TextField(
        blank=True,
        help_text="Why it is on the list. Naming where to watch it ('on Netflix') is "
        "fine: the list says when the film has left.",
    )
    review = models.ForeignKey(
        Review,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Our review to link. Empty means our latest published review of "
        "the film, if there is one.",
    )

    class Meta:
        ordering = ["film_list", "position", "pk"]
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["film_list", "film"],
                name="listentry_film_once_per_list",
                violation_error_message="This film is already on the list.",
            ),
        ]

    def __str__(self):
        return f"{self.film} in {self.film_list}"

    def get_absolute_url(self):
        return self.film.get_absolute_url()

    @property
    def our_review(self) -> Review | None:
        """The review readers can open (loaded by `with_entries()`)."""
        if self.review is not None and self.review.is_published():
            return self.review
        reviews = getattr(self.film, "public_reviews", None)
        return reviews[0] if reviews else None


reversion.register(FilmList, follow=["entries"])
reversion.register(ListEntry)

"""The site's own pages (About, Privacy, Contact …): nestable, edited like reviews,
served at their own paths (`/about/team/`) that can never take an address the
site serves (`heaven.site_paths`)."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from heaven.site_paths import claimed_by_site
from heaven.slugs import SLUG_MAX_LENGTH, unique_slug
from reviews.body_markup import sanitize_body
from reviews.library.models import Image

PATH_MAX_LENGTH = 500


class PageQuerySet(models.QuerySet):
    def published(self):
        """What readers may see now: published, or scheduled and due (as for
        reviews, a scheduled page is public from its time without a cron run)."""
        return self.filter(
            status__in=[Page.Status.PUBLISHED, Page.Status.SCHEDULED],
            published_at__lte=timezone.now(),
        )

    def at(self, path: str):
        return self.filter(path=path.strip("/"))


class Page(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    class Kind(models.TextChoices):
        # The schema.org type of the page, for search engines.
        PAGE = "WebPage", "Page"
        ABOUT = "AboutPage", "About page"
        CONTACT = "ContactPage", "Contact page"

    title = models.CharField(max_length=250)
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        allow_unicode=True,
        blank=True,
        help_text="The last part of the page's address. Leave empty to make one "
        "from the title.",
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="Put this page under another: /about/team/ is 'team' under 'about'.",
    )
    path = models.CharField(
        max_length=PATH_MAX_LENGTH,
        unique=True,
        editable=False,
        help_text="The address without slashes at the ends, e.g. about/team.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.PAGE,
        help_text="What the page is, for search engines.",
    )
    body = models.TextField(blank=True, help_text="Scripts are removed on save.")
    hero = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hero_of_pages",
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
        help_text="When it goes (or went) public. A scheduled page appears then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled by `import_wordpress` (reviews/imports/wordpress/pages.py).
    wordpress_site = models.CharField(max_length=200, blank=True, editable=False)
    wordpress_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    wordpress_checksum = models.CharField(max_length=64, blank=True, editable=False)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        permissions = [
            ("publish_page", "Can schedule, publish and unpublish pages"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="page_unique_slug_per_parent",
                violation_error_message="A page with this address already exists.",
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="page_unique_top_level_slug",
                violation_error_message="A page with this address already exists.",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="page_slug_not_empty"),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "published"])
                | Q(published_at__isnull=False),
                name="page_public_needs_date",
                violation_error_message="A scheduled or published page needs a "
                "publish date.",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="page_public_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Stores the page with a sanitized body and its path; a changed path
        moves its subpages' paths along, in the same transaction."""
        self._fill_slug()
        self.body = sanitize_body(self.body)
        old_path = self.path
        self.path = self.path_under_parent()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_path and old_path != self.path:
                for child in self.children.all():
                    child.save()

    def get_absolute_url(self):
        return reverse("page", kwargs={"page_path": self.path})

    def is_published(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED)
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def meta_title(self) -> str:
        return self.seo_title or self.title

    def _fill_slug(self):
        if not self.slug:
            self.slug = unique_slug(
                self.title,
                queryset=Page.objects.filter(parent=self.parent_id).exclude(pk=self.pk),
                fallback="page",
            )

    def path_under_parent(self) -> str:
        return f"{self.parent.path}/{self.slug}" if self.parent else self.slug

    def clean(self):
        self._fill_slug()
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": "A page cannot sit under itself."})
            ancestor = ancestor.parent
        path = self.path_under_parent()
        if len(path) > PATH_MAX_LENGTH:
            raise ValidationError({"slug": "The page's address is too long."})
        if claimed_by_site(f"/{path}/"):
            raise ValidationError(
                {
                    "slug": f"/{path}/ is an address the site itself uses (reviews, "
                    "films, people, feeds, search, admin …); choose another."
                }
            )
        if self.status in (self.Status.PUBLISHED, self.Status.SCHEDULED) and (
            self.published_at is None
        ):
            self.published_at = timezone.now()


reversion.register(Page)

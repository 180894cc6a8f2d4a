"""The site's own settings, one row an editor changes in the admin: its name,
tagline, logo, social profiles, default region for where to watch, and rating
scale. Environment variables (`SITE_NAME`, `WATCH_DEFAULT_REGION`) are the
defaults of a fresh site."""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q

from reviews.library.models import Image
from reviews.watch.regions import validate_region

TEN = Decimal("10")


class SiteSettings(models.Model):
    class Points(models.IntegerChoices):
        FIVE = 5, "5 points (stars)"
        TEN = 10, "10 points"
        HUNDRED = 100, "100 points"

    class Step(models.TextChoices):
        WHOLE = "whole", "Whole points"
        HALF = "half", "Half points"
        TENTH = "tenth", "Tenths (7.8)"

    name = models.CharField(
        max_length=100,
        blank=True,
        help_text="The site's name in titles, feeds and the header. Empty means "
        "the SITE_NAME setting.",
    )
    tagline = models.CharField(
        max_length=200,
        blank=True,
        help_text="A line under the name, e.g. 'Horror and thriller reviews'.",
    )
    logo = models.ForeignKey(
        Image,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="From the image library; shown beside the name and given to "
        "search engines as the organisation's logo.",
    )
    social_profiles = models.TextField(
        blank=True,
        help_text="The site's own profiles (Instagram, Letterboxd, Bluesky …), one "
        "https:// address a line. Linked in the footer and given to search engines.",
    )
    default_region = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_region],
        help_text="Where to watch for readers who have not picked a country: a "
        "two-letter code such as KR. Empty means the WATCH_DEFAULT_REGION setting.",
    )
    rating_points = models.PositiveSmallIntegerField(
        choices=Points.choices,
        default=Points.TEN,
        help_text="What a rating is out of on the site.",
    )
    rating_step = models.CharField(
        max_length=5,
        choices=Step.choices,
        default=Step.TENTH,
        help_text="How finely a rating may be given: 4, 3.5 or 7.8.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "site settings"
        constraints = [
            # One row: the primary key is always 1.
            models.CheckConstraint(condition=Q(pk=1), name="sitesettings_one_row"),
        ]

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        if self.rating_points == self.Points.HUNDRED and self.rating_step != (
            self.Step.WHOLE
        ):
            raise ValidationError(
                {"rating_step": "A 100-point scale has whole points only."}
            )
        for line in self.profile_urls:
            try:
                URLValidator(schemes=["https"])(line)
            except ValidationError:
                raise ValidationError(
                    {"social_profiles": f"“{line}” is not an https:// address."}
                ) from None

    @property
    def site_name(self) -> str:
        return self.name or settings.SITE_NAME

    @property
    def region(self) -> str:
        return self.default_region or settings.WATCH_DEFAULT_REGION

    @property
    def profile_urls(self) -> list[str]:
        return [
            line.strip() for line in self.social_profiles.splitlines() if line.strip()
        ]

    # Ratings are stored out of 10 with one decimal (Review.rating); the scale
    # is how they are typed and shown, so changing it converts nothing.

    @property
    def step(self) -> Decimal:
        return {self.Step.HALF: Decimal("0.5"), self.Step.TENTH: Decimal("0.1")}.get(
            self.rating_step, Decimal("1")
        )

    def to_scale(self, rating: Decimal) -> Decimal:
        """A stored rating (out of 10) on the site's scale, rounded to its step."""
        value = rating * self.rating_points / TEN
        steps = (value / self.step).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        return (steps * self.step).quantize(self.step)

    def shown(self, rating: Decimal) -> str:
        """A stored rating as readers read it on the site's scale: "3.5", "87"."""
        value = self.to_scale(rating)
        return f"{value:f}".removesuffix(".0")

    def from_scale(self, value: Decimal) -> Decimal:
        """A rating typed on the site's scale, as stored (out of 10)."""
        return (value * TEN / self.rating_points).quantize(Decimal("0.1"))

    def fits_scale(self, value: Decimal) -> bool:
        return 0 <= value <= self.rating_points and value % self.step == 0

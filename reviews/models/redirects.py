"""Old addresses of reviews that answer with a redirect."""

from django.db import models
from django.db.models import Q

from reviews.models.reviews import Review


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

"""Readers' comments, brought over from WordPress (`import_wordpress`).

The site shows no comments yet: they are stored, attached to their review and
counted, so that the day the site shows comments nothing has been lost. Rows are
keyed by the WordPress site and comment id, so a second import creates none twice.
"""

from django.db import models


class Comment(models.Model):
    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The comment this one answers.",
    )
    author_name = models.CharField(max_length=200, blank=True)
    author_email = models.EmailField(max_length=254, blank=True)
    author_url = models.CharField(max_length=500, blank=True)
    body = models.TextField()
    approved = models.BooleanField(
        default=False, help_text="Approved on WordPress (spam and held ones are not)."
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    wordpress_site = models.CharField(max_length=200, blank=True)
    wordpress_id = models.PositiveBigIntegerField(
        "WordPress comment id", null=True, blank=True
    )

    class Meta:
        ordering = ["posted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wordpress_site", "wordpress_id"],
                condition=models.Q(wordpress_id__isnull=False),
                name="comment_unique_wordpress_id",
            ),
        ]

    def __str__(self):
        return f"{self.author_name or 'Anonymous'} on {self.review_id}"

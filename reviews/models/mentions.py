"""Mentions: which person or film each internal link in a review body means."""

from django.db import models
from django.db.models import Q

from people.models import Person
from reviews.models.films import Film
from reviews.models.reviews import Review


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

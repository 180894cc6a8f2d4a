"""Related reviews: the writer's picks, or, when none of those is public, the
published reviews nearest to this one.

Nearness, in order: how many people the two films share (anyone credited on
both), whether they share a director, then how many tags and genres they share;
the newest first among equals. A review with nothing in common is never listed.
One query, whatever the cast or the number of reviews: each count is a
correlated subquery, so no join multiplies the rows.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from taggit.models import TaggedItem

from reviews.models import Credit, Film, Review

# How many related reviews the page lists when it chooses them.
AUTOMATIC_LIMIT = 4


def _count(queryset, group_by: str):
    """A correlated count of `queryset`'s rows, 0 when there are none."""
    counted = queryset.values(group_by).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def automatic(review: Review, *, limit: int = AUTOMATIC_LIMIT) -> list[Review]:
    """The published reviews nearest to `review` (one query)."""
    if review.film_id is None:
        return []
    people = Credit.objects.filter(film=review.film_id).values("person")
    directors = Credit.objects.filter(
        film=review.film_id, role=Credit.Role.DIRECTOR
    ).values("person")
    review_type = ContentType.objects.get_for_model(Review)
    tag_ids = TaggedItem.objects.filter(
        content_type=review_type,
        object_id=review.pk,
    ).values("tag")
    genre_ids = Film.genres.through.objects.filter(film=review.film_id).values("genre")
    # Count distinct people: one person in two roles counts once.
    shared_people = Coalesce(
        Subquery(
            Credit.objects.filter(film=OuterRef("film"), person__in=people)
            .order_by()
            .values("film")
            .annotate(n=Count("person", distinct=True))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    shared_director = Exists(
        Credit.objects.filter(
            film=OuterRef("film"), role=Credit.Role.DIRECTOR, person__in=directors
        )
    )
    shared_tags = _count(
        TaggedItem.objects.filter(
            content_type=review_type,
            object_id=OuterRef("pk"),
            tag__in=tag_ids,
        ).order_by(),
        "object_id",
    )
    shared_genres = _count(
        Film.genres.through.objects.filter(
            film=OuterRef("film"), genre__in=genre_ids
        ).order_by(),
        "film",
    )
    return list(
        Review.objects.published()
        .exclude(pk=review.pk)
        .select_related("film")
        .only("slug", "title", "status", "published_at", "film__title")
        .alias(
            shared_people=shared_people,
            shared_director=shared_director,
            shared_topics=shared_tags + shared_genres,
        )
        .filter(Q(shared_people__gt=0) | Q(shared_topics__gt=0))
        .order_by(
            "-shared_people",
            "-shared_director",
            "-shared_topics",
            "-published_at",
            "-pk",
        )[:limit]
    )


def for_page(review: Review) -> list[Review]:
    """What the page lists under "Related reviews": the writer's public picks,
    else the automatic ones (the picks come with `Review.objects.with_page()`)."""
    return review.public_related or automatic(review)

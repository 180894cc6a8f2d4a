"""Recaps of consecutive episodes: the review page links the one before and
after."""

from reviews.models import Episode, Review


def recaps_around(episode: Episode) -> tuple[Review | None, Review | None]:
    """The newest published recaps of the nearest episodes before and after
    `episode` in its series that have one, in two queries (the review page's
    previous and next links)."""
    recaps = Review.objects.published().filter(
        film_id=episode.season.series_id, episode__isnull=False
    )
    earlier = (
        recaps.filter(episode__in=Episode.objects.before(episode))
        .select_related("episode__season")
        .order_by("-season__number", "-episode__number", "-published_at")
        .first()
    )
    later = (
        recaps.filter(episode__in=Episode.objects.after(episode))
        .select_related("episode__season")
        .order_by("season__number", "episode__number", "-published_at")
        .first()
    )
    return earlier, later

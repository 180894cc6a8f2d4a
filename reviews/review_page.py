"""The review page, cached whole as a part (`heaven.cache_tags`).

The page cache retires every page at any edit on the site. A reader whose review
page it no longer has still gets the page from this cache, unless a row the page
shows has changed: the body, facts box, credits, where to watch, related reviews,
author box, title, description and JSON-LD (the idea of Drupal's dynamic page
cache). Only the region picker's way back differs between readers of the same
page; each request puts its own in the page's slot. Like a page from the page
cache, a cached page is trusted on the tags alone: unpublishing or deleting the
review touches its own tag, so the next request renders afresh and answers 404.

Only for what the page cache would serve (anonymous readers, no preview); the
part is filed per path, reader region, local date (where-to-watch lines change
with the day) and site address (the canonical link and JSON-LD hold absolute
URLs).
"""

import secrets

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from taggit.models import Tag

from heaven import cache_tags, page_cache
from heaven.cache_tags import tag
from people.models import Author
from reviews import site_settings
from reviews.library.models import Image
from reviews.models import (
    AUTOMATIC_RELATED,
    ContentWarning,
    Episode,
    Film,
    Genre,
    Provider,
    Review,
    Season,
)


def usable(request) -> bool:
    return page_cache.is_cacheable_request(request)


def key(request, region: str, today) -> str:
    origin = request.build_absolute_uri("/")
    # The settings the page shows, so a changed environment is seen at once.
    shown = (
        settings.SITE_NAME,
        settings.TIME_ZONE,
        settings.WATCH_DEFAULT_REGION,
        site_settings.current().updated_at,
    )
    return cache_tags.part_key(
        "review-page", request.path, region, today, origin, *shown
    )


def render(template_name: str, context, request) -> dict:
    """The page for `context`, with a slot where each request puts its region
    picker's way back."""
    slot = secrets.token_hex(12)
    picker = context.get("region_picker")
    context = {**context, "region_picker": picker and {**picker, "next": slot}}
    return {"html": render_to_string(template_name, context, request), "slot": slot}


def response(part: dict, way_back: str) -> HttpResponse:
    """The page for one request."""
    return HttpResponse(part["html"].replace(part["slot"], escape(way_back)))


def tags(review: Review, author_latest, recaps=(), related=()) -> set[str]:
    """The tags of the rows the page shows. A change to a row that points at
    one of them (a credit at its film), or that says it touches one (a credited
    person their films), retires the part too. A page whose related reviews were
    chosen automatically (`reviews.related`) also carries `AUTOMATIC_RELATED`,
    which a published review's save or delete touches: it may now be nearer."""
    names = {tag(Review, review.pk)}
    for other in related:
        names.update({tag(Review, other.pk), tag(Film, other.film_id)})
    if not review.public_related:
        names.add(AUTOMATIC_RELATED)
    names.update(tag(Tag, item.pk) for item in review.tags.all())
    names.update(tag(ContentWarning, item.pk) for item in review.content_warnings.all())
    # Unpublished ones too: publishing one touches only its own tag.
    for other in review.related_rows:
        names.update({tag(Review, other.pk), tag(Film, other.film_id)})
    names.update(tag(Review, post.pk) for post in author_latest)
    # The recaps of the episodes before and after, and the season and episode.
    names.update(tag(Review, recap.pk) for recap in recaps if recap is not None)
    if review.season_id:
        names.add(tag(Season, review.season_id))
    if review.episode_id:
        names.add(tag(Episode, review.episode_id))
    if review.hero_id:
        names.add(tag(Image, review.hero_id))
    if review.author_id:
        names.add(tag(Author, review.author_id))
        if review.author.photo_id:
            names.add(tag(Image, review.author.photo_id))
    film = review.film
    if film is not None:
        names.add(tag(Film, film.pk))
        if film.poster_id:
            names.add(tag(Image, film.poster_id))
        names.update(tag(Genre, genre.pk) for genre in film.genres.all())
        # Credits and watch options touch their film, and so do the people and
        # aliases a credit names, so the film's tag stands for them all; a
        # provider's rename touches only the provider.
        names.update(
            tag(Provider, option.provider_id) for option in film.listed_watch_options
        )
    # Films linked from the body (a mentioned person touches the reviews that
    # mention them); the rows `mentions.current_body` used, if the page showed it.
    mentions = getattr(review, "shown_mentions", None)
    if mentions is None:
        mentions = list(review.mentions.all())
    names.update(tag(Film, mention.film_id) for mention in mentions if mention.film_id)
    return names

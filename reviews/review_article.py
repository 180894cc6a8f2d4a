"""The review page's article, cached as a part (`heaven.cache_tags`).

A reader whose page is not in the page cache (after any edit on the site, every
page) still gets the costly middle of the page (body, facts box, credits, where
to watch, author box, JSON-LD) from this cache unless a row it shows has
changed, and the view renders the rest of the page (head, header, region
picker's way back) around it. Like a page from the page cache, a cached article
is trusted on the tags alone: unpublishing or deleting the review touches its
own tag, so the next request renders afresh and answers 404.

The part is filed per review slug, reader region, local date (where-to-watch
lines change with the day) and site address (JSON-LD holds absolute URLs).
"""

import secrets

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from taggit.models import Tag

from heaven import cache_tags, page_cache
from heaven.cache_tags import tag
from heaven.meta import PageMeta, jsonld_script
from people.models import Author
from reviews.library import Image
from reviews.models import (
    ContentWarning,
    Film,
    Genre,
    Provider,
    Review,
)

TEMPLATE = "reviews/includes/review_article.html"


def usable(request) -> bool:
    """Only for what the page cache would serve: anonymous readers, no preview."""
    return page_cache.is_cacheable_request(request)


def key(request, slug: str, region: str, today) -> str:
    origin = request.build_absolute_uri("/")
    # The settings the article shows, so a changed environment is seen at once.
    shown = (settings.SITE_NAME, settings.TIME_ZONE, settings.WATCH_DEFAULT_REGION)
    return cache_tags.part_key("review-article", slug, region, today, origin, *shown)


def render(context, request) -> dict:
    """The article for `context` (the review page's), with a slot where each
    request puts its region picker's way back."""
    slot = secrets.token_hex(12)
    picker = context.get("region_picker")
    context = {**context, "region_picker": picker and {**picker, "next": slot}}
    meta = dict(vars(context["meta"]))  # a shallow copy: the part is pickled
    del meta["canonical"]  # the request's own address, filled in per request
    meta["jsonld"] = [jsonld_script(data) for data in meta["jsonld"]]
    return {
        "html": render_to_string(TEMPLATE, context, request),
        "slot": slot,
        "meta": meta,
    }


def fill(part: dict, next_url: str):
    """The article's HTML for one request."""
    return mark_safe(part["html"].replace(part["slot"], escape(next_url)))


def page_meta(part: dict, canonical: str) -> PageMeta:
    return PageMeta(canonical=canonical, **part["meta"])


def tags(review: Review, author_latest) -> set[str]:
    """The tags of the rows the article shows. A change to a row that points at
    one of them (a credit at its film), or that says it touches one (a credited
    person their films), retires the part too."""
    names = {tag(Review, review.pk)}
    names.update(tag(Tag, item.pk) for item in review.tags.all())
    names.update(tag(ContentWarning, item.pk) for item in review.content_warnings.all())
    # Unpublished ones too: publishing one touches only its own tag.
    for other in review.related_rows:
        names.update({tag(Review, other.pk), tag(Film, other.film_id)})
    names.update(tag(Review, post.pk) for post in author_latest)
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
    # mention them); the rows `Review.public_body` used, if the article showed it.
    mentions = getattr(review, "shown_mentions", None)
    if mentions is None:
        mentions = list(review.mentions.all())
    names.update(tag(Film, mention.film_id) for mention in mentions if mention.film_id)
    return names

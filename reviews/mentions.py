"""Inline mentions: links from a review's body to our pages of people and films.

A writer types ``[[Jun Jong-seo]]`` (a person's name or any alias, folded like the
search: ``[[jeon jongseo]]`` works too), or a film's title, ``[[Ballerina]]`` or
``[[Ballerina (2023)]]``, and the admin turns it into a link to the page. A name
that matches nothing, or several, is an error on the form: nothing typed is lost.
``[[image:12]]`` puts library image 12 in the body (`reviews.library.body_images`).

Every save of a review records its links to ``/people/…/`` and ``/films/…/`` as
`Mention` rows. Those rows, not the addresses, say whom a link means, so a link
keeps pointing at the right page after a slug changes or a duplicate person is
merged away: `current_body` rewrites the addresses when the review is shown, and
the next save writes them into the body.
"""

import html as html_module
import re
from urllib.parse import unquote, urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import slugify

from heaven import cache_tags
from heaven.folding import fold_name
from people.models import Person, PersonAlias
from reviews.library import body_images
from reviews.models import Film, Mention, Review

SHORTHAND = re.compile(r"\[\[(?!image:)([^\[\]<>]{1,200})\]\]")
# The body is sanitized first, so attributes are double-quoted and escaped.
# Migration 0014_record_existing_mentions keeps a copy of this and of `record`.
INTERNAL_LINK = re.compile(r'<a\b[^>]*?\bhref="(/(people|films)/([^/"?#]+)/)"')
TITLE_AND_YEAR = re.compile(r"^(.*\S)\s*\((\d{4})\)$")


# --- Shorthand, expanded when the admin form is cleaned -----------------------


def expand_shorthand(html: str) -> str:
    """Turn every ``[[name]]`` into a link, or raise one ValidationError naming
    each name that matches no page or more than one."""
    problems = []

    def link(match: re.Match) -> str:
        name = match.group(1).strip()  # as it sits in the HTML, entities and all
        found = _lookup(html_module.unescape(name))
        if len(found) == 1:
            return f'<a href="{escape(found[0].get_absolute_url())}">{name}</a>'
        if not found:
            problems.append(_unknown(html_module.unescape(name)))
        else:
            choices = "; ".join(
                f"{thing} ({thing.get_absolute_url()})" for thing in found
            )
            problems.append(
                f"“{name}” could be {choices}: link the page you mean instead"
            )
        return match.group(0)

    expanded = SHORTHAND.sub(link, body_images.expand(html, problems))
    if problems:
        raise ValidationError(
            format_html(
                "Mentions to fix: {}.",
                format_html_join("; ", "{}", ((problem,) for problem in problems)),
            )
        )
    return expanded


def _unknown(name: str):
    """An unknown name, with an offer to add the person: the person's add form,
    filled with the name, opens in a new tab so that the review's form, and
    everything typed in it, stays as it is; saving the review again then links
    the mention."""
    add = (
        reverse("admin:people_person_add")
        + "?"
        + urlencode({"name": name, "slug": slugify(name, allow_unicode=True)})
    )
    return format_html(
        "“{}” is no person or film in the database "
        '(<a href="{}" target="_blank" rel="noopener" class="add-mentioned-person">'
        "add “{}” as a person</a>, then save again)",
        name,
        add,
        name,
    )


def _lookup(name: str) -> list:
    folded = fold_name(name)
    if folded:
        people = list(
            Person.objects.filter(
                Q(search_name=folded) | Q(aliases__search_name=folded)
            ).distinct()[:5]
        )
        if people:
            return people
    title, year = name, None
    if match := TITLE_AND_YEAR.match(name):
        title, year = match.group(1), int(match.group(2))
    films = Film.objects.filter(
        Q(title__iexact=title) | Q(original_title__iexact=title)
    )
    if year is not None:
        films = films.filter(year=year)
    return list(films[:5])


# --- Recorded on save -----------------------------------------------------------


def internal_paths(html: str) -> list[tuple[str, str, str]]:
    """(path, "people" or "films", slug) of each internal link, in order."""
    return [
        (path, section, unquote(slug))
        for path, section, slug in INTERNAL_LINK.findall(html)
    ]


def resolve_paths(html: str) -> dict[str, Person | Film]:
    """The page each internal link of ``html`` points at now; a link to no page
    is left out (the pre-publish checklist names it)."""
    # A slug with a NUL (from %00) names no page, and databases refuse it.
    links = [link for link in internal_paths(html) if "\x00" not in link[2]]
    people_slugs = {slug for _, section, slug in links if section == "people"}
    film_slugs = {slug for _, section, slug in links if section == "films"}
    people = {p.slug: p for p in Person.objects.filter(slug__in=people_slugs)}
    missing = people_slugs - people.keys()
    if missing:
        for alias in PersonAlias.objects.filter(slug__in=missing).select_related(
            "person"
        ):
            people[alias.slug] = alias.person
    films = {f.slug: f for f in Film.objects.filter(slug__in=film_slugs)}
    found = {}
    for path, section, slug in links:
        target = (people if section == "people" else films).get(slug)
        if target is not None:
            found[path] = target
    return found


def broken_links(html: str) -> list[str]:
    """Internal links to people or films we have no page for."""
    resolved = resolve_paths(html)
    return sorted({path for path, _, _ in internal_paths(html)} - resolved.keys())


def rewrite(html: str, mentions) -> str:
    """``html`` with each mention's recorded address replaced by its target's
    current one."""
    for mention in mentions:
        current = mention.get_absolute_url()
        if current != mention.path:
            html = html.replace(f'href="{mention.path}"', f'href="{current}"')
    return html


# The sanitizer leaves a spoiler exactly this tag. A spoiler stays blurred until
# it is pointed at or focused; tabindex lets a keyboard reach it.
SPOILER_TAG = '<blockquote class="spoiler">'


def reachable_spoilers(html: str) -> str:
    return html.replace(SPOILER_TAG, '<blockquote class="spoiler" tabindex="0">')


def current_body(review: Review) -> str:
    """The body as readers get it, library images with their renditions: one
    query when it has internal links, none when it has not."""
    body = reachable_spoilers(body_images.with_srcset(review.body))
    # Kept on the review: a cached copy of the page depends on these rows too.
    review.shown_mentions = []
    if not INTERNAL_LINK.search(body):
        return body
    review.shown_mentions = list(review.mentions.select_related("person", "film"))
    return rewrite(body, review.shown_mentions)


def record(review: Review) -> None:
    """Rebuild the review's mention rows from its (saved) body."""
    resolved = resolve_paths(review.body)
    Mention.objects.filter(review=review).delete()
    Mention.objects.bulk_create(
        Mention(
            review=review,
            path=path,
            person=target if isinstance(target, Person) else None,
            film=target if isinstance(target, Film) else None,
        )
        for path, target in resolved.items()
    )
    # A bulk insert sends no signal: parts showing the review's links must go.
    cache_tags.touch_now_and_at_commit({cache_tags.tag(Review, review.pk)})


def refresh_addresses(review: Review) -> str:
    """The body with addresses brought up to date from the stored mention rows,
    before a save rebuilds them from it."""
    if review.pk is None or not INTERNAL_LINK.search(review.body):
        return review.body
    stored = Mention.objects.filter(review=review).select_related("person", "film")
    return rewrite(review.body, stored)

"""Slugs that are never empty and never collide.

Names on a review site come in every script: "Zoë" folds to ``zoe``, but 전종서 has
no ASCII form, so it keeps its Hangul letters (browsers show ``/people/전종서/``).
A name with no letters at all falls back to the model's own word.
"""

from django.db import models
from django.utils.text import slugify

SLUG_MAX_LENGTH = 120


def base_slug(text: str, *, fallback: str) -> str:
    ascii_slug, unicode_slug = slugify(text), slugify(text, allow_unicode=True)
    # ASCII when it loses nothing but accents ("zoë" → "zoe"); letters in other
    # scripts are kept, also beside ASCII ones ("파친코 2022" is not just "2022").
    slug = ascii_slug if len(ascii_slug) >= len(unicode_slug) else unicode_slug
    return slug[: SLUG_MAX_LENGTH - 8].strip("-") or fallback


def unique_slug(
    text: str,
    *,
    queryset: models.QuerySet,
    fallback: str,
    also_taken: set[str] | None = None,
) -> str:
    """Return a slug for ``text`` not used by ``queryset`` (nor in ``also_taken``),
    adding ``-2``, ``-3`` … as needed."""
    base = base_slug(text, fallback=fallback)
    taken = set(
        queryset.filter(slug__startswith=base).values_list("slug", flat=True)
    ) | (also_taken or set())
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class UnicodeSlugConverter:
    """Like Django's ``slug`` converter, but lets Hangul and other letters through."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value

"""The pre-publish checklist: what a review needs before readers may see it
(blocking checks) and what would make it better (warnings). The change form
shows it; the workflow (`reviews.workflow`) refuses to publish or schedule while
a blocking check fails."""

from dataclasses import dataclass

from django.utils.html import strip_tags

from reviews.library.body_images import picture_problems
from reviews.mentions import broken_links
from reviews.models import Review

# What a search engine shows of a description before cutting it, and the least
# that reads as a description rather than a fragment.
DESCRIPTION_LENGTH = (50, 160)


@dataclass(frozen=True)
class Check:
    """One line of the pre-publish checklist. A failed blocking check stops
    publishing and scheduling; a failed warning is only shown."""

    label: str
    passed: bool
    blocking: bool
    needs: str = ""  # what is missing, in words that finish "it needs …"
    advice: str = ""  # for a warning: what to do


def checklist(review: Review) -> list[Check]:
    """Every pre-publish check, in the order the change form shows them.

    The hero image comes from the image library, which refuses a picture without
    alt text, so a hero always has its description and needs no check. A rating,
    an excerpt, a tag and a good description help but are not required (an
    unrated post is a thing)."""
    broken = broken_links(review.body)
    pictures = picture_problems(review.body)
    description = review.meta_description
    low, high = DESCRIPTION_LENGTH
    return [
        # What it is about: a film or series, or a season or episode of one
        # (which names its series too, so `film` is set for them all).
        Check(
            "Film, series, season or episode set",
            review.film_id is not None,
            True,
            "a film, series, season or episode",
        ),
        Check("Title", bool(review.title.strip()), True, "a title"),
        Check("Body", bool(strip_tags(review.body).strip()), True, "a body"),
        Check("Author set", review.author_id is not None, True, "an author"),
        Check(
            "No broken internal links",
            not broken,
            True,
            "working links instead of " + ", ".join(broken),
        ),
        Check(
            "Pictures from the library",
            not pictures,
            True,
            "pictures fixed: " + "; ".join(pictures),
        ),
        Check("Rating set", review.rating is not None, False, advice="Add a rating."),
        Check(
            "Hero image",
            review.hero_id is not None,
            False,
            advice="Pick a hero image from the library for the page and social cards.",
        ),
        Check("Excerpt", bool(review.excerpt.strip()), False, advice="Add an excerpt."),
        Check(
            "At least one tag",
            bool(review.pk) and bool(review.tags.all()),
            False,
            advice="Add a tag.",
        ),
        Check(
            f"SEO description {low}–{high} characters",
            low <= len(description) <= high,
            False,
            advice=f"The description has {len(description)} characters.",
        ),
    ]


def missing_for_publishing(review: Review) -> list[str]:
    """What a review still needs before readers may see it, by name: the failed
    blocking checks of `checklist`."""
    return [c.needs for c in checklist(review) if c.blocking and not c.passed]

"""What review and SEO plugins keep in a post's meta: the rating, and the title and
description search engines show.

Ratings are stored here out of 10 with one decimal (``reviews.models.site``), so a
plugin's score is converted from its own scale. WP Review keeps the score in
``wp_review_total`` and its scale in ``wp_review_type`` (star: out of 5, point:
out of 10, percentage: out of 100); another plugin's key and scale are given with
``--rating-meta KEY --rating-scale N``.

Yoast SEO and Rank Math keep a title and a description; their titles may hold
variables (Yoast ``%%title%%``, Rank Math ``%title%``), which are filled as the
plugins would, with the post's title and the site's name.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

WP_REVIEW_KEY = "wp_review_total"
WP_REVIEW_SCALES = {"star": 5, "point": 10, "percentage": 100}
TEN = Decimal(10)

SEO_TITLE_KEYS = ("_yoast_wpseo_title", "rank_math_title")
SEO_DESCRIPTION_KEYS = ("_yoast_wpseo_metadesc", "rank_math_description")
VARIABLE = re.compile(r"%%?(\w+)%%?")


@dataclass(frozen=True)
class RatingSource:
    """Where a post's rating is: a meta key and the scale it is out of (None: read
    WP Review's type)."""

    key: str = WP_REVIEW_KEY
    scale: int | None = None


def rating(meta: dict[str, str], source: RatingSource) -> tuple[Decimal | None, str]:
    """The post's rating out of 10, or None with why ("" when the post has none)."""
    raw = meta.get(source.key, "").strip().rstrip("%")
    if not raw:
        return None, ""
    scale = source.scale
    if scale is None:
        kind = meta.get("wp_review_type", "").strip() or "star"
        scale = WP_REVIEW_SCALES.get(kind)
        if scale is None:
            return None, f"unknown rating type {kind!r}"
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None, f"not a number: {raw[:20]!r}"
    if not value.is_finite() or not 0 <= value <= scale:
        return None, f"out of 0–{scale}"
    return (value * TEN / scale).quantize(Decimal("0.1")), ""


def _fill(template: str, *, title: str, site_name: str) -> str:
    values = {"title": title, "sitename": site_name, "sep": "–", "page": ""}
    text = VARIABLE.sub(lambda m: values.get(m.group(1).lower(), ""), template)
    return " ".join(text.split())


def seo_fields(meta: dict[str, str], *, title: str, site_name: str) -> dict[str, str]:
    """{"seo_title": …, "seo_description": …} from Yoast or Rank Math, cut to the
    fields' lengths; empty when neither plugin wrote any."""
    found = {}
    for field, keys, limit in (
        ("seo_title", SEO_TITLE_KEYS, 70),
        ("seo_description", SEO_DESCRIPTION_KEYS, 160),
    ):
        template = next((meta[k] for k in keys if meta.get(k, "").strip()), "")
        text = _fill(template, title=title, site_name=site_name)
        found[field] = text[:limit].strip()
    return found

"""Library images in a review's body: ``[[image:12]]`` becomes a figure when the
admin form is cleaned, and the public page gives each such picture a `srcset` of
renditions (made once per width by `reviews.library.renditions`), like the hero image."""

import re

from django.conf import settings
from django.utils.html import escape, format_html

from reviews.library.models import Image
from reviews.library.renditions import renditions_of

IMAGE_SHORTHAND = re.compile(r"\[\[image:\s*(\d{1,12})\s*\]\]")
# Sizes as the body column lays pictures out (see static/css/site.css, .prose).
SIZES = "(min-width: 48rem) 44rem, 100vw"


def library_prefix() -> str:
    return f"{settings.MEDIA_URL}library/"


def expand(html: str, problems: list[str]) -> str:
    """Turn each ``[[image:N]]`` into the library image's figure; an unknown
    number is added to ``problems`` and left as typed."""
    ids = {int(number) for number in IMAGE_SHORTHAND.findall(html)}
    if not ids:
        return html
    found = Image.objects.with_ids(ids).in_bulk()

    def figure(match: re.Match) -> str:
        image = found.get(int(match.group(1)))
        if image is None:
            problems.append(f"there is no image {match.group(1)} in the library")
            return match.group(0)
        caption = " — ".join(part for part in (image.caption, image.credit) if part)
        return format_html(
            '<figure><img src="{}" alt="{}" width="{}" height="{}">{}</figure>',
            image.file.url,
            image.alt_text,
            image.width,
            image.height,
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )

    return IMAGE_SHORTHAND.sub(figure, html)


def with_srcset(html: str) -> str:
    """Give every library image in ``html`` its renditions. No query: the
    renditions are found by file name (cached after the first time)."""
    prefix = library_prefix()
    if f'src="{prefix}' not in html:
        return html
    pattern = re.compile(r'<img src="' + re.escape(prefix) + r'([^"]+)"')

    def responsive(match: re.Match) -> str:
        name = "library/" + match.group(1)
        found = renditions_of(name)
        if found is None:
            return match.group(0)
        return (
            f'<img srcset="{escape(found.jpeg_srcset)}" sizes="{SIZES}" '
            f'loading="lazy" decoding="async" src="{escape(found.fallback.url)}"'
        )

    return pattern.sub(responsive, html)

"""Library images in a review's body: ``[[image:12]]`` becomes a figure when the
admin form is cleaned, and the public page gives each such picture a `srcset` of
renditions (made once per width by `reviews.library.renditions`), like the hero image.

`picture_problems` is the rule for what a body's pictures may be: a figure holds a
picture, and a picture comes from our library (or its renditions) or from an
``https:`` address. The admin form and the pre-publish checklist both apply it."""

import posixpath
import re
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

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
        return library_figure(image)

    return IMAGE_SHORTHAND.sub(figure, html)


def library_picture(image: Image) -> str:
    """The ``<img>`` a body holds for a library image (its renditions are added on
    the public page by `with_srcset`)."""
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}">',
        image.file.url,
        image.alt_text,
        image.width,
        image.height,
    )


def library_caption(image: Image) -> str:
    """The figure caption of a library image: its caption and credit, or ""."""
    caption = " — ".join(part for part in (image.caption, image.credit) if part)
    return format_html("<figcaption>{}</figcaption>", caption) if caption else ""


def library_figure(image: Image) -> str:
    """What ``[[image:N]]`` becomes in a body: the picture in a figure, with the
    library's caption and credit under it."""
    return format_html(
        "<figure>{}{}</figure>", library_picture(image), library_caption(image)
    )


# renditions/ab/cd/<stem>-<hash>-<width>w.<ext>, as `renditions.rendition_name`
# makes them.
RENDITION_NAME = re.compile(
    r"^renditions/[0-9a-f]{2}/[0-9a-f]{2}/[^/]+-[0-9a-f]{12}-\d+w\.(?:jpg|webp)$"
)


def stored_name(src: str) -> str | None:
    """The media file name a body's ``src`` points at, when it is a plain path
    under MEDIA_URL; None for anything else, and for a path that climbs out of
    its folder (``..``), which no stored file has."""
    if not src.startswith(settings.MEDIA_URL):
        return None
    name = unquote(src[len(settings.MEDIA_URL) :])
    if (
        not name
        or any(c in name for c in "\\?#\x00")
        or posixpath.normpath(name) != name
        or name.startswith(("/", "."))
    ):
        return None
    return name


class _Pictures(HTMLParser):
    """Each figure (whether it holds a picture) and each picture's source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: list[bool] = []  # one per figure: has a picture
        self.open_figures: list[int] = []
        self.sources: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "figure":
            self.open_figures.append(len(self.figures))
            self.figures.append(False)
        elif tag == "img":
            src = dict(attrs).get("src")
            self.sources.append(src.strip() if src else None)
            if self.open_figures and src and src.strip():
                self.figures[self.open_figures[-1]] = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "figure" and self.open_figures:
            self.open_figures.pop()


def picture_problems(html: str) -> list[str]:
    """What is wrong with the body's pictures, in words a writer can act on;
    empty when every figure holds a picture from the library or an https:
    address. One query when the body has library pictures."""
    parser = _Pictures()
    parser.feed(html)
    parser.close()
    problems = []
    empty = parser.figures.count(False)
    if empty:
        problems.append(
            "a picture frame without a picture"
            if empty == 1
            else f"{empty} picture frames without a picture"
        )
    if None in parser.sources or "" in parser.sources:
        problems.append("a picture without a source")
    library = {}
    for src in filter(None, parser.sources):
        name = stored_name(src)
        if name is not None and name.startswith("library/"):
            library[src] = name
    known = (
        set(
            Image.objects.filter(file__in=set(library.values())).values_list(
                "file", flat=True
            )
        )
        if library
        else set()
    )
    for src in dict.fromkeys(filter(None, parser.sources)):
        if _allowed_source(src, library.get(src), known):
            continue
        problems.append(
            f"the picture “{src}” is neither in the image library nor at an "
            "https: address: choose it from the library instead"
        )
    return problems


def _allowed_source(src: str, library_name: str | None, known: set[str]) -> bool:
    parts = urlsplit(src)
    if parts.scheme == "https" and parts.netloc:
        return True
    if library_name is not None:
        return library_name in known
    name = stored_name(src)
    return name is not None and bool(RENDITION_NAME.match(name))


def with_srcset(html: str) -> str:
    """Give every library image in ``html`` its renditions. No query: the
    renditions are found by file name (cached after the first time)."""
    prefix = library_prefix()
    if f'src="{prefix}' not in html:
        return html
    pattern = re.compile(r'<img src="' + re.escape(prefix) + r'([^"]+)"')

    def responsive(match: re.Match) -> str:
        name = stored_name(prefix + match.group(1))
        # A source that is no plain library path (``library/../../etc/x``) is
        # left as it is: the page must not ask the storage for it.
        found = renditions_of(name) if name and name.startswith("library/") else None
        if found is None:
            return match.group(0)
        return (
            f'<img srcset="{escape(found.jpeg_srcset)}" sizes="{SIZES}" '
            f'loading="lazy" decoding="async" src="{escape(found.fallback.url)}"'
        )

    return pattern.sub(responsive, html)

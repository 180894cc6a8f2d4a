"""Pictures inside post and page bodies, galleries included: with --media-dir (a
copy of wp-content/uploads), each picture of the old site that a body shows goes
into the image library once (the library recognises a picture by its content),
with the alt text and caption of its attachment in the export, and the body shows
the library picture as the editor's library figures do (``[[image:N]]``, see
`reviews.library.body_images`), so the public page gives it renditions and a
``srcset``. WordPress's resized copies (``poster-300x200.jpg``) are read as their
original file. Nothing is fetched from the network: a picture the folder does not
have keeps its address and is listed in the summary with the post that wanted it.
"""

import html
import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File

from heaven.uploads import validate_image
from reviews.body_markup import sanitize_body
from reviews.imports.wordpress.export import on_old_site
from reviews.imports.wordpress.media import MediaFolder
from reviews.library.body_images import (
    library_caption,
    library_figure,
    library_picture,
)
from reviews.library.models import Image, add_to_library, file_checksum

# A body as the sanitizer writes it: double-quoted attributes. A picture may be
# wrapped in a link to its full-size file.
TOKEN = re.compile(
    r"(?P<open><figure\b[^>]*>)|(?P<close></figure>)"
    r"|(?P<link><a\b[^>]*>\s*)?(?P<img><img\b[^>]*>)(?P<end>\s*</a>)?"
)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
UNCAPTIONED = re.compile(r"(<figure\b[^>]*>\s*)(<img\b[^>]*>)(\s*</figure>)")
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")
UPLOADS = "/wp-content/uploads/"
WPCOM_FILES = ".files.wordpress.com"


@dataclass(frozen=True)
class Picture:
    """One picture a body shows: its address as written, and the file the media
    folder has for it (None when it has none)."""

    src: str
    alt: str
    path: Path | None


def _attributes(tag: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in ATTRIBUTE.findall(tag)}


def is_old_picture(src: str, site: str) -> bool:
    """A picture the old site served: on its own host (http or https, www or bare),
    from WordPress.com's file host, or anywhere below /wp-content/uploads/."""
    if src.startswith("/") and not src.startswith("//"):
        return UPLOADS in src
    if not src.startswith(("http://", "https://")):
        return False
    host = src.split("/", 3)[2].lower()
    return on_old_site(src, site) or host.endswith(WPCOM_FILES) or UPLOADS in src


def body_pictures(body: str, *, media: MediaFolder, site: str) -> list[Picture]:
    """The old site's pictures in ``body``, each once, with their files."""
    pictures = {}
    for match in TOKEN.finditer(body):
        if not match.group("img"):
            continue
        attrs = _attributes(match.group("img"))
        src = attrs.get("src", "")
        if src and src not in pictures and is_old_picture(src, site):
            pictures[src] = Picture(
                src=src, alt=attrs.get("alt", ""), path=media.find_original(src)
            )
    return list(pictures.values())


def pictures_in(body: str, post, context) -> list[Picture]:
    """With --media-dir, the old site's pictures in the body (those the folder
    lacks noted in the summary); without it, none."""
    if context.media is None:
        return []
    pictures = body_pictures(body, media=context.media, site=context.export.site)
    note_missing(pictures, post_id=post.id, summary=context.summary)
    return pictures


def pictures_key(pictures: list[Picture]) -> list:
    """What the checksum of a post knows of its pictures' files."""
    return [
        [p.src, p.path.name, p.path.stat().st_size] if p.path else [p.src]
        for p in pictures
    ]


def note_missing(pictures: list[Picture], *, post_id: int, summary) -> None:
    for picture in pictures:
        if picture.path is None:
            summary["pictures in bodies"].skipped["not in the media folder"] += 1
            summary.missing_picture(post_id, picture.src)


def use_library(body: str, pictures: list[Picture], *, title: str, context) -> str:
    """``body`` showing library pictures for those the media folder has, each
    added to the library unless it is there already. On --dry-run nothing is
    stored and the body is left as it is."""
    images: dict[str, Image] = {}
    for picture in pictures:
        if picture.path is not None:
            image = _library_image(picture, title=title, context=context)
            if image is not None:
                images[picture.src] = image
    if not images:
        return body
    depth = 0

    def replace(match: re.Match) -> str:
        nonlocal depth
        if match.group("open"):
            depth += 1
            return match.group(0)
        if match.group("close"):
            depth = max(0, depth - 1)
            return match.group(0)
        image = images.get(_attributes(match.group("img")).get("src", ""))
        if image is None:
            return match.group(0)
        link, end = match.group("link"), match.group("end")
        if link and end and not _links_to_picture(link, context.export.site):
            # A link elsewhere (a film's page) stays around the picture.
            return f"{link}{library_picture(image)}{end}"
        if depth:
            return library_picture(image)
        return library_figure(image)

    body = TOKEN.sub(replace, body)
    # A figure the post gave no caption (a gallery's) gets the library's.
    by_url = {image.file.url: image for image in images.values()}

    def caption(match: re.Match) -> str:
        image = by_url.get(_attributes(match.group(2)).get("src", ""))
        if image is None:
            return match.group(0)
        return match.group(1) + match.group(2) + library_caption(image) + match.group(3)

    body = UNCAPTIONED.sub(caption, body)
    # A figure that was inside a paragraph is moved out of it by the sanitizer.
    return EMPTY_PARAGRAPH.sub("", sanitize_body(body)).strip()


def _links_to_picture(link: str, site: str) -> bool:
    href = _attributes(link).get("href", "")
    return is_old_picture(href, site)


def _library_image(picture: Picture, *, title: str, context) -> Image | None:
    """The library image for the picture's file: the one already there, or a new
    one with the attachment's alt text and caption (None on --dry-run, or when the
    file is no picture Heaven reads, which the summary counts)."""
    tally = context.summary["pictures in bodies"]
    export = context.export
    attachment = export.attachments.get(
        export.attachment_files.get(context.media.relative(picture.path), 0)
    )
    alt = (attachment.alt if attachment else "").strip() or picture.alt.strip()
    alt = alt or f"Picture in “{title}”"
    with picture.path.open("rb") as source:
        checksum = file_checksum(File(source))
        found = Image.objects.filter(checksum=checksum).first()
        if found is not None or checksum in context.pictures_not_stored:
            # (On --dry-run, a picture an earlier post would have added.)
            tally.unchanged += 1
            return found
        try:
            validate_image(File(source, name=picture.path.name))
        except ValidationError:
            tally.skipped["not a picture Heaven can read: kept its address"] += 1
            return None
        tally.created += 1
        if context.dry_run:
            context.pictures_not_stored.add(checksum)
            return None
        image, _ = add_to_library(
            file=File(source, name=picture.path.name),
            name=f"wordpress/{picture.path.name}",
            alt_text=alt[:250],
            caption=attachment.caption if attachment else "",
        )
    return image

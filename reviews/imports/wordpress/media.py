"""Featured images: finding a post's featured image in a copy of wp-content/uploads
(--media-dir) and making it the review's hero image.

The export holds only the image's address. When the file is in the media folder
and is a picture Heaven can read, it goes into the image library (or the copy
already there is reused); otherwise the address is kept on the review as
``original_image_url``, a to-do for an editor.
"""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File

from heaven.uploads import validate_image
from reviews.imports.wordpress.export import Attachment
from reviews.imports.wordpress.summary import Tally
from reviews.library.models import Image, add_to_library, file_checksum
from reviews.models import Film, Review

# WordPress's resized copies: poster-300x200.jpg of poster.jpg.
SIZE_VARIANT = re.compile(r"-\d+x\d+(?=\.\w+$)")


class MediaFolder:
    """Files under --media-dir, found by their path below wp-content/uploads/ or, failing
    that, by file name alone."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.by_name: dict[str, Path] = {}
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and self.inside(path):
                self.by_name.setdefault(path.name, path)

    def inside(self, path: Path) -> bool:
        """Whether `path`, with every `..` and symbolic link followed, is in the
        folder: an export's URL (or a link in the folder) never reads a file
        elsewhere on the server."""
        return path.resolve().is_relative_to(self.root)

    def find(self, url: str) -> Path | None:
        path = unquote(urlsplit(url).path)
        if "/uploads/" in path:
            candidate = self.root / path.split("/uploads/", 1)[1].lstrip("/")
            if candidate.is_file() and self.inside(candidate):
                return candidate
        return self.by_name.get(path.rsplit("/", 1)[-1])

    def find_original(self, url: str) -> Path | None:
        """The file for a picture's address, a size variant WordPress made
        (``poster-300x200.jpg``) read as its original (``poster.jpg``) when the
        folder has it."""
        path = unquote(urlsplit(url).path)
        original = SIZE_VARIANT.sub("", path)
        return (original != path and self.find(original)) or self.find(path)

    def relative(self, path: Path) -> str:
        """``path`` below the folder, as ``Export.attachment_files`` keys it."""
        return path.resolve().relative_to(self.root).as_posix()


def set_hero_image(
    review: Review,
    attachment: Attachment | None,
    path: Path | None,
    *,
    film: Film | None,
    title: str,
    images: Tally,
    dry_run: bool,
) -> list[str]:
    """Give the review the post's featured image, found at ``path`` in the media
    folder; returns the names of the review's fields it changed."""
    if path:
        alt = attachment.alt.strip() or (
            f"Image for the review of {film}" if film else f"Image for “{title}”"
        )
        try:
            return _hero_image(review, path, alt[:250], images=images, dry_run=dry_run)
        except ValidationError:
            images.notes["not a picture Heaven can read: kept as original URL"] += 1
            if review.hero_id is None and review.original_image_url != attachment.url:
                review.original_image_url = attachment.url
                return ["original_image_url"]
    elif attachment and review.hero_id is None:
        images.notes["kept as original URL"] += 1
    elif attachment:
        images.notes["kept the hero image already here"] += 1
    return []


def _hero_image(
    review: Review, path: Path, alt: str, *, images: Tally, dry_run: bool
) -> list[str]:
    """Make the featured image the review's hero: a library image, reused when the
    same picture is there already (by checksum), copied in otherwise with the
    attachment's alt text. Nothing is written on --dry-run."""
    with path.open("rb") as source:
        picture = File(source, name=path.name)
        checksum = file_checksum(picture)
        if review.hero is not None and review.hero.checksum == checksum:
            images.unchanged += 1
            return []
        found = Image.objects.filter(checksum=checksum).first()
        if found is not None:
            # The library's alt text and credit are a writer's: kept as they are.
            images.notes["found in the image library"] += 1
            if dry_run:
                return []
            review.hero = found
            return ["hero"]
        validate_image(picture)  # a refusal keeps the post, not the picture
        images.notes["copied from the media folder"] += 1
        if dry_run:
            return []
        review.hero, _ = add_to_library(
            file=picture,
            name=f"wordpress/{review.wordpress_id}-{path.name}",
            alt_text=alt,
        )
    return ["hero"]

"""The social card: a library image cropped to 1.91:1 (what Facebook, LinkedIn and
others show for `og:image`) around its focal point, at most 1200 pixels wide.

Made once per source and focal point, by the first page that needs it, next to
the image's renditions
(`reviews.library.renditions`), under a name that holds the focal point, so moving
the point makes a new card and every host finds the same file. After that its
description comes from the cache, or on a cold cache from the stored file's name
and size.
"""

import io

from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

from reviews.library.renditions import QUALITY, Rendition, stored_stem

RATIO = 1.91
WIDEST = 1200


def crop_box(
    width: int, height: int, focal_x: int, focal_y: int
) -> tuple[int, int, int, int]:
    """The widest 1.91:1 box inside a `width`×`height` image, centred on the focal
    point (percent across and down) as far as the edges allow."""
    if width / height > RATIO:
        box_width, box_height = round(height * RATIO), height
    else:
        box_width, box_height = width, round(width / RATIO)
    left = round(width * focal_x / 100 - box_width / 2)
    top = round(height * focal_y / 100 - box_height / 2)
    left = min(max(left, 0), width - box_width)
    top = min(max(top, 0), height - box_height)
    return left, top, left + box_width, top + box_height


def card_name(source_name: str, focal_x: int, focal_y: int) -> str:
    return f"{stored_stem(source_name)}-card-{focal_x}-{focal_y}.jpg"


def _make(source_name: str, name: str, focal: tuple[int, int], storage):
    with storage.open(source_name, "rb") as handle:
        image = Image.open(handle)
        ImageOps.exif_transpose(image, in_place=True)
        image = image.convert("RGB")
    box = crop_box(image.width, image.height, *focal)
    width = min(WIDEST, box[2] - box[0])
    height = max(1, round(width / RATIO))
    card = image.crop(box).resize((width, height), Image.Resampling.LANCZOS)
    if not storage.exists(name):  # another worker got there first
        buffer = io.BytesIO()
        card.save(buffer, format="JPEG", quality=QUALITY)
        storage.save(name, ContentFile(buffer.getvalue()))
    return Rendition(storage.url(name), width, height, "image/jpeg")


def card(
    source_name: str, focal_x: int, focal_y: int, storage=None
) -> Rendition | None:
    """The card of a stored image, made on first use; None when it cannot be read."""
    storage = storage or default_storage
    name = card_name(source_name, focal_x, focal_y)
    key = f"card:{getattr(storage, 'location', '')}:{name}"
    found = cache.get(key)
    if found is None:
        try:
            if storage.exists(name):
                with storage.open(name, "rb") as handle:
                    width, height = Image.open(handle).size
                found = Rendition(storage.url(name), width, height, "image/jpeg")
            else:
                found = _make(source_name, name, (focal_x, focal_y), storage)
        except (
            OSError,
            ValueError,
            Image.DecompressionBombError,
            SuspiciousFileOperation,
        ):
            return None
        cache.set(key, found, timeout=None)
    return found

"""Responsive renditions of uploaded images, made once with Pillow.

Each source image gets a WebP and a JPEG copy at several widths, stored in the
default (media) storage under a name derived from the source name, so every worker
and host finds the same files, plus a small JSON manifest written last. Renditions
are made the first time a page shows the image (or ahead of time by the
`make_renditions` command); after that a page reads their description from the
cache, or on a cold cache from the manifest: no image work per request.
"""

import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (480, 800, 1200, 1600)
FORMATS = {"webp": ("WEBP", "image/webp"), "jpg": ("JPEG", "image/jpeg")}
QUALITY = 82
VERSION = 1  # bump to remake every rendition after changing the recipe


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class RenditionSet:
    width: int
    height: int
    webp: tuple[Rendition, ...]
    jpeg: tuple[Rendition, ...]

    @property
    def fallback(self) -> Rendition:
        """The JPEG for `src`: the one nearest 800 pixels wide."""
        return min(self.jpeg, key=lambda r: abs(r.width - 800))

    @staticmethod
    def srcset(renditions) -> str:
        return ", ".join(f"{r.url} {r.width}w" for r in renditions)

    @property
    def webp_srcset(self) -> str:
        return self.srcset(self.webp)

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset(self.jpeg)


def stored_stem(source_name: str) -> str:
    """renditions/ab/cd/<stem>-<hash>: the same on every host for the same source."""
    digest = hashlib.sha256(f"{VERSION}:{source_name}".encode()).hexdigest()[:12]
    stem = PurePosixPath(source_name).stem[:60]
    return f"renditions/{digest[:2]}/{digest[2:4]}/{stem}-{digest}"


def rendition_name(source_name: str, width: int, extension: str) -> str:
    return f"{stored_stem(source_name)}-{width}w.{extension}"


def manifest_name(source_name: str) -> str:
    """Written last: its presence means every rendition of the source exists."""
    return f"{stored_stem(source_name)}.json"


def target_widths(source_width: int) -> list[int]:
    widths = [w for w in WIDTHS if w < source_width]
    return [*widths, min(source_width, WIDTHS[-1])]


def cache_key(source_name: str, storage) -> str:
    where = getattr(storage, "location", "")  # two media roots never share a key
    digest = hashlib.sha256(f"{where}:{source_name}".encode()).hexdigest()
    return f"renditions:{VERSION}:{digest}"


def missing_renditions(source_name: str, storage=None) -> bool:
    storage = storage or default_storage
    return not storage.exists(manifest_name(source_name))


def described(source_name: str, sizes: list[tuple[int, int]], storage) -> RenditionSet:
    made = {
        extension: tuple(
            Rendition(
                storage.url(rendition_name(source_name, width, extension)),
                width,
                height,
                mime,
            )
            for width, height in sizes
        )
        for extension, (_, mime) in FORMATS.items()
    }
    width, height = sizes[-1]
    return RenditionSet(width, height, made["webp"], made["jpg"])


def make_renditions(source_name: str, *, storage=None) -> RenditionSet:
    """Make (if missing) and describe every rendition of `source_name`. Once made,
    the manifest answers without opening the source image again."""
    storage = storage or default_storage
    manifest = manifest_name(source_name)
    if storage.exists(manifest):
        with storage.open(manifest, "rb") as handle:
            sizes = [tuple(size) for size in json.load(handle)["sizes"]]
        return described(source_name, sizes, storage)
    with storage.open(source_name, "rb") as handle:
        image = Image.open(handle)
        if image.format == "JPEG":
            # Decode at the smallest scale (1/2, 1/4, 1/8) still as wide as the
            # widest rendition: a 6300-pixel photo then takes a quarter of the
            # memory and time (see bench/upload_memory.py).
            widest = WIDTHS[-1]
            image.draft("RGB", (min(image.width, widest), min(image.height, widest)))
        ImageOps.exif_transpose(image, in_place=True)
        image.load()
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    elif image.mode != "RGB":
        image = image.convert("RGB")
    source_width, source_height = image.size
    sizes = []
    for width in target_widths(source_width):
        height = max(1, round(source_height * width / source_width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for extension, (pil_format, _) in FORMATS.items():
            name = rendition_name(source_name, width, extension)
            if storage.exists(name):  # another worker got there first
                continue
            buffer = io.BytesIO()
            resized.save(buffer, format=pil_format, quality=QUALITY)
            storage.save(name, ContentFile(buffer.getvalue()))
        sizes.append((width, height))
    if not storage.exists(manifest):
        storage.save(manifest, ContentFile(json.dumps({"sizes": sizes}).encode()))
    return described(source_name, sizes, storage)


def renditions(field_file, *, refresh: bool = False) -> RenditionSet | None:
    """The renditions of an image field's file, made on first use; None when
    there is no image or it cannot be read."""
    if not field_file:
        return None
    return renditions_of(field_file.name, field_file.storage, refresh=refresh)


def renditions_of(
    source_name: str, storage=None, *, refresh: bool = False
) -> RenditionSet | None:
    """The same, for a stored file known by its name (an image in a body)."""
    storage = storage or default_storage
    key = cache_key(source_name, storage)
    found = None if refresh else cache.get(key)
    if found is None:
        try:
            found = make_renditions(source_name, storage=storage)
        except (
            OSError,
            ValueError,
            Image.DecompressionBombError,
            SuspiciousFileOperation,  # a name outside the media folder
        ):
            return None
        cache.set(key, found, timeout=None)
    return found

"""Responsive renditions of uploaded images, made once with Pillow.

Each source image gets a WebP and a JPEG copy at several widths, stored in the
default (media) storage under a name derived from the source name, so every worker
and host finds the same files. A rendition is made the first time a page asks for
it; after that a page only reads the cached list of what exists (no storage calls,
no image work per request). `make_renditions` can also be called ahead of time.
"""

import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.cache import cache
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


def rendition_name(source_name: str, width: int, extension: str) -> str:
    """renditions/ab/cd/<stem>-<hash>-<width>w.<ext>: the same on every host."""
    digest = hashlib.sha256(f"{VERSION}:{source_name}".encode()).hexdigest()[:12]
    stem = PurePosixPath(source_name).stem[:60]
    return f"renditions/{digest[:2]}/{digest[2:4]}/{stem}-{digest}-{width}w.{extension}"


def target_widths(source_width: int) -> list[int]:
    widths = [w for w in WIDTHS if w < source_width]
    return [*widths, min(source_width, WIDTHS[-1])]


def cache_key(source_name: str, storage) -> str:
    where = getattr(storage, "location", "")  # two media roots never share a key
    digest = hashlib.sha256(f"{where}:{source_name}".encode()).hexdigest()
    return f"renditions:{VERSION}:{digest}"


def make_renditions(source_name: str, *, storage=None) -> RenditionSet:
    """Make (if missing) and describe every rendition of `source_name`."""
    storage = storage or default_storage
    with storage.open(source_name, "rb") as handle:
        image = ImageOps.exif_transpose(Image.open(handle))
        image.load()
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    source_width, source_height = image.size
    made = {"webp": [], "jpg": []}
    for width in target_widths(source_width):
        height = max(1, round(source_height * width / source_width))
        resized = None
        for extension, (pil_format, mime) in FORMATS.items():
            name = rendition_name(source_name, width, extension)
            if not storage.exists(name):
                if resized is None:
                    resized = image.convert("RGB").resize(
                        (width, height), Image.Resampling.LANCZOS
                    )
                buffer = io.BytesIO()
                resized.save(buffer, format=pil_format, quality=QUALITY)
                storage.save(name, ContentFile(buffer.getvalue()))
            made[extension].append(Rendition(storage.url(name), width, height, mime))
    top = made["jpg"][-1]
    return RenditionSet(top.width, top.height, tuple(made["webp"]), tuple(made["jpg"]))


def renditions(field_file) -> RenditionSet | None:
    """The renditions of an image field's file, made on first use; None when
    there is no image or it cannot be read."""
    if not field_file:
        return None
    key = cache_key(field_file.name, field_file.storage)
    found = cache.get(key)
    if found is None:
        try:
            found = make_renditions(field_file.name, storage=field_file.storage)
        except (OSError, ValueError, Image.DecompressionBombError):
            return None
        cache.set(key, found, timeout=None)
    return found

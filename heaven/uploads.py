"""Checks every uploaded image passes before it is stored.

The image code only ever opens files that are one of a few formats, no bigger than
MAX_IMAGE_BYTES and no more than MAX_IMAGE_PIXELS pixels, so a hostile upload
(a renamed script, a decompression bomb) is refused with a form error instead of
crashing a rendition later.
"""

import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def max_image_bytes() -> int:
    return getattr(settings, "MAX_IMAGE_BYTES", 15 * 1024 * 1024)


def max_image_pixels() -> int:
    return getattr(settings, "MAX_IMAGE_PIXELS", 40_000_000)


def validate_image(upload) -> None:
    """Raise ValidationError (with a message a writer understands) unless `upload`
    is an image Heaven will process."""
    if upload is None or upload == "":
        return
    if isinstance(upload, FieldFile) and getattr(upload, "_committed", True):
        return  # already stored: it was checked when it was uploaded
    size = getattr(upload, "size", None)
    if size is not None and size > max_image_bytes():
        raise ValidationError(
            f"This file is {filesizeformat(size)}; images may be at most "
            f"{filesizeformat(max_image_bytes())}.",
            code="image_too_large",
        )
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            # Pillow warns between the limit and twice it; the check below refuses
            # those with a message of its own.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as error:
        if isinstance(error, Image.DecompressionBombError):
            raise ValidationError(
                "This image has too many pixels to process safely.",
                code="image_too_many_pixels",
            ) from error
        raise ValidationError(
            "This file is not an image Heaven can read; upload a JPEG, PNG, WebP or GIF.",
            code="image_unreadable",
        ) from error
    finally:
        if position is not None:
            upload.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            f"{image_format} images are not accepted; upload a JPEG, PNG, WebP or GIF.",
            code="image_format",
        )
    if width * height > max_image_pixels():
        raise ValidationError(
            f"This image is {width}×{height} pixels; images may have at most "
            f"{max_image_pixels():,} pixels.",
            code="image_too_many_pixels",
        )
    decode_fully(upload)


def decode_fully(upload) -> None:
    """Decode every pixel (the header alone says nothing of the rest) and make a
    small thumbnail, as renditions will: a truncated JPEG or a PNG with a broken
    chunk is refused now, with a form error, instead of breaking pages later.
    Only called once the pixel count is within MAX_IMAGE_PIXELS, so the decoded
    image stays within that budget."""
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            image.thumbnail((64, 64))
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            "This image is damaged or incomplete (it could not be decoded to the "
            "end); export or download it again and upload the new file.",
            code="image_damaged",
        ) from error
    finally:
        if position is not None:
            upload.seek(position)


def use_pixel_limit() -> None:
    """Pillow's own decompression-bomb guard follows MAX_IMAGE_PIXELS: it warns
    above it and refuses twice it, wherever an image is opened (renditions too)."""
    Image.MAX_IMAGE_PIXELS = max_image_pixels()


class CheckedImageFormField(forms.ImageField):
    """Django's image field, with `validate_image` first, so each refusal has its
    own message instead of Django's one "Upload a valid image"."""

    def to_python(self, data):
        if data not in self.empty_values:
            validate_image(data)
        return super().to_python(data)


class CheckedImageField(models.ImageField):
    """An ImageField whose uploads pass `validate_image`, in forms and in
    `full_clean()`. Every image a writer uploads uses it."""

    default_validators = [validate_image]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

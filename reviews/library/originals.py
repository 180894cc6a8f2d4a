"""What the stored original of an upload keeps: phones write pictures sideways
with an EXIF Orientation tag, and with the place they were taken (GPS). The
stored original is turned upright, so its width and height (and every body
figure's) are the ones readers see, and loses its location, since originals are
served as they are."""

import io

from PIL import Image, ImageOps

ORIENTATION = 0x0112
GPS_IFD = 0x8825
# Formats written back after a change; a GIF has no EXIF, an animation is left as is.
REWRITABLE = {"JPEG", "PNG", "WEBP"}
# Where Pillow keeps XMP (JPEG and WebP, PNG).
XMP_KEYS = {"xmp", "XML:com.adobe.xmp"}


def upright_without_location(upload) -> bytes | None:
    """The upload's bytes turned upright and without GPS or XMP (XMP carries
    location too), or None when it needs neither."""
    position = upload.tell() if hasattr(upload, "tell") else None
    upload.seek(0)
    try:
        return _upright_without_location(upload)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None  # not a picture Pillow reads: `validate_image` says so
    finally:
        if position is not None:
            upload.seek(position)


def _upright_without_location(upload) -> bytes | None:
    with Image.open(upload) as image:
        if image.format not in REWRITABLE or getattr(image, "n_frames", 1) > 1:
            return None
        exif = image.getexif()
        rotated = exif.get(ORIENTATION, 1) != 1
        located = GPS_IFD in exif or bool(XMP_KEYS & image.info.keys())
        if not (rotated or located):
            return None
        return _rewritten(image, rotated=rotated)


def _rewritten(image: Image.Image, *, rotated: bool) -> bytes:
    image_format = image.format
    params = {}
    if image.info.get("icc_profile"):
        params["icc_profile"] = image.info["icc_profile"]
    if image_format == "JPEG":
        # Unturned, the JPEG is re-encoded with its own quantization tables, as
        # near lossless as re-encoding gets; turned, at high quality.
        params["quality"] = 95 if rotated else "keep"
    elif image_format == "WEBP":
        params["quality"] = 95
    upright = ImageOps.exif_transpose(image) if rotated else image
    exif = upright.getexif()
    exif.pop(GPS_IFD, None)
    exif.pop(ORIENTATION, None)
    for key in XMP_KEYS:
        upright.info.pop(key, None)
    buffer = io.BytesIO()
    upright.save(buffer, format=image_format, exif=exif.tobytes(), **params)
    return buffer.getvalue()

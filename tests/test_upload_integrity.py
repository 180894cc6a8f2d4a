"""What an upload must survive: a picture cut short or damaged is refused with a
field error, a phone photo is stored upright and without where it was taken, a
big picture's renditions are made before anyone views it, and a disk that fills
mid-write leaves no partial file and shows a form error, not a server error."""

import errno
import io
import random

import pytest
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from heaven.storage import AtomicFileSystemStorage
from reviews.library.body_images import expand
from reviews.library.renditions import manifest_name
from reviews.models import Image
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db

ORIENTATION, GPS_IFD, MAKE, MODEL = 0x0112, 0x8825, 0x010F, 0x0110


def noisy(size) -> PILImage.Image:
    """A picture with detail, as a camera's is (a flat colour compresses to
    almost nothing and hides truncation)."""
    rng = random.Random(17)
    small = PILImage.new("RGB", (size[0] // 8, size[1] // 8))
    small.putdata(
        [
            (rng.randrange(256), rng.randrange(256), rng.randrange(256))
            for _ in range(small.width * small.height)
        ]
    )
    return small.resize(size, PILImage.Resampling.BILINEAR)


def phone_photo(size=(3000, 2000)) -> bytes:
    """A JPEG as a phone writes one held upright: the sensor's landscape pixels,
    an Orientation tag saying "turn 90° clockwise", the maker and the GPS
    position (Seoul)."""
    picture = noisy(size)
    picture.paste((255, 0, 0), (0, 0, 200, 200))  # the sensor's top-left corner
    exif = PILImage.Exif()
    exif[MAKE] = "Apple"
    exif[MODEL] = "iPhone 13"
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (37.0, 33.0, 59.4), 3: "E", 4: (126.0, 58.0, 41.0)})
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def upload(admin_client, content: bytes, name: str, content_type="image/jpeg"):
    data = {
        "file": SimpleUploadedFile(name, content, content_type=content_type),
        "alt_text": "Jun Jong-seo on set",
        "focal_x": 50,
        "focal_y": 50,
    }
    return admin_client.post(admin_url(Image, "add"), data)


def stored_files(media_root) -> list[str]:
    if not media_root.exists():
        return []
    return sorted(
        str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()
    )


def jpeg_bytes(size=(1200, 800)) -> bytes:
    buffer = io.BytesIO()
    noisy(size).save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def test_a_truncated_jpeg_is_refused_with_a_field_error(admin_client, media_root):
    whole = jpeg_bytes()
    cut = whole[: len(whole) * 6 // 10]  # a download that stopped part-way

    response = upload(admin_client, cut, "still.jpg")

    assert response.status_code == 200
    assert "damaged or incomplete" in response.text
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_a_png_with_a_damaged_chunk_is_refused_with_a_field_error(admin_client):
    buffer = io.BytesIO()
    noisy((600, 400)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    idat = data.index(b"IDAT")
    data[idat + 200 : idat + 400] = bytes(200)  # zeroes over the compressed pixels

    response = upload(admin_client, bytes(data), "poster.png", "image/png")

    assert response.status_code == 200
    assert "damaged or incomplete" in response.text
    assert not Image.objects.exists()


def test_a_phone_photo_is_stored_upright_without_its_location(admin_client):
    photo = phone_photo()
    with PILImage.open(io.BytesIO(photo)) as sent:  # what the phone wrote
        assert sent.getexif().get_ifd(GPS_IFD)
        assert sent.size == (3000, 2000)

    response = upload(admin_client, photo, "IMG_0412.JPG")

    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (2000, 3000)
    with image.file.open("rb"), PILImage.open(image.file) as stored:
        assert stored.size == (2000, 3000)
        exif = stored.getexif()
        assert GPS_IFD not in exif
        assert not exif.get_ifd(GPS_IFD)
        assert exif.get(ORIENTATION, 1) == 1
        assert exif.get(MAKE) == "Apple"  # only the location goes
        # The sensor's top-left is now top-right, as the phone showed it.
        red, green, blue = stored.convert("RGB").getpixel((1950, 50))
        assert red > 200 and green < 60 and blue < 60
    # Body figures give the upright size.
    figure = expand(f"<p>[[image:{image.pk}]]</p>", [])
    assert 'width="2000" height="3000"' in figure


def test_a_big_pictures_renditions_exist_before_its_first_view(admin_client):
    response = upload(admin_client, phone_photo(), "IMG_0413.JPG")

    assert response.status_code == 302
    image = Image.objects.get()
    assert image.file.storage.exists(manifest_name(image.file.name))


class ChunksThatFillTheDisk(File):
    """The upload as a storage writes it, with the disk filling after the first
    chunk: the write fails with ENOSPC, as it does on a full disk."""

    def chunks(self, chunk_size=None):
        chunks = super().chunks(64 * 1024)
        yield next(chunks)
        raise OSError(errno.ENOSPC, "No space left on device")


class DiskFullStorage(AtomicFileSystemStorage):
    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ChunksThatFillTheDisk(content.file, name=name))


def test_a_full_disk_leaves_no_partial_file_and_shows_a_form_error(
    admin_client, settings, media_root
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.test_upload_integrity.DiskFullStorage"},
    }
    content = jpeg_bytes((1600, 1000))
    assert len(content) > 64 * 1024

    response = upload(admin_client, content, "still.jpg")

    assert response.status_code == 200
    assert "could not be stored" in response.text
    assert "No space left on device" in response.text
    assert not Image.objects.exists()
    assert stored_files(media_root) == []

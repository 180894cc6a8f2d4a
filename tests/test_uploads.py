"""Every image upload is checked before it is stored: an allowed format that Pillow
opens, at most MAX_IMAGE_BYTES and MAX_IMAGE_PIXELS, each refusal with its own
message on the admin form."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse
from PIL import Image

from heaven import uploads
from reviews.models import Image as LibraryImage
from reviews.models import Provider
from tests.conftest import make_provider
from tests.workflow_support import client_for, form_data, make_user

# Heroes, posters and photos are library images: the library's file field is
# the one upload they all go through.
IMAGE_FIELDS = [
    (LibraryImage, "file"),
    (Provider, "logo"),
]


def image_file(name="photo.png", *, size=(40, 30), format="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, format=format)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def small_limits(settings):
    settings.MAX_IMAGE_BYTES = 20_000
    settings.MAX_IMAGE_PIXELS = 10_000
    uploads.use_pixel_limit()
    yield
    # The settings fixture puts the setting back; Pillow's copy follows it.
    settings.MAX_IMAGE_PIXELS = 40_000_000
    uploads.use_pixel_limit()


REFUSALS = {
    "not an image": (
        lambda: SimpleUploadedFile("photo.jpg", b"#!/bin/sh\necho not a picture\n"),
        "is not an image Heaven can read",
    ),
    "format not allowed": (
        lambda: image_file("photo.bmp", format="BMP"),
        "BMP images are not accepted",
    ),
    "too big": (
        lambda: SimpleUploadedFile("photo.png", image_file().read() + b"\0" * 30_000),
        "images may be at most 19.5",
    ),
    "too many pixels": (
        lambda: image_file(size=(120, 100)),
        "This image is 120×100 pixels; images may have at most 10,000 pixels.",
    ),
    "decompression bomb": (
        lambda: image_file(size=(400, 400)),
        "This image has too many pixels to process safely.",
    ),
}


@pytest.mark.parametrize("model, field", IMAGE_FIELDS)
@pytest.mark.parametrize("refusal", REFUSALS)
def test_every_image_field_refuses_with_its_own_message(
    db, small_limits, model, field, refusal
):
    make_upload, message = REFUSALS[refusal]
    form_class = modelform_factory(model, fields=[field])

    form = form_class(data={}, files={field: make_upload()})

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


@pytest.mark.parametrize("model, field", IMAGE_FIELDS)
def test_every_image_field_accepts_a_good_image(db, small_limits, model, field):
    form_class = modelform_factory(model, fields=[field])
    form = form_class(data={}, files={field: image_file("good.jpg", format="JPEG")})

    assert form.is_valid(), form.errors


def test_the_admin_form_shows_the_refusal_next_to_the_field(client, db, small_limits):
    client = client_for(make_user(superuser=True))
    url = reverse("admin:reviews_image_add")
    data = form_data(client.get(url))

    response = client.post(
        url, {**data, "alt_text": "Jun Jong-seo", "file": image_file(size=(120, 100))}
    )

    assert response.status_code == 200
    assert "This image is 120×100 pixels" in response.content.decode()
    assert not LibraryImage.objects.exists()


def test_a_stored_image_is_not_checked_again(db, small_limits, media_root):
    provider = make_provider("Netflix")
    provider.logo.save("old.png", image_file(size=(500, 500)), save=True)

    provider.full_clean()  # the stored file is over today's limit, and that is fine


def test_pillow_refuses_what_the_settings_refuse(settings, small_limits):
    assert Image.MAX_IMAGE_PIXELS == settings.MAX_IMAGE_PIXELS == 10_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(image_file(size=(400, 400)))

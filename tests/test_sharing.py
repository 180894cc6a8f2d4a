"""Sharing a review: plain share links and a copy button (no third-party script),
and a social card cropped to 1.91:1 around the picture's focal point."""

import io
import re
from html import unescape
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from reviews.library.cards import crop_box
from reviews.library.models import add_to_library
from tests.conftest import make_review


def split_image(size, *, across: bool):
    """A JPEG in the library: red in the first half (left or top), blue after."""
    from django.core.files.base import ContentFile

    picture = PILImage.new("RGB", size, (220, 0, 0))
    half = (size[0] // 2, 0, *size) if across else (0, size[1] // 2, *size)
    picture.paste((0, 0, 220), half)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=95)
    image, _ = add_to_library(
        file=ContentFile(buffer.getvalue()), name="split.jpg", alt_text="Split"
    )
    return image


def card_pixels(client, review):
    page = client.get(review.get_absolute_url()).text
    url = unescape(re.search(r'property="og:image" content="([^"]+)"', page)[1])
    name = url.removeprefix("http://testserver/media/")
    with default_storage.open(name, "rb") as handle:
        card = PILImage.open(handle)
        card.load()
    width = re.search(r'property="og:image:width" content="(\d+)"', page)[1]
    height = re.search(r'property="og:image:height" content="(\d+)"', page)[1]
    assert (int(width), int(height)) == card.size
    return card


def is_blue(pixel) -> bool:
    red, _, blue = pixel
    return blue > 150 and red < 80


@pytest.mark.parametrize(
    "size, across, focal",
    [((3000, 600), True, {"focal_x": 90}), ((800, 1600), False, {"focal_y": 90})],
    ids=["a wide picture, focal point right", "a tall one, focal point low"],
)
def test_the_card_is_cropped_around_the_focal_point(client, db, size, across, focal):
    image = split_image(size, across=across)
    for field, value in focal.items():
        setattr(image, field, value)
    image.save()
    review = make_review(hero=image)

    card = card_pixels(client, review)

    assert abs(card.width / card.height - 1.91) < 0.01
    assert card.width <= 1200
    # The focal point is in the blue half, and so is all of the card.
    corners = [(0, 0), (card.width - 1, 0), (0, card.height - 1)]
    assert all(is_blue(card.getpixel(corner)) for corner in corners)


def test_moving_the_focal_point_makes_a_new_card(client, db):
    image = split_image((3000, 600), across=True)
    review = make_review(hero=image)
    image.focal_x = 5
    image.save()
    left = card_pixels(client, review)
    image.focal_x = 95
    image.save()
    right = card_pixels(client, review)

    assert not is_blue(left.getpixel((0, 0)))
    assert is_blue(right.getpixel((0, 0)))


def test_crop_box_keeps_inside_the_picture():
    assert crop_box(1910, 1000, 50, 50) == (0, 0, 1910, 1000)
    assert crop_box(4000, 1000, 0, 50) == (0, 0, 1910, 1000)
    assert crop_box(4000, 1000, 100, 50) == (2090, 0, 4000, 1000)
    assert crop_box(1000, 2000, 50, 0) == (0, 0, 1000, 524)


def test_a_review_has_plain_share_links_and_no_third_party_script(client, db):
    review = make_review("Burning, reviewed")
    page = client.get(review.get_absolute_url()).text
    url = quote(f"http://testserver{review.get_absolute_url()}", safe="")

    assert f"https://www.facebook.com/sharer/sharer.php?u={url}" in page
    assert f"https://bsky.app/intent/compose?text=Burning%2C%20reviewed%20{url}" in page
    assert "mailto:?subject=Burning%2C%20reviewed&amp;body=" in page
    scripts = re.findall(r"<script[^>]*>", page)
    runnable = [tag for tag in scripts if "application/ld+json" not in tag]
    assert runnable == ['<script src="/static/site/share.js" defer>']


def test_a_preview_has_no_share_links(admin_client, db):
    review = make_review(published=False)

    page = admin_client.get(review.get_absolute_url()).text

    assert "Share this review" not in page

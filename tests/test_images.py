"""Responsive image renditions: several widths, WebP and JPEG, made once under a
deterministic name in media storage."""

import io
import re
from io import StringIO

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from reviews.library.renditions import make_renditions, rendition_name, renditions
from tests.conftest import make_library_image, make_review


def jpeg(width=1600, height=900, mode="RGB") -> ContentFile:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), (200, 30, 60)).save(
        buffer, format="PNG" if mode == "RGBA" else "JPEG"
    )
    return ContentFile(buffer.getvalue())


def review_with_image(**fields):
    return make_review(
        hero=make_library_image("A dancer in a dark corridor."), **fields
    )


def test_renditions_are_made_at_several_widths_in_webp_and_jpeg(db, media_root):
    review = review_with_image()

    found = renditions(review.hero.file)

    assert [r.width for r in found.webp] == [480, 800, 1200, 1600]
    assert [r.width for r in found.jpeg] == [480, 800, 1200, 1600]
    assert (found.width, found.height) == (1600, 900)
    for rendition in found.webp + found.jpeg:
        path = media_root / rendition.url.removeprefix("/media/")
        with Image.open(path) as image:
            assert image.format == (
                "WEBP" if rendition.mime == "image/webp" else "JPEG"
            )
            assert image.size == (rendition.width, rendition.height)


def test_rendition_names_are_deterministic():
    assert rendition_name("reviews/hero.jpg", 800, "webp") == rendition_name(
        "reviews/hero.jpg", 800, "webp"
    )
    assert rendition_name("reviews/hero.jpg", 800, "webp") != rendition_name(
        "reviews/other/hero.jpg", 800, "webp"
    )
    assert rendition_name("reviews/hero.jpg", 800, "webp").endswith("-800w.webp")


def test_renditions_are_made_once_not_per_request(client, db, media_root):
    review = review_with_image()
    client.get(review.get_absolute_url())
    files = sorted((media_root / "renditions").rglob("*.*"))
    stamps = [path.stat().st_mtime_ns for path in files]
    # Four widths in each format, the manifest, and the social card (og:image).
    assert (
        sorted(path.suffix for path in files)
        == [".jpg"] * 5 + [".json"] + [".webp"] * 4
    )
    assert len([path for path in files if "-card-" in path.name]) == 1

    cache.clear()  # even a cold cache (a new worker) finds the stored files
    for _ in range(3):
        client.get(review.get_absolute_url())

    assert sorted((media_root / "renditions").rglob("*.*")) == files
    assert [path.stat().st_mtime_ns for path in files] == stamps


def test_small_images_are_not_upscaled_and_transparency_is_flattened(db):
    name = default_storage.save("reviews/small.png", jpeg(600, 300, mode="RGBA"))

    found = make_renditions(name)

    assert [r.width for r in found.jpeg] == [480, 600]
    assert found.fallback.width == 600


def test_review_page_serves_picture_with_srcset_sizes_and_no_layout_shift(client, db):
    review = review_with_image()

    html = client.get(review.get_absolute_url()).content.decode()
    picture = re.search(r'<figure class="hero">.*?</figure>', html, re.S).group()

    assert 'type="image/webp"' in picture
    assert re.search(r'srcset="[^"]*-480w\.webp 480w, [^"]*-800w\.webp 800w', picture)
    assert re.search(r'srcset="[^"]*-480w\.jpg 480w', picture)
    assert 'width="1600" height="900"' in picture
    assert 'alt="A dancer in a dark corridor."' in picture
    assert 'loading="lazy"' not in picture  # the hero is above the fold


def test_home_lazy_loads_cards_below_the_fold(client, db):
    for _ in range(4):
        review_with_image()

    html = client.get("/").content.decode()
    images = re.findall(r"<img [^>]*>", html)

    assert len(images) == 4
    assert ['loading="lazy"' in tag for tag in images] == [False, False, True, True]


def test_a_missing_image_file_does_not_break_the_page(client, db, media_root):
    review = review_with_image()
    (media_root / review.hero.file.name).unlink()
    cache.clear()

    assert client.get(review.get_absolute_url()).status_code == 200


def test_media_is_served_only_when_the_setting_says_so(client, db, settings):
    review = review_with_image()
    url = review.hero.file.url

    settings.SERVE_MEDIA = False
    assert client.get(url).status_code == 404
    settings.SERVE_MEDIA = True
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    response.close()
    assert client.get("/media/../heaven/settings.py").status_code in (400, 404)


def test_make_renditions_command_makes_what_is_missing_once(db, media_root):
    review = review_with_image()

    out = StringIO()
    call_command("make_renditions", "--dry-run", stdout=out)
    assert "1 images need renditions (dry run)." in out.getvalue()
    assert not (media_root / "renditions").exists()

    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "Made renditions for 1 images." in out.getvalue()
    assert renditions(review.hero.file).webp[0].url.endswith("-480w.webp")

    out = StringIO()
    call_command("make_renditions", stdout=out)
    assert "Nothing to do." in out.getvalue()

"""`import_wordpress --media-dir`: pictures inside bodies and galleries go into the
image library once and the bodies show them from there; and links between the old
site's posts and pages point at their new addresses."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image as PillowImage

from reviews.library.body_images import picture_problems
from reviews.library.models import Image
from reviews.models import Page, Review

pytestmark = pytest.mark.django_db

EXPORT = Path(__file__).parent / "data" / "wordpress" / "body-pictures-and-links.xml"


def run(*args) -> str:
    out = StringIO()
    call_command("import_wordpress", str(EXPORT), *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def uploads(tmp_path) -> Path:
    """A copy of wp-content/uploads: two originals and the 300×200 copy WordPress
    made of one (fog's 1024×683 copy, and lost-still.jpg, are missing)."""
    folder = tmp_path / "uploads" / "2024" / "03"
    folder.mkdir(parents=True)
    poster = PillowImage.new("RGB", (600, 400), (180, 40, 40))
    poster.save(folder / "decision-to-leave.jpg", "JPEG")
    poster.resize((300, 200)).save(folder / "decision-to-leave-300x200.jpg", "JPEG")
    PillowImage.new("RGB", (640, 427), (90, 90, 120)).save(folder / "fog.jpg", "JPEG")
    return tmp_path / "uploads"


@pytest.fixture
def imported(uploads, media_root) -> str:
    return run("--media-dir", uploads)


def review(post_id: int) -> Review:
    return Review.objects.get(wordpress_id=post_id)


def test_each_picture_goes_into_the_library_once_as_its_original(imported, uploads):
    # Two pictures, used in two posts and a page, in full and resized.
    assert Image.objects.count() == 2
    ridge = Image.objects.get(alt_text="Tang Wei on a mountain ridge")
    # The 300×200 copy is read as its original.
    assert ridge.file.read() == (uploads / "2024/03/decision-to-leave.jpg").read_bytes()
    assert (ridge.width, ridge.height) == (600, 400)
    # Alt text and caption come from the attachment in the export.
    assert ridge.caption == "Tang Wei as Seo-rae, on the ridge."
    fog = Image.objects.get(alt_text="Fog over the harbour at Ipo")
    assert fog.caption == ""
    assert "pictures in bodies: 2 created, 3 found" in imported


def test_bodies_show_library_figures_that_pass_the_picture_rule(imported):
    ridge = Image.objects.get(alt_text="Tang Wei on a mountain ridge")
    fog = Image.objects.get(alt_text="Fog over the harbour at Ipo")
    body = review(301).body
    # The resized copy linked to its full size becomes the library figure.
    figure = (
        f'<figure><img src="{ridge.file.url}" alt="Tang Wei on a mountain ridge" '
        'width="600" height="400"><figcaption>Tang Wei as Seo-rae, on the ridge.'
        "</figcaption></figure>"
    )
    assert figure in body
    # The gallery's pictures too.
    assert f'<img src="{fog.file.url}"' in body
    assert "decision-to-leave-300x200" not in body
    assert "fog.jpg" not in body.replace(fog.file.url, "")
    # The block editor's figure keeps its place; the [caption] keeps its words.
    assert f'<figure><img src="{fog.file.url}"' in review(302).body
    about = Page.objects.get(wordpress_id=303).body
    assert f'<img src="{ridge.file.url}"' in about
    assert "<figcaption>My favourite film.</figcaption>" in about
    # What the review form and the checklist accept (the missing picture aside).
    problems = picture_problems(review(302).body)
    assert problems == []


def test_the_public_page_gives_body_pictures_renditions(imported, client):
    response = client.get(review(302).get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert 'srcset="/media/renditions/' in page


def test_pictures_not_in_the_folder_are_listed_with_their_post(imported):
    missing = "https://www.cinemablog.example/wp-content/uploads/2024/03/lost-still.jpg"
    assert f"picture not in the media folder: post 301 shows {missing}" in imported
    # The post is imported all the same, the picture at its old address.
    assert f'<img src="{missing}"' in review(301).body
    assert "1 skipped (not in the media folder)" in imported


def test_a_second_run_changes_nothing(imported, uploads):
    bodies = {r.pk: r.body for r in Review.objects.all()}
    output = run("--media-dir", uploads)
    assert Image.objects.count() == 2
    assert {r.pk: r.body for r in Review.objects.all()} == bodies
    assert "2 posts: 0 created, 0 updated, 2 unchanged" in output


def test_dry_run_stores_no_picture(uploads, media_root):
    output = run("--media-dir", uploads, "--dry-run")
    assert not Image.objects.exists()
    assert not Review.objects.exists()
    assert not (Path(media_root) / "library").exists()
    assert "pictures in bodies: 2 created" in output


def test_a_file_that_is_no_picture_keeps_its_address_and_the_post(uploads, media_root):
    (uploads / "2024/03/fog.jpg").write_bytes(b"<html>Not found</html>")
    output = run("--media-dir", uploads)
    assert "fog-1024x683.jpg" in review(302).body
    assert "not a picture Heaven can read: kept its address" in output
    assert Image.objects.count() == 1


def test_without_the_media_folder_body_pictures_keep_their_addresses():
    run()
    assert not Image.objects.exists()
    assert "decision-to-leave-300x200.jpg" in review(301).body


def test_links_to_old_posts_and_pages_point_at_the_new_addresses(imported):
    body = review(301).body
    past_lives = review(302).get_absolute_url()
    assert f'<a href="{past_lives}" rel="noopener">review of Past Lives</a>' in body
    assert f'<a href="{past_lives}#verdict" rel="noopener">verdict</a>' in body
    assert '<a href="/about/" rel="noopener">who I am</a>' in body
    assert '<a href="/about/" rel="noopener">about me</a>' in body
    # Another site's link stays; none to the old site's posts is left.
    assert 'href="https://example.org/decision"' in body
    assert "cinemablog.example/?p" not in body
    assert "cinemablog.example/2024" not in body
    # A link to a post earlier in the file, and from a page.
    decision = review(301).get_absolute_url()
    assert f'href="{decision}"' in review(302).body
    assert f'href="{decision}"' in Page.objects.get(wordpress_id=303).body


def test_rewritten_links_lead_to_the_pages(imported, client):
    body = review(301).body
    assert client.get(review(302).get_absolute_url()).status_code == 200
    assert 'href="/about/"' in body
    assert client.get("/about/").status_code == 200

"""The image library: one upload per picture, alt text required, in-body images
with a srcset."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from reviews.models import Image, Review
from tests.conftest import make_review
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db


def jpeg(colour=(120, 20, 40), size=(1400, 800), name="still.jpg"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def make_image(**fields) -> Image:
    fields.setdefault("alt_text", "Jun Jong-seo in a neon-lit corridor")
    image = Image(file=fields.pop("file", None) or jpeg(), **fields)
    image.full_clean()
    image.save()
    return image


def upload(admin_client, **data):
    # The form shows the centre as the focal point; a browser sends it back.
    data = {"focal_x": 50, "focal_y": 50, **data}
    return admin_client.post(admin_url(Image, "add"), data)


def test_an_image_is_uploaded_with_its_alt_text(admin_client):
    response = upload(
        admin_client, file=jpeg(), alt_text="A still", caption="Ok-ju", credit="Netflix"
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1400, 800)
    page = admin_client.get(admin_url(Image, "change", image.pk)).text
    assert f"[[image:{image.pk}]]" in page


def test_an_image_without_alt_text_is_refused(admin_client):
    response = upload(admin_client, file=jpeg(), alt_text="  ")
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert not Image.objects.exists()


def test_the_same_picture_twice_points_at_the_first_upload(admin_client):
    first = make_image()
    response = upload(admin_client, file=jpeg(name="again.jpg"), alt_text="Again")
    assert response.status_code == 200
    assert f"already in the library as image {first.pk}" in response.text
    assert Image.objects.count() == 1


def test_a_file_that_is_not_an_image_is_refused(admin_client):
    fake = SimpleUploadedFile("x.jpg", b"<script>", content_type="image/jpeg")
    response = upload(admin_client, file=fake, alt_text="x")
    assert response.status_code == 200
    assert not Image.objects.exists()


def test_an_in_body_image_gets_a_figure_and_a_srcset(admin_client, client):
    image = make_image(caption="Ok-ju", credit="Photo: Netflix")
    review = make_review("Ballerina review")
    data = {
        "title": review.title,
        "slug": review.slug,
        "film": review.film.pk,
        "author": review.author.pk,
        "body": f"<p>Look:</p><p>[[image:{image.pk}]]</p>",
    }
    assert (
        admin_client.post(admin_url(Review, "change", review.pk), data).status_code
        == 302
    )
    review.refresh_from_db()
    assert '<img src="/media/library/' in review.body
    assert "<figcaption>Ok-ju — Photo: Netflix</figcaption>" in review.body

    page = client.get(review.get_absolute_url()).text
    assert 'srcset="/media/renditions/' in page
    assert "480w" in page and "1400w" in page
    assert 'alt="Jun Jong-seo in a neon-lit corridor"' in page


def test_renditions_are_made_once(client, settings):
    image = make_image()
    review = make_review(
        body=f'<figure><img src="{image.file.url}" alt="x" width="1400" height="800"></figure>'
    )
    client.get(review.get_absolute_url())
    made = sorted(p.name for p in (settings.MEDIA_ROOT / "renditions").rglob("*"))
    client.get(review.get_absolute_url())
    assert (
        sorted(p.name for p in (settings.MEDIA_ROOT / "renditions").rglob("*")) == made
    )
    assert len([name for name in made if name.endswith(".jpg")]) == 4


def test_an_unknown_image_number_is_a_form_error(admin_client):
    review = make_review(published=False, body="<p>Old.</p>")
    data = {"title": review.title, "slug": review.slug, "body": "<p>[[image:999]]</p>"}
    response = admin_client.post(admin_url(Review, "change", review.pk), data)
    assert "there is no image 999 in the library" in response.text
    assert "[[image:999]]" in response.text


@pytest.mark.parametrize("count", [1, 4])
def test_in_body_images_add_no_queries(client, count, django_assert_max_num_queries):
    figures = "".join(
        f'<figure><img src="{make_image(file=jpeg((40 * i, 90, 0)), alt_text=f"Still {i}").file.url}" alt="x"></figure>'
        for i in range(count)
    )
    review = make_review(body=figures)
    client.get(review.get_absolute_url())  # renditions made once
    with django_assert_max_num_queries(8):
        page = client.get(review.get_absolute_url()).text
    assert page.count('srcset="/media/renditions/') >= count


def test_a_writer_may_upload_to_the_library():
    from reviews import workflow
    from tests.workflow_support import client_for, make_user

    writer = client_for(make_user("writer", group=workflow.WRITERS))
    assert writer.get(admin_url(Image, "add")).status_code == 200
    response = writer.post(
        admin_url(Image, "add"),
        {"file": jpeg(), "alt_text": "A", "focal_x": 50, "focal_y": 50},
    )
    assert response.status_code == 302
    assert Image.objects.get().uploaded_by.username == "writer"

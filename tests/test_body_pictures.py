"""What a review body's pictures may be: a figure holds a picture, and a picture
comes from the image library (or its renditions) or an https: address. The admin
form refuses anything else with a field error and keeps what was typed; the
pre-publish checklist refuses it in a stored body; a stored one never breaks the
public page."""

import pytest

from reviews import workflow
from reviews.library.renditions import renditions
from reviews.models import Review
from tests.conftest import make_author, make_film, make_library_image, make_review
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db

CLIMBING = "/media/library/../../../etc/hostname"


def post_body(admin_client, review, body):
    data = {
        "title": review.title,
        "slug": review.slug,
        "film": review.film.pk,
        "author": review.author.pk,
        "body": body,
    }
    return admin_client.post(admin_url(Review, "change", review.pk), data)


def draft(**fields):
    return make_review(
        "Ballerina review",
        published=False,
        film=make_film("Ballerina"),
        author=make_author("Ana"),
        **fields,
    )


# What an older editor sent after a writer clicked a picture and pressed Enter.
EMPTY_FRAME = '<figure class="figure"><img></figure>'


@pytest.mark.parametrize(
    ("picture", "problem"),
    [
        (EMPTY_FRAME, "a picture frame without a picture"),
        (
            '<figure class="figure"><figcaption class="figure-caption">Ok-ju'
            "</figcaption></figure>",
            "a picture frame without a picture",
        ),
        (
            f'<figure><img src="{CLIMBING}" alt="x"></figure>',
            f"the picture “{CLIMBING}” is neither in the image library",
        ),
        (
            '<figure><img src="/media/library/%2e%2e/%2e%2e/etc/hostname" alt="x">'
            "</figure>",
            "is neither in the image library nor at an https: address",
        ),
        (
            '<p><img src="http://old-blog.example/still.jpg" alt="x"></p>',
            "“http://old-blog.example/still.jpg” is neither in the image library",
        ),
        (
            '<figure><img src="/static/favicon.svg" alt="x"></figure>',
            "“/static/favicon.svg” is neither",
        ),
        (
            '<figure><img src="/media/library/never-uploaded.jpg" alt="x"></figure>',
            "“/media/library/never-uploaded.jpg” is neither",
        ),
    ],
)
def test_the_form_refuses_a_body_picture_that_is_not_ours_and_keeps_the_text(
    admin_client, picture, problem
):
    review = draft(body="<p>Old.</p>")
    typed = "<p>Three paragraphs the writer must not lose.</p>"
    response = post_body(admin_client, review, typed + picture)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pictures to fix:" in page and problem in page
    assert "Three paragraphs the writer must not lose." in page  # nothing lost
    review.refresh_from_db()
    assert review.body == "<p>Old.</p>"


def test_the_form_takes_library_pictures_renditions_and_https_addresses(
    admin_client,
):
    image = make_library_image(caption="Ok-ju")
    small = renditions(image.file).jpeg[0].url
    body = (
        f'<figure class="figure"><img src="{image.file.url}" alt="Ok-ju">'
        '<figcaption class="figure-caption">Ok-ju</figcaption></figure>'
        f'<figure><img src="{small}" alt="Ok-ju, small"></figure>'
        '<figure><img src="https://images.example.org/still.jpg" alt="A still">'
        "</figure>"
        f"<p>[[image:{image.pk}]]</p>"
    )
    review = draft()
    assert post_body(admin_client, review, body).status_code == 302
    review.refresh_from_db()
    assert review.body.count("<img") == 4


def test_a_save_drops_the_empty_frames_an_editor_left_and_nothing_else():
    review = make_review(
        body="<p>Before.</p>"
        + EMPTY_FRAME * 3
        + '<figure class="figure"><img src="" alt="">'
        '<figcaption class="figure-caption"></figcaption></figure>'
        '<figure><img src="https://images.example.org/a.jpg" alt="A"></figure>'
        "<p>After.</p>"
    )
    assert review.body == (
        '<p>Before.</p><figure><img src="https://images.example.org/a.jpg" alt="A">'
        "</figure><p>After.</p>"
    )


def test_the_checklist_blocks_publishing_a_stored_picture_from_outside(admin_user):
    # Stored by an import or before the rule: the form never saw it.
    review = draft(body=f'<p>Text.</p><figure><img src="{CLIMBING}" alt="x"></figure>')
    check = next(
        c for c in workflow.checklist(review) if c.label == "Pictures from the library"
    )
    assert check.blocking and not check.passed
    with pytest.raises(workflow.NotReadyToPublish) as error:
        workflow.publish(review, by=admin_user)
    assert CLIMBING in str(error.value)
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT


def test_the_checklist_passes_library_pictures(admin_user):
    image = make_library_image()
    review = draft(body=f'<figure><img src="{image.file.url}" alt="x"></figure>')
    check = next(
        c for c in workflow.checklist(review) if c.label == "Pictures from the library"
    )
    assert check.passed


def test_a_stored_climbing_picture_never_breaks_the_public_page(client):
    review = make_review(
        "Published before the rule",
        body=f'<p>Still readable.</p><figure><img src="{CLIMBING}" alt="x"></figure>',
    )
    response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    assert "Still readable." in response.content.decode()


# --- The editor's picture chooser, over HTTP ------------------------------------


def test_the_chooser_finds_pictures_by_alt_text_caption_or_credit(admin_client):
    corridor = make_library_image("Ok-ju in a corridor", colour=(200, 0, 0))
    poster = make_library_image(
        "A poster", caption="Seoul, 2023", credit="Photo: Netflix", colour=(0, 0, 200)
    )
    url = "/admin/reviews/image/chooser/"

    def found(query):
        answer = admin_client.get(url, {"q": query}).json()["results"]
        return [picture["id"] for picture in answer]

    assert set(found("")) == {corridor.pk, poster.pk}
    assert found("CORRIDOR") == [corridor.pk]
    assert found("seoul") == [poster.pk]
    assert found("netflix poster") == [poster.pk]
    assert found("nothing like it") == []
    picture = admin_client.get(url, {"q": "seoul"}).json()["results"][0]
    assert picture["src"] == poster.file.url
    assert picture["thumbnail"].startswith("/media/renditions/")
    assert picture["figure_caption"] == "Seoul, 2023 — Photo: Netflix"
    # A body's picture, by its address: the editor shows its small rendition.
    by_src = admin_client.get(url, {"src": corridor.file.url}).json()["results"]
    assert [p["id"] for p in by_src] == [corridor.pk]
    climbing = admin_client.get(url, {"src": CLIMBING}).json()["results"]
    assert climbing == []


def test_the_chooser_uploads_a_picture_or_says_what_is_missing(admin_client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    from reviews.models import Image

    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (0, 120, 0)).save(buffer, format="JPEG")
    photo = buffer.getvalue()
    url = "/admin/reviews/image/chooser/upload/"

    def send(**data):
        upload = SimpleUploadedFile("IMG_2041.JPG", photo, content_type="image/jpeg")
        return admin_client.post(url, {"file": upload, **data})

    refused = send(alt_text="   ")
    assert refused.status_code == 400
    assert refused.json()["errors"]["alt_text"] == ["This field is required."]
    assert not Image.objects.exists()

    made = send(alt_text="A green still", credit="Photo: Netflix")
    assert made.status_code == 201
    image = Image.objects.get()
    assert made.json()["image"]["src"] == image.file.url
    assert made.json()["image"]["alt"] == "A green still"

    twin = send(alt_text="The same again")
    assert twin.status_code == 400
    assert f"already in the library as image {image.pk}" in str(twin.json())


def test_the_chooser_is_for_staff_only(client):
    make_library_image()
    response = client.get("/admin/reviews/image/chooser/")
    assert response.status_code == 302  # to the login page
    assert "/admin/login/" in response["Location"]

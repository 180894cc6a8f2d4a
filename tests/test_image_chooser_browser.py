"""The image chooser of a hero field in a real headless Chromium: a review's hero
is picked by searching the library and by uploading in place, shown as a
thumbnail with its alt text, cleared, and saved as the plain id."""

import pytest

from reviews.models import Image, Review
from tests.conftest import NEEDS_CHROMIUM, make_library_image, make_review
from tests.test_body_pictures_browser import jpeg_bytes
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]

CHOOSER = "dialog.picture-chooser"


def saved(page):
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")


def test_a_hero_is_picked_by_search_and_by_upload_in_place(
    browser, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    wanted = make_library_image("Ok-ju in a red corridor", colour=(200, 0, 0))
    make_library_image("A poster on a wall", credit="Netflix", colour=(0, 0, 200))
    make_user("boss", superuser=True, password=PASSWORD, author=False)
    review = make_review("Ballerina review", published=False)
    page = log_in(browser, live_server, "boss")
    page.goto(f"{live_server.url}/admin/reviews/review/{review.pk}/change/")
    field = page.locator(".field-hero .image-field")
    assert "No picture chosen." in field.inner_text()

    # Searched by alt text and picked, without its number.
    page.click("#id_hero_choose")
    chooser = page.locator(CHOOSER)
    chooser.locator(".picture-chooser__pick").first.wait_for()
    assert chooser.locator(".picture-chooser__pick").count() == 2
    chooser.locator("input[type=search]").fill("corridor")
    page.wait_for_function(
        "() => document.querySelectorAll('.picture-chooser__pick').length === 1"
    )
    chooser.locator(".picture-chooser__pick").click()
    page.wait_for_selector(CHOOSER, state="detached")
    assert page.input_value("#id_hero") == str(wanted.pk)
    assert "Alt text: Ok-ju in a red corridor" in field.inner_text()
    assert "/media/renditions/" in field.locator("img").get_attribute("src")
    saved(page)
    assert Review.objects.get(pk=review.pk).hero == wanted
    # Shown again after the save: the thumbnail and alt text of the saved hero.
    assert "Alt text: Ok-ju in a red corridor" in field.inner_text()
    assert field.locator("img").count() == 1

    # A new picture, uploaded in place: a missing alt text is refused and what
    # was typed stays; then it is uploaded and chosen.
    page.click("#id_hero_choose")
    chooser.locator("summary").click()
    chooser.locator("input[type=file]").set_input_files(
        {
            "name": "IMG_2041.JPG",
            "mimeType": "image/jpeg",
            "buffer": jpeg_bytes((0, 150, 0)),
        }
    )
    chooser.locator("input[name=credit]").fill("Photo: Netflix")
    chooser.locator("button", has_text="Upload and choose").click()
    chooser.locator(".errorlist li").wait_for()
    assert "This field is required." in chooser.locator(".errorlist").inner_text()
    assert chooser.locator("input[name=credit]").input_value() == "Photo: Netflix"
    chooser.locator("input[name=alt_text]").fill("Ok-ju in a green room")
    chooser.locator("button", has_text="Upload and choose").click()
    page.wait_for_selector(CHOOSER, state="detached")
    new = Image.objects.get(alt_text="Ok-ju in a green room")
    assert page.input_value("#id_hero") == str(new.pk)
    assert "Alt text: Ok-ju in a green room" in field.inner_text()
    saved(page)
    assert Review.objects.get(pk=review.pk).hero == new

    # Cleared, the review has no hero.
    page.click(".field-hero .image-field__clear")
    assert page.input_value("#id_hero") == ""
    assert "No picture chosen." in field.inner_text()
    saved(page)
    assert Review.objects.get(pk=review.pk).hero is None

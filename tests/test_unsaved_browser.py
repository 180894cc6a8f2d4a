"""Leaving a desk form with changes not saved asks first (the browser's
"Leave site?" question), in a real headless Chromium; after a save, or with
nothing changed, the page is left without a question."""

import pytest

from reviews.models import Film, Review
from tests.conftest import (
    NEEDS_CHROMIUM,
    make_author,
    make_film,
    make_library_image,
    make_person,
    make_review,
)
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


def leave(page, live_server) -> list[str]:
    """Follow the admin's "Home" link; the questions the browser asked, each
    answered "Stay"."""
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    page.click("#site-name a")
    page.wait_for_timeout(500)
    page.remove_listener("dialog", answer)
    return asked


def logged_in(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("boss", superuser=True, password=PASSWORD, author=False)
    return log_in(browser, live_server, "boss")


def open_form(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # the form's first state is taken after load


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: make_film("Ballerina"), "#id_title"),
        (lambda: make_person("Jun Jong-seo"), "#id_name"),
        (lambda: make_author("Ana"), "#id_display_name"),
        (lambda: make_library_image("A corridor"), "#id_alt_text"),
    ],
    ids=["film", "person", "author", "image"],
)
def test_an_edited_desk_form_asks_before_it_is_left(
    browser, live_server, settings, make, field
):
    page = logged_in(browser, live_server, settings)
    thing = make()
    meta = thing._meta
    url = (
        f"{live_server.url}/admin/{meta.app_label}/{meta.model_name}/{thing.pk}/change/"
    )

    open_form(page, url)
    assert leave(page, live_server) == []  # nothing changed: no question
    open_form(page, url)
    page.locator(field).press("End")
    page.keyboard.type(" (edited)")
    assert leave(page, live_server) == ["beforeunload"]
    assert page.url == url  # "Stay" kept the form and what was typed
    assert page.input_value(field).endswith(" (edited)")


def test_the_review_form_asks_after_a_body_edit_and_not_after_saving(
    browser, live_server, settings
):
    page = logged_in(browser, live_server, settings)
    review = make_review(
        "Ballerina review",
        published=False,
        film=make_film("Ballerina"),
        author=make_author("Ana"),
        body="<p>Jun Jong-seo is the perfect avenger.</p>",
    )
    url = f"{live_server.url}/admin/reviews/review/{review.pk}/change/"
    open_form(page, url)
    assert leave(page, live_server) == []

    open_form(page, url)
    page.locator(".prose-editor > .ProseMirror > p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(" Truly.")
    assert leave(page, live_server) == ["beforeunload"]

    page.locator("input[name=_continue]").last.click()  # save, stay on the form
    page.wait_for_selector(".messagelist .success")
    assert Review.objects.get(pk=review.pk).body.endswith("Truly.</p>")
    assert leave(page, live_server) == []
    assert page.url.rstrip("/").endswith("/admin")


def test_a_form_shown_again_with_errors_still_asks(browser, live_server, settings):
    page = logged_in(browser, live_server, settings)
    film = make_film("Ballerina")
    open_form(page, f"{live_server.url}/admin/reviews/film/{film.pk}/change/")
    page.fill("#id_title", "")
    page.locator("input[name=_save]").last.click()
    page.wait_for_selector(".errornote")
    assert leave(page, live_server) == ["beforeunload"]
    assert Film.objects.get(pk=film.pk).title == "Ballerina"

"""The workflow in a real headless Chromium: a writer drafts, previews and submits;
an editor publishes; an anonymous reader finds the review on the home page."""

import re

import pytest

from reviews import workflow
from reviews.models import Review
from tests.conftest import NEEDS_CHROMIUM, make_film
from tests.workflow_support import make_user

PASSWORD = "a-long-browser-test-password"

pytestmark = NEEDS_CHROMIUM


def log_in(browser, live_server, username):
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    return page


@pytest.mark.django_db(transaction=True)
def test_writer_drafts_and_submits_editor_publishes_reader_sees_it(
    browser, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workflow.create_roles()  # a transactional test starts from an empty database
    make_user("writer", group=workflow.WRITERS, password=PASSWORD)
    make_user("editor", group=workflow.EDITORS, password=PASSWORD)
    make_film(title="Ballerina", year=2023)

    # The writer drafts a review with a film and tags.
    writer = log_in(browser, live_server, "writer")
    writer.goto(f"{live_server.url}/admin/reviews/review/add/")
    assert writer.locator("#id_status").count() == 0  # no state field to set
    writer.fill("#id_title", "Ballerina (2023) – Review")
    writer.click("#id_film + .select2 .select2-selection")
    writer.fill(".select2-search__field", "Ball")
    writer.click(".select2-results__option >> text=Ballerina (2023)")
    writer.locator(".prose-editor > .ProseMirror").click()  # the rich-text editor
    writer.keyboard.type("Jun Jong-seo is the perfect avenger.")
    writer.fill("#id_tags", "revenge, korean")
    writer.locator("input[name=_continue]").last.click()  # the row under the form
    writer.wait_for_selector(".messagelist .success")
    review = Review.objects.get(title="Ballerina (2023) – Review")
    assert review.film.title == "Ballerina"
    assert set(review.tags.names()) == {"revenge", "korean"}
    assert review.status == Review.Status.DRAFT

    # … previews it at its public address …
    with writer.context.expect_page() as preview_info:
        writer.click(".object-tools >> text=Preview")
    preview = preview_info.value
    preview.wait_for_load_state()
    assert preview.locator(".preview-banner").is_visible()
    assert "Preview — not published" in preview.locator(".preview-banner").inner_text()
    assert preview.locator("h1").inner_text() == "Ballerina (2023) – Review"
    assert preview.locator('meta[name="robots"]').get_attribute("content") == (
        "noindex"
    )

    # … and submits it; there is no button to publish.
    assert writer.locator("button >> text=Save and publish").count() == 0
    writer.click("button >> text=Save and submit for review")
    writer.wait_for_selector(".messagelist .success")
    assert "is now in review" in writer.locator(".messagelist").inner_text()

    # The editor publishes it.
    editor = log_in(browser, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/reviews/review/{review.pk}/change/")
    assert "Ready to publish" in editor.content()
    editor.click("button >> text=Save and publish")
    editor.wait_for_selector(".messagelist .success")
    assert "is now published" in editor.locator(".messagelist").inner_text()

    # An anonymous reader sees it on the home page and opens it.
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}/")
    reader.click("text=Ballerina (2023) – Review")
    reader.wait_for_url(re.compile(r"/reviews/ballerina-2023-review/$"))
    assert "perfect avenger" in reader.locator("article").inner_text()
    assert reader.locator(".preview-banner").count() == 0

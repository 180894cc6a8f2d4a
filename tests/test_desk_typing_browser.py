"""The review form while a writer types, in a real headless Chromium: the
length, search and social panels follow the text, and a new review is
autosaved (created as a draft) from its first keystroke."""

import pytest
from playwright.sync_api import expect

from reviews import workflow
from reviews.models import Review, ReviewAutosave
from tests.conftest import NEEDS_CHROMIUM
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]

EDITOR = ".prose-editor > .ProseMirror"


def writer_page(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workflow.create_roles()  # a transactional test starts from an empty database
    make_user("writer", group=workflow.WRITERS, password=PASSWORD)
    return log_in(browser, live_server, "writer")


def test_the_panels_follow_the_text_as_it_is_typed(browser, live_server, settings):
    page = writer_page(browser, live_server, settings)
    page.goto(f"{live_server.url}/admin/reviews/review/add/")
    assert page.inner_text(".reading-facts") == "0 words, about 0 min to read"

    page.click(EDITOR)
    page.keyboard.type("Jun Jong-seo is the perfect avenger, and the film knows it.")
    # Polled by Playwright, not evaluated as a string (the admin's CSP forbids eval).
    expect(page.locator(".reading-facts")).to_have_text("11 words, about 1 min to read")

    page.fill("#id_title", "Ballerina (2023) review")
    page.fill("#id_excerpt", "A revenge story told in colour.")
    page.wait_for_timeout(200)
    assert page.inner_text(".search-preview-title") == "Ballerina (2023) review"
    assert (
        page.inner_text(".search-preview-description")
        == "A revenge story told in colour."
    )
    help_text = page.inner_text(".field-search_preview .help")
    assert "Title: 23 of about 60 characters." in help_text
    assert "Description: 31 of about 160 characters." in help_text
    assert page.inner_text(".social-card-title") == "Ballerina (2023) review"

    # The search engines' own title wins over the review's, as on the page.
    page.click("fieldset:has(#id_seo_title) summary")
    page.fill("#id_seo_title", "Ballerina: revenge, beautifully shot")
    page.wait_for_timeout(200)
    assert (
        page.inner_text(".search-preview-title")
        == "Ballerina: revenge, beautifully shot"
    )
    assert (
        page.inner_text(".social-card-title") == "Ballerina: revenge, beautifully shot"
    )


def test_a_new_review_is_autosaved_from_its_first_keystroke(
    browser, live_server, settings
):
    page = writer_page(browser, live_server, settings)
    page.goto(f"{live_server.url}/admin/reviews/review/add/")

    page.click(EDITOR)
    page.keyboard.type("J")
    page.wait_for_selector("text=Draft created and autosaved at")
    review = Review.objects.get()
    assert review.status == Review.Status.DRAFT
    assert review.author.user.username == "writer"
    assert review.title == "Untitled draft"
    assert "J" in review.body
    # The page is now the draft's own form.
    assert page.url.endswith(f"/admin/reviews/review/{review.pk}/change/")

    # Writing on and saving keeps to that one draft: no second review.
    page.keyboard.type("un Jong-seo is the perfect avenger.")
    page.fill("#id_title", "Ballerina (2023) review")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist")
    assert Review.objects.count() == 1
    review.refresh_from_db()
    assert review.title == "Ballerina (2023) review"
    assert "Jun Jong-seo is the perfect avenger." in review.body
    assert review.slug == "ballerina-2023-review"
    assert not ReviewAutosave.objects.exists()

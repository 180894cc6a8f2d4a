"""The copy-link button under a review, in a real browser."""

import pytest

from tests.conftest import NEEDS_CHROMIUM, make_review

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


def test_the_copy_button_copies_the_address(browser, live_server):
    review = make_review()
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(live_server.url + review.get_absolute_url())

    page.get_by_role("button", name="Copy link").click()

    page.get_by_text("Link copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}{review.get_absolute_url()}"
    context.close()

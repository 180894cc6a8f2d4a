"""The admin at 1280 px, in a real headless Chromium: the review list fits
beside the menu and the filters, with titles on a line or two, not one word per
line."""

import pytest

from reviews import workflow
from tests.conftest import NEEDS_CHROMIUM, make_film, make_review
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


def test_the_review_list_fits_1280_px(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workflow.create_roles()  # a transactional test starts from an empty database
    make_user("mira", group=workflow.EDITORS, password=PASSWORD)
    film = make_film(title="The Handmaiden: Extended Director's Cut")
    make_review(title="Ballerina (2023) – a revenge film, reviewed", film=film)
    page = log_in(browser, live_server, "mira")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/admin/reviews/review/")

    fits = page.evaluate(
        "(() => { const box = document.querySelector('#changelist-form .results');"
        " return box.scrollWidth <= box.clientWidth; })()"
    )
    assert fits, "the review list is wider than its room at 1280 px"
    lines = page.evaluate(
        "(() => { const link = document.querySelector('#result_list th a, "
        "#result_list td.field-title_and_film a');"
        " return Math.round(link.getClientRects().length); })()"
    )
    assert lines <= 2, f"the title takes {lines} lines"
    assert "The Handmaiden" in page.inner_text("#result_list tbody")

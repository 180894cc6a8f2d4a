"""A reader in a real headless Chromium opens an episode recap and steps to the
next episode's recap by its link, as someone binge-reading a season would."""

import pytest

from tests.conftest import NEEDS_CHROMIUM, make_credit, make_person, make_review
from tests.test_browser import Problems
from tests.test_series import make_episode, make_season, make_series

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


def test_reader_reads_a_recap_and_steps_to_the_next_episodes_recap(
    browser, live_server
):
    series = make_series()
    season = make_season(series, 1)
    first = make_episode(season, 1, "Seoul Escape")
    second = make_episode(season, 2, "Under the Mint")
    make_credit(series, make_person("Yoo Ji-tae"), character="The Professor")
    make_review(
        "Money Heist: Korea episode 1 recap: Seoul Escape",
        episode=first,
        body="<p>The Professor lays out the plan to rob the mint.</p>",
    )
    make_review(
        "Money Heist: Korea episode 2 recap: Under the Mint",
        episode=second,
        body="<p>Berlin takes the hostages in hand.</p>",
    )

    page = browser.new_page()
    problems = Problems()
    problems.watch(page)
    page.goto(live_server.url + first.reviews.get().get_absolute_url())
    assert "The Professor lays out the plan" in page.inner_text("article")
    assert "A recap of S01E01" in page.inner_text("nav.recap-nav")
    assert page.locator("a[rel=prev]").count() == 0

    page.click("text=Next recap: S01E02")
    page.wait_for_load_state()
    assert page.url.endswith(second.reviews.get().get_absolute_url())
    assert "Berlin takes the hostages in hand." in page.inner_text("article")
    assert "Previous recap: S01E01" in page.inner_text("nav.recap-nav")

    page.click("nav.recap-nav >> text=S01E02 “Under the Mint”")
    page.wait_for_load_state()
    assert page.url.endswith(second.get_absolute_url())
    assert "Under the Mint" in page.inner_text("h1")
    assert problems == []

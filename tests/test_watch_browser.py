"""A reader with JavaScript off picks a region in a real Chromium and the film page
shows that region's options; the provider pages are laid out and accessible at
phone and desktop widths (axe-core: `tests.test_browser.axe`)."""

import pytest

from reviews.models import Film, WatchOption
from tests.conftest import NEEDS_CHROMIUM, make_provider, make_watch_option
from tests.test_browser import VIEWPORTS, Problems, axe, check_page  # noqa: F401

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def korean_option(demo):
    film = Film.objects.get(slug="ballerina-2023")
    return make_watch_option(
        film,
        make_provider("Watcha", slug="watcha"),
        region="KR",
        kind=WatchOption.Kind.RENT,
    )


def test_a_reader_without_javascript_picks_a_region(
    browser, live_server, korean_option
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)

    page.goto(live_server.url + "/films/ballerina-2023/")
    watch = page.locator("section[aria-labelledby=watch-heading]")
    assert "Streaming on Netflix" in watch.inner_text()
    assert "Watcha" not in watch.inner_text()

    page.get_by_label("Your country").select_option("KR")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/films/ballerina-2023/")

    assert "Rent on Watcha (KR)" in watch.inner_text()
    assert "Streaming on Netflix" in watch.inner_text()
    assert "in South Korea and worldwide" in watch.inner_text()
    assert page.get_by_label("Your country").input_value() == "KR"

    # The choice follows the reader to the review page.
    page.goto(live_server.url + "/reviews/ballerina-2023-review/")
    assert "Rent on Watcha (KR)" in page.locator("aside.facts").inner_text()
    context.close()
    assert list(problems) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_provider_pages_are_laid_out_and_accessible(
    browser,
    live_server,
    korean_option,
    settings,
    viewport,
    axe,  # noqa: F811
):
    settings.SERVE_MEDIA = True
    # bypass_csp lets the test inject axe-core; it is not the site's script.
    context = browser.new_context(viewport=VIEWPORTS[viewport], bypass_csp=True)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)

    page.goto(live_server.url + "/watch/")
    assert page.locator("h1").inner_text() == "Where to watch"
    check_page(page, "providers", viewport)

    page.get_by_role("link", name="Netflix", exact=True).click()
    page.wait_for_url("**/watch/netflix/")
    assert "Ballerina (2023)" in page.locator("main").inner_text()
    check_page(page, "provider", viewport)
    context.close()
    assert list(problems) == []

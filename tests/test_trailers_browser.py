"""A trailer in a real Chromium: no request leaves for another site until the
reader clicks play; then the player comes from youtube-nocookie.com."""

import pytest

from tests.conftest import NEEDS_CHROMIUM, make_film, make_library_image

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


def test_no_third_party_request_before_the_click(browser, live_server, settings):
    settings.SERVE_MEDIA = True
    poster = make_library_image("Burning poster", size=(600, 900))
    film = make_film(
        "Burning", poster=poster, trailer_url="https://youtu.be/dQw4w9WgXcQ"
    )
    page = browser.new_page(viewport={"width": 390, "height": 844})
    elsewhere = []

    def leave_nothing(route):
        # Record and refuse: the test never reaches the internet.
        elsewhere.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(live_server.url), leave_nothing)
    page.goto(live_server.url + film.get_absolute_url())
    page.wait_for_load_state("networkidle")
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(300)

    assert elsewhere == []
    assert page.locator("iframe").count() == 0
    assert page.context.cookies() == []

    page.get_by_role("link", name="Play the trailer").click()

    frame = page.locator(".trailer iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src") == (
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    assert frame.get_attribute("title") == "Trailer: Burning (2023)"
    page.wait_for_timeout(300)
    assert elsewhere and all(
        url.startswith("https://www.youtube-nocookie.com/") for url in elsewhere
    ), elsewhere
    page.close()

"""Every kind of public page in a real Chromium, at 390 px and 1280 px: a
screenshot of each in test-artifacts/, and a failure on sideways scrolling,
layout shift (CLS over 0.1), console errors, failed requests and axe-core
violations. The demo site gets what a real one has: a poster, a face in the cast,
a provider's logo and a picture inside a review."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from reviews.library.body_images import expand
from tests.conftest import NEEDS_CHROMIUM, make_library_image
from tests.test_browser import (  # noqa: F401 (axe: a fixture)
    VIEWPORTS,
    Problems,
    axe,
    check_page,
)

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]

# What Chromium counts as layout shift, from the first paint on.
RECORD_LAYOUT_SHIFT = """
window.__cls = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__cls += entry.value;
  }
}).observe({type: "layout-shift", buffered: true});
"""

SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(resolve => requestAnimationFrame(resolve));
  }
  window.scrollTo(0, document.body.scrollHeight);
}"""

PAGES = {
    "home": "/",
    "review": "/reviews/ballerina-2023-review/",
    "film": "/films/the-call-2020/",
    "person": "/people/jun-jong-seo/",
    "author": "/authors/karina-adelgaard/",
    "tag": "/tags/korean/",
    "watch": "/watch/",
    "provider": "/watch/netflix/",
    "lists": "/lists/",
    "list": "/lists/korean-revenge-and-grief/",
    "page": "/about/",
    "search": "/search/?q=jeon+jong-seo",
}


@pytest.fixture
def dressed_demo(demo):
    """The demo with the pictures a real site has."""
    jun = demo["jun"]
    jun.photo = make_library_image(
        "Jun Jong-seo at a premiere", size=(600, 900), colour=(90, 60, 50)
    )
    jun.save()
    netflix = demo["ballerina"].film.watch_options.first().provider
    buffer = io.BytesIO()
    PILImage.new("RGB", (256, 256), (229, 9, 20)).save(buffer, format="PNG")
    netflix.logo.save("netflix.png", ContentFile(buffer.getvalue()))
    still = make_library_image(
        "Ok-ju on a rooftop at night",
        size=(1600, 900),
        colour=(20, 30, 80),
        name="still.jpg",
        caption="Ballerina (2023)",
    )
    the_call = demo["the_call"].film  # a trailer, shown as its facade
    the_call.trailer_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    the_call.save()
    review = demo["ballerina"]
    review.body += expand(f"<p>[[image:{still.pk}]]</p>", [])
    review.save()
    return demo


@pytest.mark.usefixtures("axe")
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_every_page_kind_fits_holds_still_and_passes_axe(
    browser, live_server, dressed_demo, settings, viewport
):
    settings.SERVE_MEDIA = True
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], reduced_motion="reduce", bypass_csp=True
    )
    context.add_init_script(RECORD_LAYOUT_SHIFT)
    page = context.new_page()
    problems = Problems()
    problems.watch(page)

    for kind, path in PAGES.items():
        page.goto(live_server.url + path)
        # Lazy pictures start when scrolled to, as a reader scrolls (a jump to
        # the end skips those in the middle of a long page); let them finish
        # before the checks.
        page.evaluate(SCROLL_THROUGH)
        page.wait_for_function("Array.from(document.images).every(i => i.complete)")
        check_page(page, f"kind-{kind}", viewport)
        shift = page.evaluate("window.__cls")
        assert shift <= 0.1, f"{kind} at {viewport}: layout shift {shift:.3f}"

    context.close()
    assert list(problems) == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_film_page_shows_poster_faces_and_logos(
    browser, live_server, dressed_demo, settings, viewport
):
    settings.SERVE_MEDIA = True
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    page.goto(live_server.url + "/films/the-call-2020/")
    page.wait_for_load_state("networkidle")

    poster = page.locator(".film-top .poster img").bounding_box()
    facts = page.locator("#facts-heading").bounding_box()
    if viewport == "desktop":  # the facts fill the space beside the poster
        assert facts["x"] > poster["x"] + poster["width"]
        assert facts["y"] < poster["y"] + poster["height"]
    else:  # one column: the facts follow the poster
        assert facts["y"] > poster["y"] + poster["height"]
    jun = page.locator(".cast-member", has_text="Jun Jong-seo")
    assert jun.locator("img").evaluate("img => img.naturalWidth") > 0
    assert page.locator(".cast-member .no-photo").count() >= 1
    assert page.locator(".watch-line .provider-logo img").count() == 1
    assert "South Korea" in page.locator(".facts-list").inner_text()
    context.close()


def test_a_picture_in_a_review_is_as_wide_as_the_text_on_a_phone(
    browser, live_server, dressed_demo, settings
):
    settings.SERVE_MEDIA = True
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(live_server.url + "/reviews/ballerina-2023-review/")
    page.wait_for_load_state("networkidle")

    text = page.locator(".prose p").first.bounding_box()
    picture = page.locator(".prose figure img").bounding_box()
    assert abs(picture["x"] - text["x"]) < 1
    assert abs(picture["width"] - text["width"]) < 1
    context.close()

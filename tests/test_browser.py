"""A real headless Chromium reads the demo site: home → review → person → film, at
phone and desktop widths, with screenshots in test-artifacts/. Any console error,
failed request or HTTP error fails the test; axe-core checks WCAG 2.1 AA on every
page (`npm install axe-core` in the repository; node_modules is ignored). Without
it the tests that check pages skip, saying so, and fail under CI=true."""

from pathlib import Path

import pytest

from tests.conftest import NEEDS_CHROMIUM, checker_missing

REPOSITORY = Path(__file__).resolve().parent.parent
ARTIFACTS = REPOSITORY / "test-artifacts"
AXE = REPOSITORY / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def axe():
    """axe-core's script, for `check_page`; a test that checks pages asks for it."""
    if not AXE.exists():
        checker_missing("axe-core is not installed (npm install axe-core)")
    return AXE


class Problems(list):
    """Everything that went wrong while a page was open."""

    def watch(self, page):
        page.on(
            "console",
            lambda msg: (
                self.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: self.append(f"page error: {error}"))
        page.on(
            "requestfailed",
            lambda request: self.append(
                f"request failed: {request.url} {request.failure}"
            ),
        )
        page.on(
            "response",
            lambda response: (
                self.append(f"HTTP {response.status}: {response.url}")
                if response.status >= 400
                else None
            ),
        )


def check_page(page, name, viewport):
    """The page is laid out, its images loaded, and accessible (the test asks for
    the `axe` fixture)."""
    page.wait_for_load_state("networkidle")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # lazy images
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(
        "Array.from(document.images)"
        ".filter(img => !(img.complete && img.naturalWidth > 0))"
        ".map(img => img.currentSrc || img.src)"
    )
    assert broken == [], broken
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} scrolls sideways at {viewport}"
    levels = page.evaluate(
        "Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))"
        ".map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1 and levels.count(1) == 1, levels
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert page.locator("main").count() == 1
    assert page.locator("header.site-header").count() == 1
    assert page.locator("footer").count() == 1
    assert page.locator("img:not([alt])").count() == 0
    page.evaluate("window.scrollTo(0, 0)")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}-{viewport}.png", full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    assert result["passes"], f"axe-core checked nothing on {name}"
    violations = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html']})"
        for v in result["violations"]
    ]
    assert violations == [], f"{name} at {viewport}: {violations}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_reader_goes_home_review_person_film(
    browser, live_server, demo, settings, viewport, scheme, axe
):
    settings.SERVE_MEDIA = True
    # bypass_csp lets the test inject axe-core; the site's own scripts still
    # run under its policy (tests/test_security.py checks the policy itself).
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],
        color_scheme=scheme,
        reduced_motion="reduce",
        bypass_csp=True,
    )
    page = context.new_page()
    problems = Problems()
    problems.watch(page)
    name = f"{scheme}"

    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Latest reviews"
    check_page(page, f"home-{name}", viewport)

    page.get_by_role(
        "link", name="Ballerina (2023) – Review | Netflix Revenge Thriller"
    ).click()
    page.wait_for_url("**/reviews/ballerina-2023-review/")
    assert "Netflix Revenge Thriller" in page.locator("h1").inner_text()
    assert page.get_by_text("Streaming on Netflix").is_visible()
    assert page.get_by_role("link", name="Our review of The Call").is_visible()
    hero = page.locator("figure.hero img")
    assert hero.evaluate("img => img.naturalWidth") > 0
    check_page(page, f"review-{name}", viewport)

    page.locator("aside.facts").get_by_role("link", name="Jun Jong-seo").click()
    page.wait_for_url("**/people/jun-jong-seo/")
    assert page.locator("h1").inner_text() == "Jun Jong-seo"
    assert "Jeon Jong-seo" in page.locator(".aliases").inner_text()
    check_page(page, f"person-{name}", viewport)

    page.locator(".filmography").get_by_role("link", name="Ballerina").first.click()
    page.wait_for_url("**/films/ballerina-2023/")
    assert page.locator("h1").inner_text().startswith("Ballerina")
    check_page(page, f"film-{name}", viewport)

    context.close()
    assert list(problems) == []

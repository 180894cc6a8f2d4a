"""A review printed from a real Chromium: black on white even for a reader in
the dark scheme, the article alone, one column, link addresses written out."""

import pytest

from tests.conftest import (
    NEEDS_CHROMIUM,
    make_credit,
    make_film,
    make_person,
    make_review,
)

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]

STYLE = """selector => {
  const element = document.querySelector(selector);
  const style = getComputedStyle(element);
  return {display: style.display, color: style.color, background: style.backgroundColor};
}"""


def test_a_printed_review_is_the_article_in_black_on_white(browser, live_server):
    film = make_film("Burning")
    make_credit(film, make_person("Jeon Jong-seo"))
    review = make_review(
        "Burning, reviewed",
        film=film,
        body='<p>See <a href="https://example.org/interview">the interview</a>.</p>',
    )
    make_review(film=film)  # a related review
    context = browser.new_context(
        color_scheme="dark", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(live_server.url + review.get_absolute_url())
    on_screen = page.evaluate(STYLE, "body")
    assert on_screen["background"] != "rgb(255, 255, 255)"  # the dark scheme

    page.emulate_media(media="print", color_scheme="dark")

    body = page.evaluate(STYLE, "body")
    assert (body["color"], body["background"]) == ("rgb(0, 0, 0)", "rgb(255, 255, 255)")
    for hidden in (".site-header nav", ".site-footer", ".share", ".related"):
        assert page.evaluate(STYLE, hidden)["display"] == "none", hidden
    assert page.evaluate(STYLE, ".review-layout")["display"] == "block"
    after = page.evaluate(
        "getComputedStyle(document.querySelector('.body a'), '::after').content"
    )
    assert after == '" (" attr(href) ")"' or "example.org/interview" in after
    context.close()

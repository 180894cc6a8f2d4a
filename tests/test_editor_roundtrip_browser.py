"""What a save keeps, the editor keeps: a body or bio holding every kind of markup
the sanitizer allows (a WordPress picture with its caption, sub- and superscript,
underline, strike, a title in <cite>) loses nothing when a writer opens it in the
editor, adds a word and saves."""

import pytest

from people.models import Person
from reviews.models import Review
from tests.conftest import NEEDS_CHROMIUM, make_person, make_review
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = [*NEEDS_CHROMIUM, pytest.mark.django_db(transaction=True)]

# A picture at an https: address (one from our library is the other kind a body
# may hold; tests/test_body_pictures_browser.py edits those).
BODY = (
    "<h2>The shot</h2>"
    '<figure><img src="https://images.example.org/ok-ju.jpg" '
    'alt="Ok-ju in the corridor">'
    "<figcaption>Ok-ju, lit in <em>red</em></figcaption></figure>"
    "<p>H<sub>2</sub>O, 10<sup>3</sup>, <u>under</u>, <s>struck</s>, "
    "<cite>Burning</cite> and <q>a quote</q>.</p>"
)


CARET_AT_END = """() => {
  const selection = getSelection();
  const paragraphs = document.querySelectorAll(".prose-editor > .ProseMirror > p");
  const last = paragraphs[paragraphs.length - 1];
  if (!selection.isCollapsed || !last.contains(selection.focusNode)) return false;
  const rest = document.createRange();
  rest.selectNodeContents(last);
  rest.setStart(selection.focusNode, selection.focusOffset);
  return rest.toString() === "";
}"""


def edit_and_save(page, url, word):
    """Open the change form (one editor on it), add `word` at the end of its last
    paragraph, save."""
    page.goto(url)
    page.locator(".prose-editor > .ProseMirror > p").last.click()
    # The editor may still be placing the caret from the click when the first
    # key arrives: press until the caret is after the last character.
    for _ in range(20):
        page.keyboard.press("Control+End")
        if page.evaluate(CARET_AT_END):
            break
        page.wait_for_timeout(50)
    else:
        raise AssertionError("the caret never reached the end of the body")
    page.keyboard.type(word)
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")


def test_a_body_with_every_allowed_kind_of_markup_survives_an_edit(
    browser, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("boss", superuser=True, password=PASSWORD, author=False)
    review = make_review("Markup review", body=BODY, published=False)
    saved = review.body
    # The save already gave <cite> and <q> the editor's forms.
    assert "<em>Burning</em>" in saved and "\u201ca quote\u201d" in saved

    page = log_in(browser, live_server, "boss")
    url = f"{live_server.url}/admin/reviews/review/{review.pk}/change/"
    edit_and_save(page, url, " More.")

    edited = Review.objects.get(pk=review.pk).body
    assert edited.endswith("\u201d. More.</p>")
    for kept in (
        "<h2>The shot</h2>",
        '<figure class="figure"><img src="https://images.example.org/ok-ju.jpg" '
        'alt="Ok-ju in the corridor">',
        '<figcaption class="figure-caption">Ok-ju, lit in <em>red</em></figcaption>',
        "H<sub>2</sub>O, 10<sup>3</sup>, <u>under</u>, <s>struck</s>, "
        "<em>Burning</em> and \u201ca quote\u201d",
    ):
        assert kept in edited


def test_a_bio_with_a_title_and_a_link_survives_an_edit(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("boss", superuser=True, password=PASSWORD, author=False)
    person = make_person(
        "Jun Jong-seo",
        bio='<p><span lang="ko">전종서</span> stars in <cite>Burning</cite>; see '
        '<a href="https://example.com/" title="Her agency">her agency</a>.</p>',
    )
    assert person.bio == (
        "<p>전종서 stars in <em>Burning</em>; see <a "
        'href="https://example.com/" title="Her agency" rel="noopener">her agency</a>.</p>'
    )

    page = log_in(browser, live_server, "boss")
    url = f"{live_server.url}/admin/people/person/{person.pk}/change/"
    edit_and_save(page, url, " Hi")

    bio = Person.objects.get(pk=person.pk).bio
    assert "<em>Burning</em>" in bio and 'title="Her agency"' in bio
    assert bio.endswith("her agency</a>. Hi</p>")

"""What a writer pastes never runs in a reader's browser: review bodies and bios are
cleaned on save (an allow-list of tags and attributes, links get rel="noopener"),
and titles and alt text are text wherever a page shows them."""

from html.parser import HTMLParser

import pytest

from people.models import Author, Person
from tests.conftest import (
    make_author,
    make_film,
    make_library_image,
    make_person,
    make_review,
)

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="  JaVaScRiPt:alert(1)">click</a>',
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="DATA:text/html,<script>alert(1)</script>">click</a>',
    "<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
    'onload=\'alert(1)\'/>" alt="still">',
    '<math><mtext><img src=x onerror="alert(1)"></mtext></math>',
    '"><script>alert(1)</script>',
    "</script><script>alert(1)</script>",
    '<body onload="alert(1)">',
]


class Dangers(HTMLParser):
    """Everything in a page that a browser would run."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # JSON-LD is data; the site's own static scripts (the copy-link button)
        # come from /static/; anything else was put there by a writer's text.
        ours = (attributes.get("src") or "").startswith("/static/site/")
        if tag == "script" and attributes.get("type") != "application/ld+json":
            if not ours:
                self.found.append(f"<script {attributes}>")
        if tag in {"svg", "iframe", "object", "embed", "math"}:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in {"href", "src", "action", "xlink:href", "data"} and (
                # No page of ours links or embeds a data: URL; a pasted one can
                # carry a whole page or an SVG with script.
                (value or "").strip().lower().startswith(("javascript:", "data:"))
            ):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style" and tag not in {"html"}:
                self.found.append(f"<{tag} style=…>")


def dangers_in(response) -> list[str]:
    assert response.status_code == 200
    parser = Dangers()
    parser.feed(response.content.decode())
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_review_body_keeps_no_script(client, db, payload):
    review = make_review(body=f"<p>Before.</p>{payload}<p>After.</p>")

    assert "<script" not in review.body
    assert "onerror" not in review.body and "onload" not in review.body
    assert "javascript:" not in review.body.lower()
    assert 'href="data:' not in review.body.lower()
    assert 'src="data:' not in review.body.lower()
    assert "<svg" not in review.body and "style=" not in review.body
    assert "After." in review.body
    assert dangers_in(client.get(review.get_absolute_url())) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_title_is_text_on_every_page_that_shows_it(client, db, payload):
    review = make_review(title=f"Title {payload}")
    review.tags.add("safe")

    for url in (
        review.get_absolute_url(),
        "/",
        review.film.get_absolute_url(),
        review.author.get_absolute_url(),
        "/tags/safe/",
    ):
        assert dangers_in(client.get(url)) == [], url


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hero_alt_text_is_text(client, db, payload):
    review = make_review(hero=make_library_image(f"A still {payload}"))

    response = client.get(review.get_absolute_url())

    assert "A still" in response.content.decode()
    assert dangers_in(response) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_person_and_author_bios_keep_no_script(client, db, payload):
    person = make_person(bio=f"An actor. {payload} <em>Kind.</em>")
    author = make_author(bio=f"A critic. {payload}")
    review = make_review(author=author)

    for bio in (person.bio, author.bio):
        assert "<script" not in bio and "onerror" not in bio
        assert "javascript:" not in bio.lower() and "style=" not in bio
    assert "<em>Kind.</em>" in person.bio
    for url in (
        person.get_absolute_url(),
        author.get_absolute_url(),
        review.get_absolute_url(),
    ):
        assert dangers_in(client.get(url)) == [], url


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_html_in_a_bio_editors_paragraphs_and_lists_is_stripped(
    client, db, payload
):
    # Pasted into the bio editor: between paragraphs, in a list item, in a link.
    bio = (
        f"<p>An actor.</p>{payload}<ul><li><p>Known {payload} for</p></li></ul>"
        f'<p><a href="https://example.com/">site {payload}</a> '
        "<strong>Kind.</strong></p>"
    )
    person = make_person(bio=bio)
    author = make_author(bio=bio)
    review = make_review(author=author)

    for saved in (person.bio, author.bio):
        assert "<script" not in saved and "onerror" not in saved
        assert "onload" not in saved and "<svg" not in saved
        assert "javascript:" not in saved.lower() and "style=" not in saved
        assert saved.startswith("<p>An actor.</p>")
        assert "<strong>Kind.</strong></p>" in saved
    for url in (
        person.get_absolute_url(),
        author.get_absolute_url(),
        review.get_absolute_url(),
    ):
        assert dangers_in(client.get(url)) == [], url


def test_links_get_noopener(db):
    review = make_review(body='<p><a href="https://example.com/">a site</a></p>')
    person = make_person(bio='See <a href="https://example.com/">the site</a>.')

    assert 'rel="noopener"' in review.body
    assert 'rel="noopener"' in person.bio


def test_bios_stay_text_in_meta_descriptions(client, db):
    person = make_person(bio="Plays <em>Ok-ju</em> &amp; more.")
    make_review(film=make_film(), author=Author.objects.create(display_name="X"))

    response = client.get(person.get_absolute_url())

    assert 'content="Plays Ok-ju &amp; more."' in response.content.decode()
    assert Person.objects.get(pk=person.pk).bio_text == "Plays Ok-ju & more."

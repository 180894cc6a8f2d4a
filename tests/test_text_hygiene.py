"""One text rule for every editorial text field: control characters that Word,
spreadsheets and other tools paste (Word's manual line break is \\x0b) are made
newlines or removed on save, a NUL never reaches the database, and feeds stay
valid XML even for text stored before the rule."""

import datetime

import feedparser
import pytest
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from people.models import Author, Person
from reviews.models import Film, Review, WatchOption
from tests.conftest import (
    make_author,
    make_film,
    make_provider,
    make_review,
    make_watch_option,
)

# What a paste from Word into a text box sends: manual line breaks (Shift+Enter)
# as \x0b, a page break as \x0c, Windows line ends, and a stray \x01 that some
# Word fields carry.
WORD_TITLE = "Ballerina\x0b(2023)\x01"
WORD_EXCERPT = "A revenge thriller.\x0bShot in neon.\r\nJeon Jong-seo\x0cstars."


def test_a_title_pasted_from_word_is_stored_on_one_line_without_control_characters(
    db,
):
    review = make_review(WORD_TITLE, excerpt=WORD_EXCERPT, verdict="Go\x0bnow.\x07")
    review.refresh_from_db()

    assert review.title == "Ballerina (2023)"
    assert review.verdict == "Go now."
    # A multi-line field keeps Word's line breaks as newlines.
    assert review.excerpt == "A revenge thriller.\nShot in neon.\nJeon Jong-seo\nstars."
    assert review.slug == "ballerina-2023"


def test_every_editorial_model_cleans_its_text_fields_on_save(db):
    film = make_film("The\x0bCall", logline="Two women,\x0b one phone.\x1b")
    person = Person.objects.create(name="Park\x0bShin-hye\x00")
    author = make_author("Karina\x0bAdelgaard", bio="Writes\x0bhorror.\x08")
    review = make_review("Fine", film=film, author=author)
    review.tags.add("k-\x0bthriller")
    option = make_watch_option(film, make_provider("Netflix"), note="Dubbed\x0b\x02")

    assert Film.objects.get(pk=film.pk).title == "The Call"
    assert Film.objects.get(pk=film.pk).logline == "Two women,\n one phone."
    assert Person.objects.get(pk=person.pk).name == "Park Shin-hye"
    assert Author.objects.get(pk=author.pk).display_name == "Karina Adelgaard"
    assert Author.objects.get(pk=author.pk).bio == "<p>Writes\nhorror.</p>"
    assert list(Tag.objects.values_list("name", flat=True)) == ["k- thriller"]
    assert WatchOption.objects.get(pk=option.pk).note == "Dubbed "


def test_a_nul_never_reaches_the_database(db):
    """PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"):
    a title with one, as JSON with an escaped \\u0000 gives, is stored without."""
    review = make_review("Night\x00crawler", body="<p>Dark\x00 streets</p>")

    stored = Review.objects.values("title", "body").get(pk=review.pk)
    assert stored == {"title": "Nightcrawler", "body": "<p>Dark streets</p>"}


def test_the_admin_form_stores_a_word_paste_cleaned(admin_client, db):
    film = make_film()
    author = make_author()
    response = admin_client.post(
        "/admin/reviews/review/add/",
        {
            "title": WORD_TITLE,
            "excerpt": WORD_EXCERPT,
            "body": "<p>Text\x0bmore</p>",
            "film": film.pk,
            "author": author.pk,
            "status": "draft",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Review.objects.get()
    assert review.title == "Ballerina (2023)"
    assert "\x0b" not in review.body


@pytest.fixture
def stored_dirty(db):
    """Rows with control characters stored before the rule existed (written with
    QuerySet.update, which no save() sees), on every kind of feed."""
    author = make_author("Karina Adelgaard", slug="karina")
    film = make_film("Ballerina")
    review = make_review("Clean", author=author, film=film, excerpt="Fine.")
    review.tags.add("thriller")
    provider = make_provider("Netflix", slug="netflix")
    make_watch_option(
        film, provider, available_from=timezone.localdate() - datetime.timedelta(3)
    )
    Review.objects.update(
        title=WORD_TITLE, excerpt=WORD_EXCERPT, verdict="Go\x0b", body="<p>\x0b</p>"
    )
    Film.objects.update(title="Ballerina\x0b")
    Author.objects.update(display_name="Karina\x0bAdelgaard")
    Tag.objects.update(name="thriller\x0b")
    # SQLite stores a NUL; PostgreSQL cannot hold one, whatever writes it.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    WatchOption.objects.update(note=f"Dubbed\x0b{nul}")
    return review


@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/feed/atom/",
        "/authors/karina/feed/",
        "/authors/karina/feed/atom/",
        "/tags/thriller/feed/",
        "/tags/thriller/feed/atom/",
        "/watch/feed/",
        "/watch/netflix/feed/",
    ],
)
def test_feeds_stay_valid_with_control_characters_already_stored(
    client, stored_dirty, url
):
    response = client.get(url)

    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 1
    assert "Ballerina" in feed.entries[0].title
    assert "\x0b" not in response.content.decode()

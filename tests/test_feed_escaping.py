"""Feeds carry what writers type as text: an excerpt, SEO description, verdict,
tag, author or provider name holding `<script>` reaches a feed reader as those
characters, never as markup, in RSS <description> and Atom <summary type="html">."""

import datetime
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.utils import timezone

from tests.conftest import (
    make_author,
    make_film,
    make_provider,
    make_review,
    make_watch_option,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SCRIPT = '<script>alert("x")</script>'


@pytest.fixture
def hostile(db):
    author = make_author(f"Mallory {SCRIPT}", slug="mallory")
    film = make_film("Ballerina")
    review = make_review(
        f"Title <b>{SCRIPT}</b>",
        author=author,
        film=film,
        excerpt=f"Read this {SCRIPT} & weep",
        verdict=f"<img src=x onerror=alert(1)> {SCRIPT}",
    )
    review.tags.add("horror")
    provider = make_provider(f"Flix {SCRIPT}", slug="flix")
    make_watch_option(
        film,
        provider,
        note=SCRIPT,
        available_from=timezone.localdate() - datetime.timedelta(days=2),
    )
    return review


def description_html(client, url) -> str:
    """The HTML a feed reader renders for the first item: RSS <description> or
    Atom <summary type="html">, after XML unescaping."""
    root = ET.fromstring(client.get(url).content)
    if root.tag == f"{ATOM}feed":
        summary = root.find(f"{ATOM}entry/{ATOM}summary")
        assert summary.get("type") == "html"
        return summary.text
    return root.find("channel/item/description").text


@pytest.mark.parametrize(
    "url",
    [
        "/feed/",
        "/feed/atom/",
        "/authors/mallory/feed/",
        "/authors/mallory/feed/atom/",
        "/tags/horror/feed/",
        "/tags/horror/feed/atom/",
    ],
)
def test_a_script_typed_into_an_excerpt_never_arrives_as_markup(client, hostile, url):
    html = description_html(client, url)

    assert "<script" not in html
    assert "<img" not in html
    # The reader sees what the writer typed, as text.
    assert "Read this &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; weep" in (
        html
    )
    assert "Verdict: &lt;img src=x onerror=alert(1)&gt;" in html
    # And a feed reader shows the text (feedparser unescapes, keeps no markup).
    parsed = feedparser.parse(client.get(url).content, sanitize_html=False)
    assert not parsed.bozo
    assert "<script" not in parsed.entries[0].summary
    assert 'Read this <script>alert("x")</script> & weep' in (
        parsed.entries[0]
        .summary.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&amp;", "&")
    )


def test_an_author_feed_describes_its_author_as_escaped_text(client, hostile):
    rss = ET.fromstring(client.get("/authors/mallory/feed/").content)
    description = rss.findtext("channel/description")
    assert "<script" not in description
    assert "Mallory &lt;script&gt;" in description

    atom = feedparser.parse(
        client.get("/authors/mallory/feed/atom/").content, sanitize_html=False
    )
    assert atom.feed.subtitle_detail.type == "text/plain"
    assert atom.feed.subtitle == f"The latest reviews by Mallory {SCRIPT}."
    # Atom titles and author names are text: shown as typed, never as markup.
    entry = atom.entries[0]
    assert entry.title_detail.type == "text/plain"
    assert entry.title == f"Title <b>{SCRIPT}</b>"


@pytest.mark.parametrize("url", ["/watch/feed/", "/watch/flix/feed/"])
def test_provider_names_and_notes_never_arrive_as_markup_in_watch_feeds(
    client, hostile, url
):
    html = description_html(client, url)

    assert "<script" not in html
    assert "Flix &lt;script&gt;" in html
    channel = ET.fromstring(client.get(url).content).find("channel")
    assert "<script" not in channel.findtext("description")

"""Curated film lists: ranked entries with notes, where to watch each in the
reader's region, a notice when a note names a provider the film has left,
ItemList JSON-LD, a feed and a sitemap entry; drafts hidden from readers."""

import datetime
import json
import re

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reviews import workflow
from reviews.models import ListEntry
from reviews.watch.regions import REGION_COOKIE
from tests.conftest import (
    make_film,
    make_list,
    make_provider,
    make_review,
    make_watch_option,
)
from tests.workflow_support import make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def add_entry(film_list, film, position, note="", **fields) -> ListEntry:
    return ListEntry.objects.create(
        film_list=film_list, film=film, position=position, note=note, **fields
    )


def jsonld(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return [json.loads(text) for text in found]


@pytest.fixture
def thrillers():
    film_list = make_list(is_ranked=True)
    ballerina = make_film("Ballerina", year=2023)
    the_call = make_film("The Call", year=2020)
    review = make_review("Ballerina (2023) – Review", film=ballerina)
    add_entry(film_list, the_call, 2, note="Twenty years apart on one phone line.")
    add_entry(film_list, ballerina, 1, note="A bodyguard's revenge. On Netflix.")
    return {
        "list": film_list,
        "ballerina": ballerina,
        "the_call": the_call,
        "review": review,
    }


def test_a_ranked_list_shows_its_films_in_order_with_notes_and_our_review(
    client, thrillers
):
    html = client.get("/lists/korean-revenge-thrillers/").text

    assert html.index("Ballerina") < html.index("The Call")
    assert '<span class="rank">1.</span>' in html
    assert "A bodyguard&#x27;s revenge. On Netflix." in html
    assert (
        f'<a href="{thrillers["review"].get_absolute_url()}">Our review of Ballerina'
        in html
    )
    # No review of The Call: no link to one.
    assert "Our review of The Call" not in html


def test_the_list_is_an_item_list_for_search_engines(client, thrillers):
    data = jsonld(client.get("/lists/korean-revenge-thrillers/").text)[0]

    assert data["@type"] == "ItemList"
    assert data["numberOfItems"] == 2
    first, second = data["itemListElement"]
    assert (first["position"], first["name"]) == (1, "Ballerina (2023)")
    assert first["url"] == (
        f"http://testserver{thrillers['review'].get_absolute_url()}"
    )
    # Without our review, the film's page on this site.
    assert second["url"] == (
        f"http://testserver{thrillers['the_call'].get_absolute_url()}"
    )


def test_each_entry_says_where_to_watch_it_in_the_readers_region(client, thrillers):
    netflix = make_provider("Netflix")
    shudder = make_provider("Shudder")
    make_watch_option(thrillers["ballerina"], netflix, region="KR")
    make_watch_option(thrillers["the_call"], shudder, region="US")

    client.cookies[REGION_COOKIE] = "KR"
    in_korea = client.get("/lists/korean-revenge-thrillers/").text
    client.cookies[REGION_COOKIE] = "US"
    in_the_us = client.get("/lists/korean-revenge-thrillers/").text

    assert "Netflix (KR)" in in_korea and "Shudder" not in in_korea
    assert "Shudder (US)" in in_the_us and "Netflix (KR)" not in in_the_us


def test_a_note_naming_a_provider_the_film_has_left_gets_a_notice(client, thrillers):
    netflix = make_provider("Netflix")
    make_watch_option(
        thrillers["ballerina"],
        netflix,
        available_from=TODAY() - datetime.timedelta(days=400),
        available_until=TODAY() - datetime.timedelta(days=3),
    )

    html = client.get("/lists/korean-revenge-thrillers/").text

    last_day = TODAY() - datetime.timedelta(days=3)
    assert f"Update: it left Netflix after {last_day:%-d %B %Y}." in html


@pytest.mark.parametrize("entries", [1, 15])
def test_a_list_page_costs_the_same_queries_however_long(client, entries):
    film_list = make_list()
    provider = make_provider()
    for position in range(entries):
        film = make_film()
        make_review(film=film)
        make_watch_option(film, provider)
        add_entry(film_list, film, position, note="On it.")

    with CaptureQueriesContext(connection) as captured:
        answer = client.get(film_list.get_absolute_url())
    assert answer.status_code == 200
    assert answer.text.count('class="list-entry"') == entries
    assert len(captured) <= 9


def test_a_draft_list_is_404_for_readers_and_a_preview_for_editors(client):
    workflow.create_roles()
    film_list = make_list("Coming soon", published=False)

    assert client.get(film_list.get_absolute_url()).status_code == 404
    assert client.get(film_list.get_absolute_url() + "feed/").status_code == 404
    assert "Coming soon" not in client.get("/lists/").text

    client.force_login(make_user("editor", group=workflow.EDITORS))
    answer = client.get(film_list.get_absolute_url())
    assert answer.status_code == 200
    assert "this list is draft" in answer.text
    assert "no-cache" in answer.headers["Cache-Control"]


def test_the_list_feed_carries_its_entries_as_plain_text(client, thrillers):
    ListEntry.objects.filter(film=thrillers["the_call"]).update(
        note="<script>alert(1)</script> & more"
    )

    feed = feedparser.parse(client.get("/lists/korean-revenge-thrillers/feed/").content)

    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [
        "Ballerina (2023)",
        "The Call (2020)",
    ]
    assert feed.entries[0].link.endswith(thrillers["review"].get_absolute_url())
    # Escaped text: a feed reader shows the note, it never runs it.
    assert "<script>" not in feed.entries[1].summary
    assert "alert(1)" in feed.entries[1].summary


def test_published_lists_are_in_the_index_and_the_sitemap(client, thrillers):
    make_list("Unfinished", published=False)

    assert "Korean revenge thrillers" in client.get("/lists/").text
    section = client.get("/sitemap-lists.xml").text
    assert "/lists/korean-revenge-thrillers/" in section
    assert "unfinished" not in section


def test_the_demo_has_a_list_reachable_from_the_header(client, demo):
    home = client.get("/").text
    assert 'href="/lists/"' in home
    lists = client.get("/lists/").text
    assert "Korean films about revenge and grief" in lists
    page = client.get("/lists/korean-revenge-and-grief/")
    assert page.status_code == 200
    assert "Our review of Ballerina" in page.text

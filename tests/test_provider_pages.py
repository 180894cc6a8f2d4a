"""/watch/ and /watch/<provider>/ with their feeds: what is new this month,
leaving soon and available now for the reader's region, linking to our published
reviews, in a constant number of queries."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.models import Film, WatchOption
from reviews.watch.regions import REGION_COOKIE
from tests.conftest import (
    make_film,
    make_library_image,
    make_provider,
    make_review,
    make_watch_option,
)

TODAY = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def netflix(db):
    netflix = make_provider("Netflix", slug="netflix")
    films = {
        name: make_film(name)
        for name in ("Newcomer", "Leaver", "Upcoming", "Departed", "Regular", "Local")
    }
    make_watch_option(films["Newcomer"], netflix, available_from=D(2026, 11, 10))
    make_watch_option(
        films["Leaver"],
        netflix,
        available_from=D(2025, 1, 1),
        available_until=D(2026, 12, 5),
    )
    make_watch_option(films["Upcoming"], netflix, available_from=D(2026, 12, 10))
    make_watch_option(films["Departed"], netflix, available_until=D(2026, 11, 1))
    make_watch_option(films["Regular"], netflix, available_from=D(2026, 10, 20))
    make_watch_option(
        films["Local"], netflix, region="KR", available_from=D(2026, 11, 2)
    )
    make_review("Our Newcomer review", film=films["Newcomer"])
    make_review("Newcomer draft", film=films["Newcomer"], published=False)
    make_review(
        "Scheduled Leaver review",
        film=films["Leaver"],
        published_at=TODAY + datetime.timedelta(days=1),
    )
    return netflix


def sections(html: str) -> dict[str, str]:
    """Each <h2>'s text → the HTML up to the next <h2> (or the end of main)."""
    main = html[html.index("<main") : html.index("</main>")]
    parts = main.split("<h2")[1:]
    found = {}
    for part in parts:
        heading = part[part.index(">") + 1 : part.index("</h2>")]
        found[heading] = part
    return found


def test_provider_page_sorts_options_into_sections(client, netflix):
    page = client.get("/watch/netflix/").content.decode()
    by_heading = sections(page)

    assert list(by_heading) == [
        "New this month",
        "Leaving soon",
        "Coming soon",
        "Available now",
    ]
    assert "Newcomer" in by_heading["New this month"]
    assert "Regular" not in by_heading["New this month"]
    assert "Leaver" in by_heading["Leaving soon"]
    assert "last day 4 December 2026" in by_heading["Leaving soon"]
    assert "Coming to Netflix on 10 December 2026" in by_heading["Coming soon"]
    now = by_heading["Available now"]
    assert all(name in now for name in ("Newcomer", "Leaver", "Regular"))
    assert "Upcoming" not in now
    assert "Departed" not in page
    assert "Local" not in page  # a KR option, and this reader is worldwide


def test_provider_page_links_only_published_reviews(client, netflix):
    page = client.get("/watch/netflix/").content.decode()

    assert 'href="/reviews/our-newcomer-review/">Our Newcomer review</a>' in page
    assert "Newcomer draft" not in page
    assert "Scheduled Leaver review" not in page
    assert 'href="/films/newcomer-2023/"' in page


def test_provider_page_follows_the_readers_region(client, netflix):
    client.cookies[REGION_COOKIE] = "KR"

    by_heading = sections(client.get("/watch/netflix/").content.decode())

    assert "Local" in by_heading["New this month"]
    assert "Newcomer" in by_heading["New this month"]  # worldwide too


def test_provider_page_says_when_nothing_is_on(client, db):
    make_provider("Mubi", slug="mubi")

    page = client.get("/watch/mubi/").content.decode()

    assert "Nothing on Mubi right now." in page


def test_providers_page_counts_what_is_on_now(client, netflix):
    make_provider("Mubi", slug="mubi")

    page = client.get("/watch/").content.decode()

    assert '<a href="/watch/mubi/">Mubi</a>' in page
    assert "0 titles to watch now" in page
    # Newcomer, Leaver and Regular; not the coming, gone or Korean ones.
    assert "3 titles to watch now" in page
    client.cookies[REGION_COOKIE] = "KR"
    assert "4 titles to watch now" in client.get("/watch/").content.decode()


def feed_items(client, url) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return [
        {child.tag: (child.text or "") for child in item}
        for item in channel.findall("item")
    ]


@pytest.mark.parametrize("url", ["/watch/feed/", "/watch/netflix/feed/"])
def test_feeds_announce_arrivals_and_departures_newest_first(client, netflix, url):
    items = feed_items(client, url)

    assert [item["title"] for item in items] == [
        "Leaver (2023): leaving Netflix",  # leaving soon since 21 November
        "Newcomer (2023): Streaming on Netflix",  # 10 November
        "Regular (2023): Streaming on Netflix",  # 20 October
        "Leaver (2023): Streaming on Netflix",  # 1 January 2025
    ]
    leaving, newcomer = items[0], items[1]
    assert "Last day: 4 December 2026." in leaving["description"]
    assert newcomer["link"] == "http://testserver/reviews/our-newcomer-review/"
    assert "Our review: Our Newcomer review." in newcomer["description"]
    assert "draft" not in newcomer["description"]
    assert items[2]["link"] == "http://testserver/films/regular-2023/"
    assert newcomer["pubDate"] == "Tue, 10 Nov 2026 00:00:00 +0000"
    assert len({item["guid"] for item in items}) == len(items)


def test_the_feed_follows_the_readers_region(client, netflix):
    client.cookies[REGION_COOKIE] = "KR"

    titles = [item["title"] for item in feed_items(client, "/watch/netflix/feed/")]

    assert "Local (2023): Streaming on Netflix (KR)" in titles


def test_a_feed_names_its_region_for_feed_readers_without_cookies(client, netflix):
    titles = [
        item["title"] for item in feed_items(client, "/watch/netflix/feed/?region=kr")
    ]
    assert "Local (2023): Streaming on Netflix (KR)" in titles

    client.cookies[REGION_COOKIE] = "KR"
    worldwide = feed_items(client, "/watch/netflix/feed/?region=worldwide")
    assert all("(KR)" not in item["title"] for item in worldwide)


def test_feed_links_carry_the_readers_region(client, netflix):
    client.cookies[REGION_COOKIE] = "KR"
    listing = client.get("/watch/").text
    assert 'href="/watch/feed/?region=KR"' in listing
    assert 'href="/watch/netflix/feed/?region=KR"' in listing  # each provider's feed
    assert 'href="/watch/netflix/feed/?region=KR"' in client.get("/watch/netflix/").text


def test_a_short_window_starts_leaving_on_arrival_not_before(client, netflix):
    film = make_film("Brief")
    make_watch_option(
        film, netflix, available_from=D(2026, 11, 23), available_until=D(2026, 11, 30)
    )
    items = {item["guid"]: item for item in feed_items(client, "/watch/netflix/feed/")}
    leaving = next(
        i for g, i in items.items() if "Brief" in i["title"] and "leaving" in g
    )
    assert leaving["pubDate"] == "Mon, 23 Nov 2026 00:00:00 +0000"


def test_a_long_catalogue_is_paged_by_title_with_the_highlights_first(
    client, db, monkeypatch
):
    from reviews.watch import listings as watch_listings

    monkeypatch.setattr(watch_listings, "AVAILABLE_PER_PAGE", 4)
    shop = make_provider("Shop", slug="shop")
    for letter in "ABCDE":
        make_watch_option(make_film(f"{letter} film"), shop)
    make_watch_option(make_film("Z leaver"), shop, available_until=D(2026, 11, 30))

    first = client.get("/watch/shop/").content.decode()
    second = client.get("/watch/shop/?page=2").content.decode()
    past_the_end = client.get("/watch/shop/?page=3")
    not_a_number = client.get("/watch/shop/?page=two")

    assert "Leaving soon" in sections(first) and "Z leaver" in first
    now_first = sections(first)["Available now, page 1"]
    assert [f"{x} film" in now_first for x in "ABCDE"] == [True] * 4 + [False]
    assert 'rel="next" href="?page=2"' in first
    # The sections are on the first page only (a badge may still say "Leaving soon").
    assert list(sections(second)) == ["Available now, page 2"]
    now_second = sections(second)["Available now, page 2"]
    assert "E film" in now_second and "Z leaver" in now_second
    assert "A film" not in now_second
    assert 'rel="prev" href="?page=1"' in second
    assert past_the_end.status_code == not_a_number.status_code == 404


def test_unknown_provider_pages_and_feeds_are_404(client, db):
    assert client.get("/watch/nope/").status_code == 404
    assert client.get("/watch/nope/feed/").status_code == 404


# --- Query budgets: the same for 3 options as for 30 ------------------------------


def busy_provider(n: int) -> str:
    """A provider with n options in each state, every film with a published review
    and a draft."""
    provider = make_provider()
    for i in range(n):
        windows = [
            {"available_from": D(2026, 11, 1 + i % 20)},  # new this month
            {"available_from": D(2026, 1, 1), "available_until": D(2026, 12, 1)},
            {"available_from": D(2027, 1, 1)},  # coming
            {"available_until": D(2026, 1, 1)},  # gone
        ]
        for window in windows:
            film = make_film()
            make_watch_option(
                film, provider, kind=WatchOption.Kind.SUBSCRIPTION, **window
            )
            make_review(film=film)
            make_review(film=film, published=False)
    return provider.slug


BUDGETS = {
    "/watch/": 1,
    # provider; available now and the highlights, each with their films' reviews
    "/watch/{slug}/": 5,
    "/watch/feed/": 4,  # arrivals and departures, each with their reviews
    "/watch/{slug}/feed/": 5,  # and the provider
}


@pytest.mark.parametrize("url", BUDGETS)
def test_provider_pages_and_feeds_cost_the_same_for_3_and_30_options(
    client, db, url, django_assert_max_num_queries
):
    counts = []
    for n in (3, 30):
        address = url.format(slug=busy_provider(n))
        with django_assert_max_num_queries(BUDGETS[url]):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_choosing_a_region_on_a_later_page_returns_to_the_first(
    client, db, monkeypatch
):
    from reviews.watch import listings as watch_listings

    monkeypatch.setattr(watch_listings, "AVAILABLE_PER_PAGE", 2)
    shop = make_provider("Shop", slug="shop")
    for letter in "ABC":
        make_watch_option(make_film(f"{letter} film"), shop, region="GB")
    client.cookies[REGION_COOKIE] = "GB"

    page_two = client.get("/watch/shop/?page=2&utm_source=x").content.decode()

    assert 'name="next" value="/watch/shop/"' in page_two


def test_provider_page_is_a_poster_grid_with_state_badges(client, netflix):
    poster = make_library_image(alt_text="Newcomer poster")
    Film.objects.filter(title="Newcomer").update(poster=poster)

    by_heading = sections(client.get("/watch/netflix/").content.decode())
    now = by_heading["Available now"]
    items = {
        name: next(item for item in now.split("<li>") if f">{name} (2023)<" in item)
        for name in ("Newcomer", "Leaver", "Regular")
    }

    assert 'class="poster-grid provider-entries"' in now
    assert "<picture" in items["Newcomer"] and "no-poster" not in items["Newcomer"]
    assert "no-poster" in items["Regular"]
    # New: arrived on 10 November, within 30 days; Regular on 20 October.
    assert items["Newcomer"].count('class="badge badge-new">New<') == 1
    assert "badge" not in items["Regular"]
    assert 'class="badge badge-leaving">Leaving soon<' in items["Leaver"]


def test_providers_page_is_a_grid_of_logos(client, netflix):
    page = client.get("/watch/").content.decode()

    assert 'class="provider-grid"' in page
    assert 'class="provider-tile-logo no-logo" aria-hidden="true">N<' in page

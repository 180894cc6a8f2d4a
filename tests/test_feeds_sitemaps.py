"""Feeds, sitemaps and robots.txt, parsed as XML: only published reviews appear."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from reviews.models import Episode, Film, Review
from tests.conftest import (
    make_author,
    make_film,
    make_list,
    make_page,
    make_person,
    make_review,
)

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def day(moment: datetime.datetime) -> str:
    """Sitemap sections give lastmod as a W3C date."""
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d")


def same_moment(text: str, moment: datetime.datetime) -> bool:
    return datetime.datetime.fromisoformat(text) == moment


@pytest.fixture
def site(db):
    author = make_author("Karina Adelgaard", nickname="ScreamQueen")
    public = make_review(
        "Public review", author=author, excerpt="A teaser.", rating="8", verdict="Go."
    )
    public.tags.add("korean")
    hidden = make_review(
        "Hidden draft", published=False, author=author, film=make_film()
    )
    hidden.tags.add("korean", "secret")
    gone = make_review("Gone review", author=author, status=Review.Status.UNPUBLISHED)
    gone.tags.add("korean")
    return {"author": author, "public": public, "hidden": hidden, "gone": gone}


def rss_items(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    return channel, channel.findall("item")


def atom_entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def test_rss_feed_lists_published_reviews_only(client, site):
    channel, items = rss_items(client, "/feed/")

    assert channel.findtext("title") == "Heaven: latest reviews"
    assert [item.findtext("title") for item in items] == ["Public review"]
    item = items[0]
    assert item.findtext("link") == "http://testserver/reviews/public-review/"
    assert "A teaser." in item.findtext("description")
    assert "Rating: 8/10" in item.findtext("description")
    assert [c.text for c in item.findall("category")] == ["korean"]
    assert item.findtext("pubDate")


def test_atom_feed_lists_published_reviews_only(client, site):
    feed, entries = atom_entries(client, "/feed/atom/")

    assert feed.findtext(f"{ATOM}title") == "Heaven: latest reviews"
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Public review"]
    entry = entries[0]
    assert entry.find(f"{ATOM}link").get("href") == (
        "http://testserver/reviews/public-review/"
    )
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == (
        'Karina "ScreamQueen" Adelgaard'
    )
    assert same_moment(entry.findtext(f"{ATOM}published"), site["public"].published_at)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_author_and_tag_feeds_hold_only_their_published_reviews(client, site, kind):
    author = site["author"]
    other = make_review("Someone else's review")
    other.tags.add("other")
    suffix = "" if kind == "rss" else "atom/"
    for url in (f"/authors/{author.slug}/feed/{suffix}", f"/tags/korean/feed/{suffix}"):
        if kind == "rss":
            _, items = rss_items(client, url)
            titles = [item.findtext("title") for item in items]
        else:
            _, entries = atom_entries(client, url)
            titles = [e.findtext(f"{ATOM}title") for e in entries]
        assert titles == ["Public review"], url


def test_tags_and_bylines_used_only_by_drafts_have_no_feed(client, site):
    # Like their pages: a feed would reveal a tag or byline readers cannot see.
    ghost = make_author("Ghost Writer")
    make_review("Unfinished", published=False, author=ghost)
    for url in (
        "/tags/secret/feed/",
        "/tags/secret/feed/atom/",
        f"/authors/{ghost.slug}/feed/",
        f"/authors/{ghost.slug}/feed/atom/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get("/tags/nope/feed/").status_code == 404
    assert client.get("/authors/nope/feed/atom/").status_code == 404


def sitemap_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        node.findtext(f"{SITEMAP}loc"): node.findtext(f"{SITEMAP}lastmod")
        for node in root
    }


def test_sitemap_index_links_every_section_with_lastmod(client, site):
    sections = sitemap_urls(client, "/sitemap.xml")

    assert set(sections) == {
        f"http://testserver/sitemap-{name}.xml"
        for name in (
            "reviews",
            "films",
            "seasons",
            "episodes",
            "people",
            "authors",
            "tags",
            "pages",
            "lists",
        )
    }
    assert same_moment(
        sections["http://testserver/sitemap-reviews.xml"], site["public"].updated_at
    )


def test_sitemaps_list_published_things_with_lastmod(client, site):
    person = make_person("Jun Jong-seo")
    reviews = sitemap_urls(client, "/sitemap-reviews.xml")
    films = sitemap_urls(client, "/sitemap-films.xml")
    people = sitemap_urls(client, "/sitemap-people.xml")
    authors = sitemap_urls(client, "/sitemap-authors.xml")
    tags = sitemap_urls(client, "/sitemap-tags.xml")

    public = site["public"]
    assert reviews == {
        "http://testserver/reviews/public-review/": day(public.updated_at)
    }
    film_url = f"http://testserver{public.film.get_absolute_url()}"
    assert films[film_url] == day(public.film.updated_at)
    assert people == {
        f"http://testserver{person.get_absolute_url()}": day(person.updated_at)
    }
    assert authors == {
        f"http://testserver{site['author'].get_absolute_url()}": day(public.updated_at)
    }
    assert tags == {"http://testserver/tags/korean/": day(public.updated_at)}


def test_author_without_published_reviews_is_not_in_the_sitemap(client, db):
    make_review("Draft only", published=False, author=make_author(), film=make_film())

    assert sitemap_urls(client, "/sitemap-authors.xml") == {}
    assert sitemap_urls(client, "/sitemap-reviews.xml") == {}
    assert sitemap_urls(client, "/sitemap-tags.xml") == {}


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_sitemap_index_costs_the_same_for_many_people(
    client, db, django_assert_max_num_queries
):
    for _ in range(30):
        make_person()
    make_review().tags.add("tagged")
    make_page("About us")
    make_list("Korean thrillers")
    series = make_film("A series", kind=Film.Kind.SERIES)
    Episode.objects.create(
        season=series.seasons.create(number=1), number=1, title="One"
    )
    # Two per section: its size and its newest change (9 sections).
    with django_assert_max_num_queries(18):
        sections = sitemap_urls(client, "/sitemap.xml")
    assert all(sections.values())


# Each address, the element it repeats per entry, and how many it holds for n
# reviews (feeds show the latest 20; the tag sitemap lists "bulk" and n more tags).
FEED_AND_SITEMAP_ENTRIES = {
    "/feed/": ("<item>", lambda n: min(n, 20)),
    "/feed/atom/": ("<entry>", lambda n: min(n, 20)),
    "/authors/bulk-author/feed/": ("<item>", lambda n: min(n, 20)),
    "/tags/bulk/feed/atom/": ("<entry>", lambda n: min(n, 20)),
    "/sitemap-reviews.xml": ("<url>", lambda n: n),
    "/sitemap-authors.xml": ("<url>", lambda n: 1),
    "/sitemap-tags.xml": ("<url>", lambda n: n + 1),
}


@pytest.mark.parametrize("n", [3, 30])
@pytest.mark.parametrize("url", FEED_AND_SITEMAP_ENTRIES)
def test_feeds_and_sitemaps_cost_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries, n, url
):
    author = make_author("Bulk Author")
    for i in range(n):
        review = make_review(author=author)
        review.tags.add("bulk", f"tag {i}")
    with django_assert_max_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
    element, expected = FEED_AND_SITEMAP_ENTRIES[url]
    assert response.text.count(element) == expected(n)
    if "sitemap" not in url or url == "/sitemap-reviews.xml":
        assert review.get_absolute_url() in response.text

"""What search engines and social cards read: JSON-LD, canonical, OpenGraph and
Twitter tags, parsed from the rendered pages."""

import datetime
import json
from html.parser import HTMLParser

import pytest
import time_machine

from reviews.watch.regions import REGION_COOKIE
from tests.conftest import (
    make_alias,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
)


class HeadReader(HTMLParser):
    """Collects <meta>, <link rel=canonical>, <title> and JSON-LD blocks."""

    def __init__(self):
        super().__init__()
        self.meta, self.links, self.jsonld, self.title = {}, {}, [], ""
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta[key] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.links["canonical"] = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")
        elif tag == "title":
            self._in = "title"

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "jsonld":
            self.jsonld[-1] += data
        elif self._in == "title":
            self.title += data


def read(client, url) -> HeadReader:
    response = client.get(url)
    assert response.status_code == 200, url
    reader = HeadReader()
    reader.feed(response.content.decode())
    reader.jsonld = [json.loads(block) for block in reader.jsonld]
    return reader


def test_review_page_carries_a_review_of_a_movie(client, demo):
    the_call = demo["the_call"]
    page = read(client, the_call.get_absolute_url())

    [data] = page.jsonld
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Review"
    assert data["name"] == "The Call (2020) – Review | Netflix Horror-Thriller"
    assert data["url"] == "http://testserver/reviews/the-call-2020-review/"
    assert data["datePublished"] == "2020-11-27T09:00:00+00:00"
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 8,
        "bestRating": 10,
        "worstRating": 0,
    }
    assert data["author"] == {
        "@type": "Person",
        "name": "Karina Adelgaard",
        "url": "http://testserver/authors/karina-adelgaard/",
    }
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Heaven"
    assert data["image"].startswith("http://testserver/media/renditions/")

    movie = data["itemReviewed"]
    assert movie["@type"] == "Movie"
    assert movie["name"] == "The Call"
    assert movie["alternateName"] == "콜"
    assert movie["dateCreated"] == "2020-11-27"
    assert movie["duration"] == "PT112M"
    assert movie["director"] == [
        {
            "@type": "Person",
            "name": "Lee Chung-hyun",
            "url": "http://testserver/people/lee-chung-hyun/",
        }
    ]
    assert [actor["name"] for actor in movie["actor"]] == [
        "Park Shin-hye",
        "Jeon Jong-seo",  # as The Call credits her
    ]
    assert movie["image"] == data["image"]


def test_movie_same_as_links_external_ids(client, db):
    review = make_review()
    review.film.imdb_id = "tt25686012"
    review.film.tmdb_id = 1012345
    review.film.save()

    [data] = read(client, review.get_absolute_url()).jsonld

    assert data["itemReviewed"]["sameAs"] == [
        "https://www.imdb.com/title/tt25686012/",
        "https://www.themoviedb.org/movie/1012345",
    ]


@time_machine.travel(datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC))
def test_where_to_watch_follows_the_one_rule_and_the_readers_region(client, db):
    review = make_review()
    film = review.film
    netflix = make_provider("Netflix", homepage="https://www.netflix.com/")
    watcha = make_provider("Watcha")
    day = datetime.date
    make_watch_option(
        film, netflix, available_from=day(2026, 1, 1), available_until=day(2026, 12, 1)
    )
    make_watch_option(film, netflix, available_until=day(2026, 11, 1), kind="rent")
    make_watch_option(
        film, watcha, region="KR", link="https://watcha.com/x", kind="rent"
    )

    def actions(url):
        [data] = [d for d in read(client, url).jsonld if "@type" in d]
        item = data.get("itemReviewed", data)
        return item.get("potentialAction", [])

    for url in (review.get_absolute_url(), film.get_absolute_url()):
        [netflix_action] = actions(url)  # the rental has gone; KR is not our region
        assert netflix_action["target"] == "https://www.netflix.com/"
        offer = netflix_action["expectsAcceptanceOf"]
        assert offer["availabilityStarts"] == "2026-01-01"
        assert offer["availabilityEnds"] == "2026-11-30"  # the last day
        assert offer["offeredBy"]["name"] == "Netflix"
        assert "eligibleRegion" not in offer  # worldwide

    client.cookies[REGION_COOKIE] = "KR"
    targets = {a["target"] for a in actions(film.get_absolute_url())}
    assert targets == {"https://www.netflix.com/", "https://watcha.com/x"}


def test_unrated_review_has_no_review_rating(client, demo):
    [data] = read(client, demo["ballerina"].get_absolute_url()).jsonld

    assert "reviewRating" not in data
    assert data["itemReviewed"]["alternateName"] == "발레리나"


def test_person_page_carries_a_person_with_every_alias(client, demo):
    [data] = read(client, "/people/jun-jong-seo/").jsonld

    assert data["@type"] == "Person"
    assert data["name"] == "Jun Jong-seo"
    assert data["url"] == "http://testserver/people/jun-jong-seo/"
    assert sorted(data["alternateName"]) == ["Jeon Jong-seo", "전종서"]


def test_json_ld_cannot_be_broken_out_of(client, db):
    person = make_person("Evil </script><script>alert(1)</script>")
    make_alias(person, "<b>&amp;</b>")

    response = client.get(person.get_absolute_url())
    html = response.content.decode()

    assert "<script>alert(1)" not in html
    [data] = read(client, person.get_absolute_url()).jsonld
    assert data["name"] == "Evil </script><script>alert(1)</script>"
    assert data["alternateName"] == ["<b>&amp;</b>"]


PAGES = [
    "/",
    "/reviews/ballerina-2023-review/",
    "/films/ballerina-2023/",
    "/people/jun-jong-seo/",
    "/authors/karina-adelgaard/",
    "/tags/korean/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_canonical_title_description_and_social_tags(client, demo, url):
    page = read(client, url)

    assert page.links["canonical"] == f"http://testserver{url}"
    assert page.meta["og:url"] == page.links["canonical"]
    assert page.title.endswith("— Heaven")
    assert page.meta["description"]
    assert page.meta["og:title"] and page.meta["og:description"]
    assert page.meta["og:site_name"] == "Heaven"
    assert page.meta["twitter:card"] in {"summary", "summary_large_image"}
    assert page.meta["twitter:title"] == page.meta["og:title"]


def test_review_social_card_uses_seo_fields_and_hero_image(client, demo):
    review = demo["ballerina"]
    review.seo_title = "Ballerina review"
    review.seo_description = "A revenge thriller worth your Friday night."
    review.save()

    page = read(client, review.get_absolute_url())

    assert page.title == "Ballerina review — Heaven"
    assert page.meta["description"] == "A revenge thriller worth your Friday night."
    assert page.meta["og:type"] == "article"
    assert page.meta["og:image"].startswith("http://testserver/media/renditions/")
    # The card: cropped to 1.91:1 around the focal point (the centre here).
    assert page.meta["og:image"].endswith("-card-50-50.jpg")
    assert (page.meta["og:image:width"], page.meta["og:image:height"]) == (
        "1200",
        "628",
    )
    assert page.meta["og:image:alt"] == review.hero.alt_text
    assert page.meta["twitter:card"] == "summary_large_image"
    assert page.meta["twitter:image"] == page.meta["og:image"]


def test_description_falls_back_to_the_excerpt(client, demo):
    page = read(client, demo["the_call"].get_absolute_url())

    assert page.title == "The Call (2020) – Review | Netflix Horror-Thriller — Heaven"
    assert page.meta["description"].startswith("THE CALL (2020) is a damn brutal")

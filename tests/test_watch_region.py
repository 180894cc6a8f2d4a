"""The reader's region: the picker sets a cookie that changes what film, review and
provider pages show; bad regions and unsafe return addresses are refused."""

import datetime
import re

import pytest
from django.http import HttpRequest

from reviews.models import WatchOption
from reviews.watch.regions import REGION_COOKIE, clean_region, reader_region
from tests.conftest import make_film, make_provider, make_review, make_watch_option


@pytest.fixture
def film(db):
    film = make_film("The Call", year=2020)
    make_watch_option(film, make_provider("Netflix"))
    make_watch_option(
        film, make_provider("Watcha"), region="KR", kind=WatchOption.Kind.RENT
    )
    make_watch_option(
        film,
        make_provider("Apple TV"),
        region="US",
        kind=WatchOption.Kind.BUY,
        available_from=datetime.date(2020, 1, 1),
    )
    return film


@pytest.fixture
def review(film):
    return make_review("The Call review", film=film)


def where_to_watch(response) -> str:
    page = response.content.decode()
    start = page.index("Where to watch</")
    return page[start : page.index("region-picker", start)]


def pick(client, region, next_url):
    return client.get("/region/", {"region": region, "next": next_url})


@pytest.mark.parametrize("page", ["film", "review"])
def test_picking_a_region_changes_what_the_page_shows(client, film, review, page):
    url = film.get_absolute_url() if page == "film" else review.get_absolute_url()

    before = where_to_watch(client.get(url))
    assert "Streaming on Netflix" in before
    assert "Watcha" not in before and "Apple TV" not in before

    response = pick(client, "kr", url)
    assert response.status_code == 302
    assert response["Location"] == url
    cookie = response.cookies[REGION_COOKIE]
    assert cookie.value == "KR"
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60

    page_html = client.get(url)
    korea = where_to_watch(page_html)
    assert "Rent on Watcha (KR)" in korea
    assert "Streaming on Netflix" in korea
    assert "Apple TV" not in korea
    assert '<option value="KR" selected>South Korea</option>' in (
        page_html.content.decode()
    )

    pick(client, "US", url)
    usa = where_to_watch(client.get(url))
    assert "Buy on Apple TV (US)" in usa and "Watcha" not in usa

    pick(client, "worldwide", url)
    assert "Watcha" not in where_to_watch(client.get(url))


def test_region_dependent_pages_vary_on_cookie(client, film, review):
    make_provider("Mubi", slug="mubi")
    for url in (
        film.get_absolute_url(),
        review.get_absolute_url(),
        "/watch/",
        "/watch/mubi/",
        "/watch/feed/",
        "/watch/mubi/feed/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cookie" in response["Vary"], url


def test_an_unknown_region_is_a_clear_400_and_sets_nothing(client, film):
    response = pick(client, "XX", film.get_absolute_url())

    assert response.status_code == 400
    assert REGION_COOKIE not in response.cookies
    page = response.content.decode()
    assert "We do not know the region “XX”" in page
    # The picker is there to try again, and still goes back to the film.
    assert f'name="next" value="{film.get_absolute_url()}"' in page


@pytest.mark.parametrize(
    ("region", "next_url"),
    [
        ("K\x00R", "/"),
        ("KR" * 500, "/"),
        ("<b>KR</b>", "/films/\x00/"),
        ("KR", "/films/\x00/"),
    ],
)
def test_odd_picker_input_never_answers_500(client, db, region, next_url):
    response = pick(client, region, next_url)

    assert response.status_code in (302, 400)
    assert "<b>KR" not in response.content.decode()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/films/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
        "films/relative/",
        "%ff",
    ],
)
def test_the_picker_returns_only_to_a_page_of_this_site(client, film, next_url):
    response = pick(client, "KR", next_url)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[REGION_COOKIE].value == "KR"


def test_an_empty_choice_returns_to_the_site_default(client, film, settings):
    settings.WATCH_DEFAULT_REGION = "KR"
    url = film.get_absolute_url()
    assert "Rent on Watcha (KR)" in where_to_watch(client.get(url))

    pick(client, "worldwide", url)
    assert "Watcha" not in where_to_watch(client.get(url))

    response = pick(client, "", url)
    assert response.cookies[REGION_COOKIE].value == ""  # deleted
    assert "Rent on Watcha (KR)" in where_to_watch(client.get(url))


def test_a_forged_cookie_falls_back_to_the_default(client, film, settings):
    settings.WATCH_DEFAULT_REGION = "US"
    client.cookies[REGION_COOKIE] = "<script>"

    shown = where_to_watch(client.get(film.get_absolute_url()))

    assert "Buy on Apple TV (US)" in shown


def test_reader_region_reads_only_valid_cookies(settings, db):
    # db: the site's default region may come from its settings row.
    settings.WATCH_DEFAULT_REGION = ""
    request = HttpRequest()
    assert reader_region(request) == ""
    request.COOKIES[REGION_COOKIE] = "kr"
    assert reader_region(request) == "KR"
    request.COOKIES[REGION_COOKIE] = "ZZ"
    assert reader_region(request) == ""
    assert clean_region("worldwide") == ""
    assert clean_region("nope") is None


def test_the_picker_works_without_javascript(client, film):
    page = client.get(film.get_absolute_url()).content.decode()
    form = page[page.index('<form class="region-picker"') :]
    form = form[: form.index("</form>")]

    assert 'method="get"' in form and 'action="/region/"' in form
    assert '<label for="region-picker-region">' in form
    assert '<button type="submit">' in form
    assert f'name="next" value="{film.get_absolute_url()}"' in form
    assert "<script" not in form
    assert re.search(r"\son\w+=", form) is None  # no inline event handlers


def test_the_picker_lists_every_country_once_with_the_readers_chosen(client, db):
    from reviews.watch.regions import ISO_3166_ALPHA2

    client.cookies["heaven_region"] = "KR"
    page = client.get("/watch/").content.decode()
    options = page.split('<select id="region-picker-region" name="region">')[1]
    options = options.split("</select>")[0]

    assert options.count("<option ") == len(ISO_3166_ALPHA2) + 1  # and worldwide
    assert '<option value="KR" selected>South Korea</option>' in options
    assert options.count(" selected") == 1

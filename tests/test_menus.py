"""Header and footer menus edited in the admin: rendered in a fixed number of
queries, only public targets shown, and a change seen at once on cached pages."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from reviews import menus, site_settings
from reviews.models import MenuItem
from tests.conftest import make_film, make_page, make_person, make_provider, make_review

pytestmark = pytest.mark.django_db


def add_item(menu="header", position=0, **target) -> MenuItem:
    item = MenuItem(menu=menu, position=position, **target)
    item.full_clean()
    item.save()
    return item


def nav(html: str, label: str) -> str:
    start = html.index(f'<nav aria-label="{label}"')
    return html[start : html.index("</nav>", start)]


def test_the_header_shows_the_editors_links_in_order(client):
    about = make_page("About us", slug="about")
    add_item(position=20, page=about)
    add_item(position=10, label="Where to watch", url="/watch/")
    add_item(position=30, label="Letterboxd", url="https://letterboxd.com/heaven/")

    header = nav(client.get("/").text, "Site")

    assert header.index("Where to watch") < header.index("About us")
    assert header.index("About us") < header.index("Letterboxd")
    assert 'href="/about/"' in header
    assert 'href="https://letterboxd.com/heaven/"' in header
    # The editor's menu replaces the built-in one.
    assert ">RSS<" not in header


def test_a_site_without_menus_keeps_its_built_in_links(client):
    header = nav(client.get("/").text, "Site")

    assert 'href="/watch/"' in header
    assert 'href="/feed/"' in header
    assert '<nav aria-label="Footer"' not in client.get("/").text


def test_links_to_draft_pages_and_reviews_are_left_out(client):
    add_item(menu="footer", page=make_page("Draft page", published=False))
    add_item(menu="footer", review=make_review("Draft review", published=False))
    add_item(menu="footer", label="Shown", url="/watch/")

    footer = nav(client.get("/").text, "Footer")

    assert "Shown" in footer
    assert "Draft page" not in footer
    assert "Draft review" not in footer


def menu_of_every_kind(count: int) -> None:
    kinds = [
        lambda: {"page": make_page(f"Page {MenuItem.objects.count()}")},
        lambda: {"review": make_review()},
        lambda: {"film": make_film()},
        lambda: {"person": make_person()},
        lambda: {"tag": Tag.objects.create(name=f"tag {MenuItem.objects.count()}")},
        lambda: {"provider": make_provider()},
        lambda: {"label": "Elsewhere", "url": "https://example.org/"},
    ]
    for position in range(count):
        add_item(
            menu="header" if position % 2 else "footer",
            position=position,
            **kinds[position % len(kinds)](),
        )


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/about-menus/"])
def test_menus_cost_one_query_however_many_items(client, url):
    make_page("About menus", slug="about-menus")
    site_settings.current()  # read once, then cached for every request
    menu_of_every_kind(1)
    with_one = queries_for(client, url)

    menu_of_every_kind(20)
    assert queries_for(client, url) == with_one
    # Every item shows: 1 + 10 of the 21 are in the footer.
    assert nav(client.get(url).text, "Footer").count("<li>") == 11


def test_an_item_links_to_exactly_one_thing():
    with pytest.raises(ValidationError):
        add_item(label="Nothing")
    with pytest.raises(ValidationError):
        add_item(url="/watch/", film=make_film())
    with pytest.raises(ValidationError) as error:
        add_item(label="Script", url="javascript:alert(1)")
    assert "https://" in str(error.value)


def test_a_menu_change_reaches_cached_pages_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    review = make_review("Ballerina (2023) – Review")
    about = make_page("About us", slug="about")
    add_item(menu="footer", page=about)
    client.get("/")
    client.get(review.get_absolute_url())

    add_item(menu="footer", label="Privacy", url="/privacy/")
    about.title = "Who we are"
    about.save()

    for url in ("/", review.get_absolute_url()):
        footer = nav(client.get(url).text, "Footer")
        assert "Privacy" in footer
        assert "Who we are" in footer


def test_the_demo_site_has_about_and_privacy_in_its_footer(client, demo):
    footer = nav(client.get("/").text, "Footer")
    assert 'href="/about/"' in footer
    assert 'href="/privacy/"' in footer
    assert client.get("/about/").status_code == 200
    assert client.get("/privacy/").status_code == 200


def menu_queries() -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        found = menus.cached_menus()
    return len(captured), found


def test_the_menus_are_read_once_and_kept_until_a_row_they_show_changes():
    about = make_page("About us", slug="about")
    add_item(menu="footer", page=about)
    cache.clear()

    assert menu_queries()[0] == 1
    menus.cached_menus()  # the first read records the rows' tags; this one keeps
    assert menu_queries()[0] == 0
    make_review("A new review")  # not in a menu: the menus stay cached
    assert menu_queries()[0] == 0

    about.title = "Who we are"
    about.save()
    queries, found = menu_queries()
    assert queries == 1
    assert [link.text for link in found.footer] == ["Who we are"]

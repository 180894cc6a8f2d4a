"""The site's own pages: served at their paths, nested, never over a site address,
drafts hidden from readers, in the sitemap, edited by editors in the admin."""

import datetime
import json
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews import workflow
from reviews.models import Page
from tests.conftest import make_page
from tests.workflow_support import make_user

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> list[dict]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return [json.loads(text) for text in found]


def test_a_published_page_is_served_at_its_own_path(client):
    make_page(
        "About us",
        slug="about",
        kind=Page.Kind.ABOUT,
        body="<p>We review horror films.</p>",
        seo_description="Who writes the reviews here.",
    )

    answer = client.get("/about/")

    assert answer.status_code == 200
    html = answer.text
    assert "<h1>About us</h1>" in html
    assert "We review horror films." in html
    assert '<link rel="canonical" href="http://testserver/about/">' in html
    data = jsonld(html)[0]
    assert data["@type"] == "AboutPage"
    assert data["url"] == "http://testserver/about/"
    assert data["description"] == "Who writes the reviews here."


def test_a_page_without_a_slash_redirects_to_its_address(client):
    make_page("Privacy", slug="privacy")

    assert client.get("/privacy").headers["Location"] == "/privacy/"
    assert client.get("/no-such-page/").status_code == 404
    # No page there: a plain 404 at once, not a redirect to one.
    assert client.get("/no-such-page").status_code == 404
    # Other views still get their slash.
    assert client.get("/watch").headers["Location"] == "/watch/"


def test_nested_pages_answer_under_their_parent_and_move_with_it(client):
    about = make_page("About us", slug="about")
    team = make_page("The team", slug="team", parent=about)
    assert team.get_absolute_url() == "/about/team/"
    answer = client.get("/about/team/")
    assert answer.status_code == 200
    assert '<a href="/about/">About us</a>' in answer.text  # breadcrumbs

    about.slug = "who-we-are"
    about.full_clean()
    about.save()

    assert client.get("/who-we-are/team/").status_code == 200
    # The old addresses follow the move (tests/test_redirects.py has the rest).
    moved = client.get("/about/team/")
    assert (moved.status_code, moved["Location"]) == (301, "/who-we-are/team/")
    team.refresh_from_db()
    assert team.path == "who-we-are/team"


def test_a_page_cannot_sit_under_itself():
    about = make_page("About us", slug="about")
    team = make_page("The team", slug="team", parent=about)
    about.parent = team

    with pytest.raises(ValidationError) as error:
        about.full_clean()
    assert "cannot sit under itself" in str(error.value)


@pytest.mark.parametrize(
    "slug",
    [
        "feed",
        "reviews",
        "films",
        "people",
        "authors",
        "tags",
        "watch",
        "search",
        "admin",
        "region",
        "healthz",
        "static",
        "media",
        "sitemap-pages",
        "lists",
    ],
)
def test_a_page_can_never_take_an_address_the_site_serves(slug):
    page = Page(title="Sneaky", slug=slug, status=Page.Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    assert "an address the site itself uses" in str(error.value.message_dict["slug"])


def test_the_site_still_answers_where_a_page_would_have_shadowed_it(client):
    # A page under a free top-level path may use any slug below it.
    about = make_page("About us", slug="about")
    make_page("Feed of our team", slug="feed", parent=about)

    assert client.get("/about/feed/").status_code == 200
    assert (
        client.get("/feed/").headers["Content-Type"].startswith("application/rss+xml")
    )


def test_a_draft_page_is_404_for_readers_and_a_preview_for_editors(client):
    workflow.create_roles()
    make_page("Contact", slug="contact", published=False)

    assert client.get("/contact/").status_code == 404

    client.force_login(make_user("editor", group=workflow.EDITORS))
    answer = client.get("/contact/")
    assert answer.status_code == 200
    assert "this page is draft" in answer.text
    assert '<meta name="robots" content="noindex">' in answer.text
    assert "no-cache" in answer.headers["Cache-Control"]
    assert jsonld(answer.text) == []


def test_a_scheduled_page_appears_at_its_time(client):
    at = timezone.now() + datetime.timedelta(hours=2)
    make_page("Our 2024 awards", slug="awards", published=False)
    Page.objects.filter(slug="awards").update(
        status=Page.Status.SCHEDULED, published_at=at
    )

    assert client.get("/awards/").status_code == 404
    with time_machine.travel(at + datetime.timedelta(minutes=1)):
        assert client.get("/awards/").status_code == 200


def test_the_sitemap_lists_published_pages_only(client):
    make_page("About us", slug="about")
    make_page("Unfinished", slug="unfinished", published=False)

    index = client.get("/sitemap.xml").text
    assert "sitemap-pages.xml" in index
    section = client.get("/sitemap-pages.xml").text
    assert "http://testserver/about/" in section
    assert "unfinished" not in section


def test_an_editor_adds_a_page_in_the_admin_and_a_bad_slug_is_a_field_error(client):
    workflow.create_roles()
    client.force_login(make_user("editor", group=workflow.EDITORS))
    form = {
        "title": "Feed",
        "slug": "feed",
        "kind": "WebPage",
        "body": "<p>Our feeds.</p>",
        "status": "draft",
    }

    refused = client.post("/admin/reviews/page/add/", form)

    assert refused.status_code == 200
    assert "an address the site itself uses" in refused.text
    assert "Our feeds." in refused.text  # nothing typed is lost
    assert not Page.objects.exists()

    form["slug"] = "feeds"
    saved = client.post("/admin/reviews/page/add/", form)
    assert saved.status_code == 302
    assert Page.objects.get().get_absolute_url() == "/feeds/"


def test_only_editors_publish_pages_and_writers_cannot_touch_them(client):
    workflow.create_roles()
    page = make_page("About us", slug="about", published=False)
    client.force_login(make_user("writer", group=workflow.WRITERS))
    assert client.get("/admin/reviews/page/").status_code == 403
    assert client.get("/admin/reviews/menuitem/").status_code == 403

    client.force_login(make_user("editor", group=workflow.EDITORS))
    answer = client.post(
        "/admin/reviews/page/",
        {"action": "publish_selected", "_selected_action": [page.pk]},
    )
    assert answer.status_code == 302
    page.refresh_from_db()
    assert page.is_published()
    assert client.get("/about/").status_code == 200

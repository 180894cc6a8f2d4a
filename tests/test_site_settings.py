"""Site settings an editor changes in the admin: name, tagline, logo, social
profiles, default region and rating scale reach the rendered site at once."""

import json
import re
from decimal import Decimal

import feedparser
import pytest
from django.core.exceptions import ValidationError

from reviews import workflow
from reviews.models import Review, SiteSettings
from tests.conftest import (
    make_film,
    make_library_image,
    make_provider,
    make_review,
    make_watch_option,
)
from tests.workflow_support import make_user

pytestmark = pytest.mark.django_db


def save_settings(**fields) -> SiteSettings:
    site, _ = SiteSettings.objects.get_or_create(pk=1)
    for name, value in fields.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    return site


def review_jsonld(html: str) -> dict:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    return next(d for d in map(json.loads, found) if d.get("@type") == "Review")


def test_a_fresh_site_takes_its_name_from_the_environment(client, settings):
    settings.SITE_NAME = "Heaven of Horror"

    html = client.get("/").text

    assert "<title>Latest reviews — Heaven of Horror</title>" in html


def test_settings_saved_in_the_admin_change_cached_pages_at_once(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    review = make_review("Ballerina (2023) – Review", rating=Decimal("8"))
    for url in ("/", review.get_absolute_url(), "/feed/"):
        client.get(url)  # cached, page and review part

    workflow.create_roles()
    editor = make_user("editor", group=workflow.EDITORS)
    client.force_login(editor)
    assert client.get("/admin/reviews/sitesettings/add/").status_code == 200
    answer = client.post(
        "/admin/reviews/sitesettings/add/",
        {
            "name": "Heaven of Horror",
            "tagline": "Horror and thriller reviews",
            "social_profiles": "https://www.instagram.com/heavenofhorror/\n"
            "https://letterboxd.com/heavenofhorror/",
            "default_region": "",
            "rating_points": "5",
            "rating_step": "half",
        },
    )
    assert answer.status_code == 302
    # One row: once added, there is nothing more to add.
    assert client.get("/admin/reviews/sitesettings/add/").status_code == 403
    client.logout()

    home = client.get("/").text
    assert "Heaven of Horror" in home
    assert "Horror and thriller reviews" in home
    assert 'href="https://letterboxd.com/heavenofhorror/"' in home
    page = client.get(review.get_absolute_url()).text
    assert "— Heaven of Horror</title>" in page
    assert 'class="stars"' in page and "4 out of 5" in page
    data = review_jsonld(page)
    assert data["publisher"]["name"] == "Heaven of Horror"
    assert data["publisher"]["sameAs"] == [
        "https://www.instagram.com/heavenofhorror/",
        "https://letterboxd.com/heavenofhorror/",
    ]
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 0,
    }
    feed = feedparser.parse(client.get("/feed/").content)
    assert feed.feed.title == "Heaven of Horror: latest reviews"
    assert "Rating: 4/5" in feed.entries[0].summary


def test_the_default_region_comes_from_the_settings(client, settings):
    settings.WATCH_DEFAULT_REGION = ""
    film = make_film("Ballerina")
    make_watch_option(film, make_provider("Netflix"), region="KR")
    assert "Netflix (KR)" not in client.get(film.get_absolute_url()).text

    save_settings(default_region="KR")

    assert "Netflix (KR)" in client.get(film.get_absolute_url()).text


def test_the_logo_shows_in_the_header_and_for_search_engines(client):
    save_settings(name="Heaven of Horror", logo=make_library_image("Our logo"))
    review = make_review()

    page = client.get(review.get_absolute_url()).text

    assert 'class="site-logo"' in page
    assert review_jsonld(page)["publisher"]["logo"].startswith("http://testserver/")


def test_social_profiles_must_be_https_addresses():
    with pytest.raises(ValidationError) as error:
        save_settings(social_profiles="instagram.com/heaven")
    assert "is not an https:// address" in str(error.value)


@pytest.mark.parametrize(
    ("points", "step", "stored", "shown"),
    [
        (10, "whole", "8", "8"),
        (10, "half", "7.5", "7.5"),
        (5, "half", "7", "3.5"),
        (5, "whole", "8", "4"),
        (100, "whole", "8.7", "87"),
    ],
)
def test_ratings_show_on_the_sites_scale(client, points, step, stored, shown):
    save_settings(rating_points=points, rating_step=step)
    review = make_review(rating=Decimal(stored))

    html = client.get(review.get_absolute_url()).text

    if points == 5:
        assert 'class="stars"' in html and f"{shown} out of 5" in html
    else:
        assert f'<span class="score">{shown}</span>' in html
        assert f"/{points}</span>" in html
    assert review_jsonld(html)["reviewRating"]["ratingValue"] == float(shown)


@pytest.mark.parametrize(
    ("points", "step", "typed", "stored"),
    [(5, "half", "3.5", "7.0"), (100, "whole", "87", "8.7"), (10, "whole", "8", "8.0")],
)
def test_a_writer_types_a_rating_on_the_sites_scale_and_back(
    client, points, step, typed, stored
):
    save_settings(rating_points=points, rating_step=step)
    workflow.create_roles()
    client.force_login(make_user("editor", group=workflow.EDITORS))
    review = make_review("Ballerina", published=False, film=make_film())
    form = client.get(f"/admin/reviews/review/{review.pk}/change/")
    assert f"Rating (out of {points})" in form.text

    client.post(
        f"/admin/reviews/review/{review.pk}/change/",
        {
            "title": "Ballerina",
            "slug": review.slug,
            "film": review.film_id,
            "body": "<p>Good.</p>",
            "rating": typed,
            "tags": "",
            "tagged_items-TOTAL_FORMS": "0",
            "tagged_items-INITIAL_FORMS": "0",
        },
    )

    review.refresh_from_db()
    assert review.rating == Decimal(stored)
    # Shown back on the same scale when the form opens again.
    again = client.get(f"/admin/reviews/review/{review.pk}/change/").text
    assert f'value="{typed}"' in again


def test_a_rating_off_the_scale_is_a_field_error_and_nothing_changes(client):
    save_settings(rating_points=5, rating_step="whole")
    workflow.create_roles()
    client.force_login(make_user("editor", group=workflow.EDITORS))
    review = make_review("Ballerina", published=False, film=make_film())

    answer = client.post(
        f"/admin/reviews/review/{review.pk}/change/",
        {
            "title": "Ballerina changed",
            "slug": review.slug,
            "body": "<p>Good.</p>",
            "rating": "3.5",
        },
    )

    assert answer.status_code == 200
    assert "goes from 0 to 5 in steps of 1" in answer.text
    assert Review.objects.get(pk=review.pk).title == "Ballerina"


def test_a_hundred_point_scale_has_whole_points_only():
    with pytest.raises(ValidationError):
        save_settings(rating_points=100, rating_step="half")

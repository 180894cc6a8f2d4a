"""Whole anonymous pages come from the cache, and no edit, publication or
unpublication is ever hidden behind a cached copy: the next request shows it."""

import datetime
import logging
import socket

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from heaven import page_cache
from reviews import autosave, workflow
from reviews.models import Genre, Review, WatchOption
from tests.conftest import (
    NEEDS_REDIS,
    ON_EVERY_CACHE_BACKEND,
    make_author,
    make_credit,
    make_film,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
    redis_url,
)
from tests.redis_relay import RedisRelay
from tests.workflow_support import client_for, make_user

# Local memory (development) and Redis (production, where one answers).
pytestmark = ON_EVERY_CACHE_BACKEND

DAY = datetime.timedelta(days=1)


@pytest.fixture
def site(db):
    """A film with a credited person, an author and a tag, one published review
    that stays, and the review each test changes (`subject`)."""
    film = make_film("Nightfall")
    person = make_person("Han So-hee")
    make_credit(film, person)
    author = make_author("Karina Adelgaard")
    kept = make_review("The one that stays", film=film, author=author)
    kept.tags.add("horror")
    subject = make_review("The subject review", film=film, author=author)
    subject.tags.add("horror")
    editor = make_user("editor", group=workflow.EDITORS, author=False)
    return {
        "film": film,
        "person": person,
        "author": author,
        "subject": subject,
        "editor": editor,
    }


def pages(site) -> dict[str, str]:
    return {
        "home": "/",
        "review": site["subject"].get_absolute_url(),
        "film": site["film"].get_absolute_url(),
        "person": site["person"].get_absolute_url(),
        "author": site["author"].get_absolute_url(),
        "tag": "/tags/horror/",
        "feed": "/feed/",
        "sitemap": "/sitemap-reviews.xml",
    }


PAGE_NAMES = ["home", "review", "film", "person", "author", "tag", "feed", "sitemap"]


def cached_get(client, url):
    """Ask twice, so the second answer is the cached copy."""
    first = client.get(url)
    second = client.get(url)
    assert second.status_code == first.status_code == 200
    assert second["X-Cache"] == "hit"
    return second


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_an_edit_shows_on_the_next_request(client, site, page):
    url = pages(site)[page]
    subject = site["subject"]
    before = cached_get(client, url)
    if page == "person":
        # The filmography names films, not review titles: edit the film.
        old, new = "Nightfall", "Daybreak"
        site["film"].title = new
        site["film"].save()
    elif page == "sitemap":
        # The sitemap lists addresses: a new slug is the edit it shows.
        old, new = subject.slug, "the-renamed-review"
        subject.slug = new
        subject.save()
    else:
        old, new = "The subject review", "A renamed review"
        subject.title = new
        subject.save()
    assert old in before.content.decode()

    after = client.get(url if page != "review" else subject.get_absolute_url())

    assert after.status_code == 200
    assert new in after.content.decode()


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_unpublishing_shows_on_the_next_request(client, site, page):
    url = pages(site)[page]
    address = site["subject"].get_absolute_url()
    assert address in cached_get(client, url).content.decode() or page == "review"

    workflow.unpublish(site["subject"], by=site["editor"])
    after = client.get(url)

    if page == "review":
        assert after.status_code == 404
    else:
        assert after.status_code == 200
        assert address not in after.content.decode()


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_publishing_shows_on_the_next_request(client, site, page):
    subject = site["subject"]
    workflow.unpublish(subject, by=site["editor"])
    url = pages(site)[page]
    address = subject.get_absolute_url()
    if page == "review":
        assert client.get(url).status_code == 404
    else:
        assert address not in cached_get(client, url).content.decode()

    workflow.publish(subject, by=site["editor"])
    after = client.get(url)

    assert after.status_code == 200
    assert address in after.content.decode()


@pytest.mark.parametrize("change", ["genre on the film", "related review"])
def test_a_many_to_many_change_shows_on_the_next_request(client, site, change):
    # Only the relation's table changes, no row of the film or review is saved.
    if change == "genre on the film":
        url = site["film"].get_absolute_url()
        new = "Psychological thriller"
        genre = Genre.objects.create(name=new)  # a genre other films already have
        assert new not in cached_get(client, url).text
        site["film"].genres.add(genre)
    else:
        url = site["subject"].get_absolute_url()
        # A review of a film that shares nothing with this one, so that only
        # the writer's pick, never the automatic choice, can list it.
        elsewhere = make_review("A review from elsewhere", film=make_film("Elsewhere"))
        new = "Our review of Elsewhere"
        assert new not in cached_get(client, url).text
        site["subject"].related_reviews.add(elsewhere)

    after = client.get(url)

    assert after.status_code == 200
    assert after["X-Cache"] != "hit"
    assert new in after.text


def test_an_autosave_leaves_the_cached_pages_alone(client, site):
    review_url = site["subject"].get_absolute_url()
    cached_get(client, review_url)

    autosave.store(site["subject"], by=site["editor"], data={"title": "Half-typed"})

    assert client.get(review_url)["X-Cache"] == "hit"  # still the cached copy
    site["subject"].title = "Saved for real"
    site["subject"].save()
    assert "Saved for real" in client.get(review_url).text


def test_a_cached_page_costs_no_query(client, site, django_assert_max_num_queries):
    url = site["subject"].get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(0):
        response = client.get(url)
    assert response["X-Cache"] == "hit"


def test_a_repeated_conditional_request_gets_304(client, site):
    url = site["subject"].get_absolute_url()
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]

    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})

    assert by_etag.status_code == by_date.status_code == 304
    assert by_etag.content == b""


def test_a_conditional_request_after_an_edit_gets_the_new_page(client, site):
    url = site["subject"].get_absolute_url()
    first = client.get(url)
    site["subject"].title = "Rewritten"
    site["subject"].save()

    response = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert response.status_code == 200
    assert "Rewritten" in response.content.decode()


def test_staff_never_get_the_cached_page(site):
    url = site["subject"].get_absolute_url()
    cached_get(Client(), url)
    staff = client_for(site["editor"])

    response = staff.get(url)

    assert response.status_code == 200
    assert "X-Cache" not in response


def test_previews_are_never_cached(site):
    subject = site["subject"]
    workflow.unpublish(subject, by=site["editor"])
    from reviews.preview import share_url

    link = share_url(subject)
    first = Client().get(link)
    second = Client().get(link)

    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in second
    assert Client().get(subject.get_absolute_url()).status_code == 404


def test_each_region_has_its_own_copy(client, site):
    url = site["film"].get_absolute_url()
    cached_get(client, url)

    client.cookies["heaven_region"] = "KR"
    korean = client.get(url)
    client.cookies["heaven_region"] = "not-a-region"
    forged = client.get(url)

    assert korean["X-Cache"] == "miss"
    # An invalid cookie is the default region, so it shares the default's copy.
    assert forged["X-Cache"] == "hit"


def test_a_shared_link_with_click_identifiers_gets_the_cached_page(client, site):
    url = site["subject"].get_absolute_url()
    cached_get(client, url)

    shared = client.get(url + "?utm_source=newsletter&fbclid=IwAR0abc")
    other_click = client.get(url + "?fbclid=IwAR9xyz")

    assert shared["X-Cache"] == other_click["X-Cache"] == "hit"
    assert b"IwAR" not in shared.content


def test_the_region_pickers_way_back_leaves_click_identifiers_out(client, site):
    url = site["film"].get_absolute_url()

    page = client.get(url + "?fbclid=IwAR0abc&utm_medium=social")

    assert page["X-Cache"] == "miss"
    assert b"IwAR" not in page.content and b"utm_medium" not in page.content
    assert f'name="next" value="{url}"'.encode() in page.content


def test_other_query_parameters_still_get_their_own_copy(client, site):
    cached_get(client, "/watch/feed/")

    korean_feed = client.get("/watch/feed/?region=KR&utm_source=x")

    assert korean_feed.status_code == 200
    assert korean_feed["X-Cache"] == "miss"
    assert client.get("/watch/feed/?region=KR")["X-Cache"] == "hit"


def test_scheduled_review_appears_at_its_time_without_a_save(client, site):
    ten = timezone.now().replace(microsecond=0) + DAY
    subject = site["subject"]
    Review.objects.filter(pk=subject.pk).update(
        status=Review.Status.SCHEDULED, published_at=ten
    )
    page_cache.bump_content_version()  # update() sends no signal

    with time_machine.travel(ten - datetime.timedelta(seconds=1), tick=False):
        before = cached_get(client, "/")
    with time_machine.travel(ten + datetime.timedelta(seconds=1), tick=False):
        after = client.get("/")

    assert subject.get_absolute_url() not in before.content.decode()
    assert subject.get_absolute_url() in after.content.decode()


def test_where_to_watch_changes_with_the_day(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 7 * 24 * 3600  # the date, not expiry, must do it
    today = timezone.localdate()
    make_watch_option(
        site["film"],
        make_provider("Nightflix"),
        kind=WatchOption.Kind.SUBSCRIPTION,
        available_until=today + DAY,
    )
    url = site["film"].get_absolute_url()
    now = timezone.now()

    assert "Streaming on Nightflix" in cached_get(client, url).content.decode()
    with time_machine.travel(now + DAY, tick=False):
        tomorrow = client.get(url)

    assert "Streaming on Nightflix" not in tomorrow.content.decode()


@pytest.mark.parametrize(
    "change",
    [
        lambda response: response.set_cookie("flavour", "oat"),
        lambda response: setattr(response, "status_code", 404),
        lambda response: response.__setitem__("Cache-Control", "private"),
        lambda response: response.__setitem__("Cache-Control", "no-store"),
    ],
    ids=["sets a cookie", "not a 200", "private", "no-store"],
)
def test_a_response_that_is_not_for_everyone_is_not_cached(rf, db, change):
    from django.http import HttpResponse

    calls = []

    def view(request):
        calls.append(request)
        response = HttpResponse("hello")
        change(response)
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    first = middleware(rf.get("/anything/"))
    second = middleware(rf.get("/anything/"))

    assert len(calls) == 2
    assert "X-Cache" not in first and "X-Cache" not in second


def test_a_plain_page_is_cached_by_the_same_middleware(rf, db):
    from django.http import HttpResponse

    calls = []

    def view(request):
        calls.append(request)
        return HttpResponse("hello")

    middleware = page_cache.PageCacheMiddleware(view)
    middleware(rf.get("/anything/"))
    second = middleware(rf.get("/anything/"))

    assert len(calls) == 1
    assert second["X-Cache"] == "hit"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_site_serves_when_redis_is_unreachable(client, site, settings, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "heaven.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/5",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from heaven.resilient_cache import ResilientRedisCache

    ResilientRedisCache._last_logged = 0.0
    with caplog.at_level(logging.WARNING, logger="heaven.cache"):
        responses = [client.get(url) for url in pages(site).values()] + [
            client.get("/")
        ]

    assert [r.status_code for r in responses] == [200] * len(responses)
    assert "X-Cache" not in responses[-1] or responses[-1]["X-Cache"] == "miss"
    assert "Redis cache unavailable" in caplog.text


@NEEDS_REDIS
def test_an_edit_saved_while_redis_was_unreachable_shows_once_it_is_back(
    site, settings, caplog
):
    relay = RedisRelay(redis_url())
    settings.CACHES = {
        "default": {
            "BACKEND": "heaven.resilient_cache.ResilientRedisCache",
            "LOCATION": relay.url,
            "KEY_PREFIX": f"heaven-test-blip-{site['subject'].pk}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    from django.core.cache import cache

    cache.clear()
    try:
        url = site["subject"].get_absolute_url()
        cached_get(Client(), url)
        relay.cut()  # the save's retiring writes are dropped
        site["subject"].title = "Corrected during the blip"
        site["subject"].save()
        relay.reconnect()  # Redis still holds the old page
        with caplog.at_level(logging.WARNING, logger="heaven.cache"):
            after = Client().get(url)
        again = Client().get(url)
    finally:
        relay.reconnect()
        cache.clear()
        relay.close()

    assert "Corrected during the blip" in after.text
    assert "retiring every cached page" in caplog.text
    assert again["X-Cache"] == "hit"  # and the cache works as before


@pytest.mark.django_db(transaction=True)
def test_applying_a_migration_retires_the_cached_pages(client):
    from django.core.management import call_command

    url = make_person("Jun Jong-seo").get_absolute_url()
    cached_get(client, url)
    # Back one migration and forward again: neither changes this person's row.
    call_command("migrate", "people", "0004", verbosity=0)
    call_command("migrate", "people", verbosity=0)
    after_migrating = client.get(url)
    call_command("migrate", "people", verbosity=0)  # nothing left to apply
    nothing_applied = client.get(url)

    assert after_migrating["X-Cache"] == "miss"
    assert nothing_applied["X-Cache"] == "hit"

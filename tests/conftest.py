"""Fixtures and small factories shared by every test module.

Factories create real rows in the real test database (SQLite, or PostgreSQL when
DATABASE_URL is set); nothing is mocked.
"""

import datetime
import itertools
from pathlib import Path

import pytest
from django.utils import timezone

from people.models import Author, Person, PersonAlias
from reviews.models import (
    Credit,
    Film,
    FilmList,
    Image,
    Page,
    Provider,
    Review,
    WatchOption,
)

_sequence = itertools.count(1)

# Debian's Chromium, driven by Playwright (never a downloaded browser). Without the
# networking flags it keeps trying to reach the internet, which this machine refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A browser test module's marks: `-m "not browser"` leaves them out, and they skip
# where Chromium is missing.
NEEDS_CHROMIUM = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's Chromium is not installed at /usr/bin/chromium "
        "(apt-get install chromium; .ci/run does it)",
    ),
]


def checker_missing(reason: str):
    """A page checker (axe-core, the Nu Html Checker) is not installed: a skip that
    the summary records here, a failure under CI=true, where `.ci/run` installs
    them, so CI never goes green having checked nothing."""
    import os

    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs the page checkers)")
    pytest.skip(reason)


@pytest.fixture
def browser(monkeypatch):
    """A headless Chromium for one test."""
    # Playwright's sync API runs an event loop in this thread; the live server's
    # ORM calls are still synchronous, so Django may allow them.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def make_person(name=None, **fields) -> Person:
    return Person.objects.create(name=name or f"Person {next(_sequence)}", **fields)


def make_alias(person, name, **fields) -> PersonAlias:
    return PersonAlias.objects.create(person=person, name=name, **fields)


def make_author(display_name=None, **fields) -> Author:
    return Author.objects.create(
        display_name=display_name or f"Author {next(_sequence)}", **fields
    )


def make_film(title=None, **fields) -> Film:
    fields.setdefault("year", 2023)
    return Film.objects.create(title=title or f"Film {next(_sequence)}", **fields)


def make_credit(film, person, role=Credit.Role.CAST, **fields) -> Credit:
    return Credit.objects.create(film=film, person=person, role=role, **fields)


def make_provider(name=None, **fields) -> Provider:
    return Provider.objects.create(name=name or f"Provider {next(_sequence)}", **fields)


def make_watch_option(film, provider, **fields) -> WatchOption:
    return WatchOption.objects.create(film=film, provider=provider, **fields)


def make_review(title=None, *, published=True, **fields) -> Review:
    """A review; published a day ago unless told otherwise."""
    if published:
        fields.setdefault("status", Review.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
        if "film" not in fields:
            fields["film"] = make_film()
        if "author" not in fields:
            fields["author"] = make_author()
    fields.setdefault("body", "<p>A review.</p>")
    return Review.objects.create(title=title or f"Review {next(_sequence)}", **fields)


def make_page(title="About us", *, published=True, **fields) -> Page:
    if published:
        fields.setdefault("status", Page.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
    page = Page(title=title, **fields)
    page.full_clean()
    page.save()
    return page


def make_list(title="Korean revenge thrillers", *, published=True, **fields):
    if published:
        fields.setdefault("status", FilmList.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
    film_list = FilmList(title=title, **fields)
    film_list.full_clean()
    film_list.save()
    return film_list


def make_library_image(
    alt_text="Jun Jong-seo in a neon-lit corridor",
    *,
    size=(1600, 900),
    colour=(200, 30, 60),
    name="hero.jpg",
    **fields,
) -> Image:
    """A JPEG in the image library; the same size and colour give the same picture,
    reused as the library does."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage

    from reviews.library.models import add_to_library

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="JPEG")
    image, _ = add_to_library(
        file=ContentFile(buffer.getvalue()), name=name, alt_text=alt_text
    )
    if fields:
        for field, value in fields.items():
            setattr(image, field, value)
        image.full_clean()
        image.save()
    return image


@pytest.fixture
def demo(db):
    """The demo site's content, as `make run` loads it."""
    from reviews.demo import load_demo_content

    load_demo_content(with_admin=False)
    return {
        "ballerina": Review.objects.get(slug="ballerina-2023-review"),
        "the_call": Review.objects.get(slug="the-call-2020-review"),
        "jun": Person.objects.get(slug="jun-jong-seo"),
    }


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated images go to a throwaway folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache: no page cached by another test (whose
    rows were rolled back) can answer for this one."""
    from django.core.cache import cache

    from heaven.resilient_cache import ResilientRedisCache

    cache.clear()
    yield
    cache.clear()
    # Writes another test's unreachable Redis dropped are that test's business.
    ResilientRedisCache._dropped_writes = False
    ResilientRedisCache._retry_at = 0.0
    ResilientRedisCache._open_until = 0.0


@pytest.fixture(autouse=True)
def warm_site_chrome(request, fresh_cache):
    """Every page shows the site settings and the menus, each read once and then
    kept in the cache (tests/test_menus.py and test_site_settings.py count that).
    Read them before the test, as a running site has, so that a page's query
    budget counts the page's own queries."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    if names & {"transactional_db", "live_server"} or (
        marker is not None and (marker.kwargs.get("transaction") or marker.args)
    ):
        return  # their database starts empty of migrations' rows; leave it be
    if marker is None and "db" not in names:
        return  # no database in this test
    request.getfixturevalue("db")
    if "demo" in names:
        request.getfixturevalue("demo")  # its menus first, then read them
    from reviews import menus, site_settings

    site_settings.current()
    # Twice: the first read records the menus' tags, the second keeps the part.
    menus.cached_menus()
    menus.cached_menus()


def redis_url() -> str | None:
    """The Redis database tests may use: `TEST_REDIS_URL` when set (two test runs
    at once each need their own, since the tests empty theirs), else database 14
    if a Redis answers on the loopback (not the load benchmark's 5)."""
    import os
    import socket

    if os.environ.get("TEST_REDIS_URL"):
        return os.environ["TEST_REDIS_URL"]
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return "redis://127.0.0.1:6379/14"
    except OSError:
        return None


NO_REDIS = (
    "needs Redis: set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379/11, a database "
    "these tests may empty); unset, database 14 is used if a Redis answers on "
    "127.0.0.1:6379, and none does"
)
# For a test that needs a real Redis; .ci/run sets TEST_REDIS_URL, so CI runs them.
NEEDS_REDIS = pytest.mark.skipif(redis_url() is None, reason=NO_REDIS)


def use_redis_cache(settings, location: str | None = None) -> None:
    """Serve this test's cache from Redis (`redis_url()`, emptied before and by
    `fresh_cache` after), as production does with REDIS_URL."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "heaven.resilient_cache.ResilientRedisCache",
            "LOCATION": location or redis_url(),
            "KEY_PREFIX": "heaven-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    cache.clear()


# The cache backends a cache suite runs against: development's local memory, and
# production's Redis where one answers.
CACHE_BACKENDS = [
    "memory",
    pytest.param(
        "redis",
        marks=pytest.mark.skipif(redis_url() is None, reason=NO_REDIS),
    ),
]


@pytest.fixture
def cache_backend(request, settings):
    """The cache backend of a test marked ON_EVERY_CACHE_BACKEND."""
    if request.param == "redis":
        use_redis_cache(settings)
    yield request.param
    if request.param == "redis":
        from django.core.cache import cache

        cache.clear()  # `fresh_cache` clears after the settings are put back


# A cache suite's marks: each of its tests against every backend.
ON_EVERY_CACHE_BACKEND = [
    pytest.mark.usefixtures("cache_backend"),
    pytest.mark.parametrize("cache_backend", CACHE_BACKENDS, indirect=True),
]

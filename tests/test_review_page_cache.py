"""A review page the page cache does not have (after any edit on the site, every
page) comes from the review page cache, and only while no row the page shows
has changed: every edit below shows on the next request."""

import datetime
import itertools
import shutil

import pytest
import time_machine
from django.conf import settings
from django.core import serializers
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from heaven import cache_tags, page_cache
from reviews.models import ContentWarning, Genre, Review, WatchOption
from tests.conftest import (
    NO_REDIS,
    ON_EVERY_CACHE_BACKEND,
    make_alias,
    make_author,
    make_credit,
    make_film,
    make_library_image,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
    redis_url,
    use_redis_cache,
)
from tests.workflow_support import client_for, make_user

# Local memory (development) and Redis (production, where one answers).
pytestmark = ON_EVERY_CACHE_BACKEND

DAY = datetime.timedelta(days=1)
_fresh = itertools.count()


@pytest.fixture
def world(db):
    """One review showing a row of every kind its page shows."""
    film = make_film("Nightfall")
    han = make_person("Han So-hee")
    make_credit(film, han)
    park = make_person("Park Ji-hu")
    make_credit(film, park)
    choi = make_person("Choi Min-sik")  # mentioned in the body only
    kim = make_person("Kim Da-mi")
    kim_alias = make_alias(kim, "Kim Dami")
    credit = make_credit(film, kim, credited_as=kim_alias, character="Ja-yoon")
    genre = Genre.objects.create(name="Horror", slug="horror")
    film.genres.add(genre)
    provider = make_provider("Nightflix")
    make_watch_option(film, provider, kind=WatchOption.Kind.SUBSCRIPTION)
    author = make_author("Karina Adelgaard")
    older = make_review("An older review", author=author)
    other_film = make_film("Daybreak")
    related = make_review("Daybreak, reviewed", film=other_film)
    hero = make_library_image("Han So-hee in the rain")
    review = make_review(
        "Nightfall, reviewed",
        film=film,
        author=author,
        hero=hero,
        body='<p>Starring <a href="/people/han-so-hee/">Han</a>, with '
        '<a href="/people/choi-min-sik/">Choi</a>.</p>',
    )
    review.tags.add("slow burn")
    warning = ContentWarning.objects.create(name="Blood", slug="blood")
    review.content_warnings.add(warning)
    review.related_reviews.add(related)
    related_draft = make_review(
        "Sunset, reviewed",
        film=make_film("Sunset"),
        author=make_author("Someone Else"),
        published=False,
    )
    review.related_reviews.add(related_draft)
    return {
        "film": film,
        "han": han,
        "park": park,
        "choi": choi,
        "kim": kim,
        "kim_alias": kim_alias,
        "credit": credit,
        "genre": genre,
        "provider": provider,
        "author": author,
        "older": older,
        "related": related,
        "related_draft": related_draft,
        "other_film": other_film,
        "hero": hero,
        "review": review,
        "warning": warning,
    }


def fresh(client, url):
    """A request the page cache cannot answer: a query string never used."""
    return client.get(f"{url}?fresh={next(_fresh)}")


def warm(client, url) -> str:
    """Render until the page is kept, and prove the next request takes it from
    the review page cache: it reads no row."""
    fresh(client, url)  # records each row's first time (heaven.cache_tags)
    fresh(client, url)  # kept from here
    with CaptureQueriesContext(connection) as queries:
        page = fresh(client, url)
    assert page.status_code == 200
    assert page["X-Cache"] == "miss"
    assert len(queries) == 0, [query["sql"] for query in queries]
    return page.text


def rename(obj, field, value):
    setattr(obj, field, value)
    obj.save()


def publish(review):
    review.status = Review.Status.PUBLISHED
    review.published_at = timezone.now() - DAY
    review.save()


def move(row, **fields):
    """A row corrected in the admin to point elsewhere."""
    for field, value in fields.items():
        setattr(row, field, value)
    row.save()


def merge_tag(old_slug, new_name):
    """What taggit's "Merge selected tags" admin action does."""
    new_tag, _ = Tag.objects.get_or_create(name=new_name)
    for tagged_item in TaggedItem.objects.filter(tag__slug=old_slug):
        tagged_item.tag = new_tag
        tagged_item.save()


CHANGES = {
    "the review's title": (
        lambda w: rename(w["review"], "title", "Nightfall, reconsidered"),
        "Nightfall, reconsidered",
        None,
    ),
    "the film's title": (
        lambda w: rename(w["film"], "title", "Nightfall Redux"),
        "Nightfall Redux",
        None,
    ),
    "a credited person's name": (
        lambda w: rename(w["park"], "name", "Park Ji-hoo"),
        "Park Ji-hoo",
        None,
    ),
    "the credited alias deleted": (
        lambda w: w["kim_alias"].delete(),
        "Kim Da-mi",
        "Kim Dami",
    ),
    "the alias a credit uses": (
        lambda w: rename(w["kim_alias"], "name", "Kim Da-mee"),
        "Kim Da-mee",
        "Kim Dami",
    ),
    "a credit's character": (
        lambda w: rename(w["credit"], "character", "Young-hee"),
        "Young-hee",
        "Ja-yoon",
    ),
    "a new credit": (
        lambda w: make_credit(w["film"], make_person("Lee Jung-jae")),
        "Lee Jung-jae",
        None,
    ),
    "a credit removed": (lambda w: w["credit"].delete(), None, "Ja-yoon"),
    "a credit corrected to another film and person": (
        lambda w: move(
            w["credit"],
            film=make_film("Elsewhere"),
            person=make_person("Someone"),
            credited_as=None,
        ),
        None,
        "Ja-yoon",
    ),
    "a genre's name": (
        lambda w: rename(w["genre"], "name", "Folk horror"),
        "Folk horror",
        None,
    ),
    "a genre taken off the film": (
        lambda w: w["film"].genres.remove(w["genre"]),
        None,
        "<dd>Horror</dd>",
    ),
    "a tag's name": (
        lambda w: rename(Tag.objects.get(slug="slow-burn"), "name", "Slowest burn"),
        "Slowest burn",
        None,
    ),
    "tags merged by taggit's admin action": (
        lambda w: merge_tag("slow-burn", "Slow cinema"),
        "/tags/slow-cinema/",
        "/tags/slow-burn/",
    ),
    "a tagged item added from the tag's admin page": (
        lambda w: TaggedItem.objects.create(
            tag=Tag.objects.create(name="Neo-noir"), content_object=w["review"]
        ),
        "/tags/neo-noir/",
        None,
    ),
    "a tag taken off the review": (
        lambda w: w["review"].tags.remove("slow burn"),
        None,
        "/tags/slow-burn/",
    ),
    "a content warning's name": (
        lambda w: rename(w["warning"], "name", "Gore"),
        "Gore",
        None,
    ),
    "a provider's name": (
        lambda w: rename(w["provider"], "name", "Nightflix Plus"),
        "Nightflix Plus",
        None,
    ),
    "a place to watch corrected to another film and provider": (
        lambda w: move(
            WatchOption.objects.get(film=w["film"]),
            film=make_film("Elsewhere"),
            provider=make_provider("Otherflix"),
        ),
        None,
        "Streaming on Nightflix",
    ),
    "a new place to watch": (
        lambda w: make_watch_option(
            w["film"], make_provider("Moonbox"), kind=WatchOption.Kind.RENT
        ),
        "Moonbox",
        None,
    ),
    "a related draft published": (
        lambda w: publish(w["related_draft"]),
        "Our review of Sunset",
        None,
    ),
    "a related review's film": (
        lambda w: rename(w["other_film"], "title", "Daybreak Again"),
        "Our review of Daybreak Again",
        None,
    ),
    "a related review unpublished": (
        lambda w: rename(w["related"], "status", Review.Status.DRAFT),
        None,
        "Our review of Daybreak",
    ),
    "the author's byline": (
        lambda w: rename(w["author"], "display_name", "Karina Adelgaard-Moss"),
        "Karina Adelgaard-Moss",
        None,
    ),
    "a new review by the author": (
        lambda w: make_review("A brand new take", author=w["author"]),
        "A brand new take",
        None,
    ),
    "an older review by the author retitled": (
        lambda w: rename(w["older"], "title", "An older review, revised"),
        "An older review, revised",
        None,
    ),
    "a listed review moved to another author": (
        lambda w: rename(w["older"], "author", make_author("Someone Else")),
        None,
        "An older review",
    ),
    "the hero's alt text": (
        lambda w: rename(w["hero"], "alt_text", "Han So-hee under a streetlight"),
        "Han So-hee under a streetlight",
        None,
    ),
    "a mentioned person's address": (
        lambda w: rename(w["choi"], "slug", "choi-minsik"),
        'href="/people/choi-minsik/"',
        'href="/people/choi-min-sik/"',
    ),
}


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_a_change_to_any_row_the_page_shows_is_on_the_next_page(client, world, change):
    apply, shown, gone = CHANGES[change]
    url = world["review"].get_absolute_url()
    before = warm(client, url)
    if shown:
        assert shown not in before
    if gone:
        assert gone in before

    apply(world)
    after = fresh(client, url).text

    if shown:
        assert shown in after
    if gone:
        assert gone not in after


def test_a_credited_alias_renamed_after_moving_to_another_person(client, world):
    url = world["review"].get_absolute_url()
    alias = world["kim_alias"]
    move(alias, person=make_person("Another Kim"))
    assert "Kim Dami" in warm(client, url)  # the credit still names it

    rename(alias, "name", "Kim D.")

    assert "Kim D." in fresh(client, url).text


def test_a_pointer_saved_by_its_column_name_leaves_the_old_films_page(client, world):
    url = world["review"].get_absolute_url()
    assert "Ja-yoon" in warm(client, url)
    credit = world["credit"]
    credit.film_id = make_film("Elsewhere").pk
    credit.save(update_fields=["film_id"])

    assert "Ja-yoon" not in fresh(client, url).text


def test_loading_a_fixture_retires_every_review_page(
    client, world, tmp_path, django_capture_on_commit_callbacks
):
    url = world["review"].get_absolute_url()
    warm(client, url)
    fixture = tmp_path / "film.json"
    fixture.write_text(
        serializers.serialize("json", [world["film"]]).replace(
            '"title": "Nightfall"', '"title": "Nightfall (restored)"'
        )
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("loaddata", str(fixture), verbosity=0)

    assert "Nightfall (restored)" in fresh(client, url).text


def test_an_edit_elsewhere_keeps_the_page(client, world):
    url = world["review"].get_absolute_url()
    warm(client, url)
    make_review("A review of something else")  # retires every cached page

    with CaptureQueriesContext(connection) as queries:
        page = fresh(client, url)

    assert page.status_code == 200
    assert len(queries) == 0


@pytest.mark.parametrize("which", ["a draft", "an old review"])
def test_editing_a_review_no_author_box_lists_keeps_the_authors_pages(
    client, world, which
):
    author = world["author"]
    if which == "a draft":
        edited = make_review("Still a draft", author=author, published=False)
    else:
        edited = make_review(
            "Long ago",
            author=author,
            published_at=timezone.now() - 1000 * DAY,
        )
        for number in range(5):  # newer ones fill the author box
            make_review(f"Newer {number}", author=author)
    url = world["review"].get_absolute_url()
    warm(client, url)

    rename(edited, "title", "Retitled")
    with CaptureQueriesContext(connection) as queries:
        page = fresh(client, url)

    assert len(queries) == 0
    assert "Retitled" not in page.text


@pytest.mark.parametrize("how", ["unpublished", "deleted"])
def test_a_review_taken_down_is_gone_on_the_next_request(client, world, how):
    review = world["review"]
    url = review.get_absolute_url()
    warm(client, url)

    if how == "deleted":
        review.delete()
    else:
        rename(review, "status", Review.Status.DRAFT)

    assert fresh(client, url).status_code == 404


@pytest.mark.parametrize("state", ["kept", "evicted"])
def test_a_review_going_live_on_the_clock_joins_the_author_box(client, world, state):
    soon = timezone.now().replace(microsecond=0) + DAY
    make_review(
        "Scheduled for tomorrow",
        author=world["author"],
        status=Review.Status.SCHEDULED,
        published_at=soon,
    )
    url = world["review"].get_absolute_url()
    with time_machine.travel(soon - datetime.timedelta(seconds=1), tick=False):
        assert "Scheduled for tomorrow" not in warm(client, url)
    if state == "evicted":  # the passing went unseen: the cache lost its state
        cache.delete(page_cache.STATE_KEY)
    with time_machine.travel(soon + datetime.timedelta(seconds=1), tick=False):
        assert "Scheduled for tomorrow" in fresh(client, url).text


def test_a_write_that_sends_no_signal_shows_once_it_retires_everything(client, world):
    url = world["review"].get_absolute_url()
    warm(client, url)
    type(world["film"]).objects.filter(pk=world["film"].pk).update(title="Bulk")
    page_cache.retire_all()  # what bulk imports and publish_scheduled call

    assert "Bulk (2023)" in fresh(client, url).text


def test_where_to_watch_changes_with_the_day(client, world):
    option = WatchOption.objects.get(provider=world["provider"])
    option.available_until = timezone.localdate() + DAY
    option.save()
    url = world["review"].get_absolute_url()
    now = timezone.now()

    assert "Streaming on Nightflix" in warm(client, url)
    with time_machine.travel(now + 2 * DAY, tick=False):
        assert "Streaming on Nightflix" not in fresh(client, url).text


def test_the_region_pickers_way_back_is_each_requests_own(client, world):
    url = world["review"].get_absolute_url()
    warm(client, url)

    page = client.get(f"{url}?ref=newsletter&utm_source=x").text

    assert f'name="next" value="{url}?ref=newsletter"' in page


def test_a_page_from_the_cache_is_the_page_a_render_gives(client, world):
    url = f"{world['review'].get_absolute_url()}?ref=newsletter"
    warm(client, url)
    page_cache.bump_content_version()  # the page cache's copies only
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url)
    # A reader with an old session cookie gets the page rendered from its
    # template, through no cache at all.
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired"
    with CaptureQueriesContext(connection) as render_queries:
        rendered = client.get(url)

    assert len(queries) == 0 < len(render_queries)
    assert kept.text == rendered.text
    for header in ("Content-Type", "Vary", "Content-Security-Policy", "ETag"):
        assert kept[header] == rendered[header]


def test_staff_never_get_a_cached_page(world):
    url = world["review"].get_absolute_url()
    editor = client_for(make_user("editor-desk"))
    editor.get(url)
    editor.get(url)
    # A write no signal reports: only a fresh render can show it.
    Review.objects.filter(pk=world["review"].pk).update(title="Seen by staff")

    assert "Seen by staff" in editor.get(url).text


# The rules underneath


@pytest.fixture
def redis_cache(settings, db):
    if redis_url() is None:
        pytest.skip(NO_REDIS)
    use_redis_cache(settings)
    yield
    cache.clear()


def test_a_deploy_that_changes_only_a_stylesheet_retires_every_cached_page(
    settings, tmp_path
):
    """Pages link the stylesheet by a hashed name (whitenoise): one kept from the
    old deploy would link a file the new one no longer has."""
    for folder in ("templates", "heaven", "reviews", "people", "static"):
        shutil.copytree(settings.BASE_DIR / folder, tmp_path / folder)
    settings.BASE_DIR = tmp_path
    before = cache_tags._code_version()
    stylesheet = tmp_path / "static" / "css" / "site.css"
    stylesheet.write_text(stylesheet.read_text() + "\n.deployed { color: red }\n")

    assert cache_tags._code_version() != before


def test_with_redis_each_touch_takes_a_later_time(redis_cache):
    times = [cache_tags.now() for _ in range(3)]
    cache_tags.touch(["reviews.film:4"])
    touched = cache.get(cache_tags._time_key("reviews.film:4"))

    assert times == sorted(set(times))
    assert touched > times[-1]
    backend = caches["default"]
    stored = backend.make_and_validate_key(cache_tags._time_key("reviews.film:4"))
    assert backend._cache.get_client().ttl(stored) > 0  # times expire


def test_a_render_that_overlapped_an_edit_is_not_kept(db):
    key = cache_tags.part_key("test", "overlap")
    cache_tags.touch(["reviews.film:1"])
    started = cache_tags.now()
    cache_tags.touch(["reviews.film:1"])  # committed while the render ran

    cache_tags.store_part(key, "old rows", started=started, tags=["reviews.film:1"])

    assert cache_tags.get_part(key) is None


def test_a_row_with_no_recorded_time_is_not_trusted(db):
    key = cache_tags.part_key("test", "unknown")
    cache_tags.store_part(
        key, "first", started=cache_tags.now(), tags=["reviews.film:2"]
    )
    assert cache_tags.get_part(key) is None

    cache_tags.store_part(
        key, "second", started=cache_tags.now(), tags=["reviews.film:2"]
    )
    assert cache_tags.get_part(key) == "second"

    cache_tags.touch(["reviews.film:2"])
    assert cache_tags.get_part(key) is None


@pytest.mark.parametrize("how", ["evicted", "made again from zero"])
def test_a_lost_clock_restarts_ahead_of_every_recorded_time(db, how):
    cache_tags.touch(["reviews.film:3"])
    recorded = cache_tags.now()
    if how == "evicted":
        cache.delete(cache_tags.CLOCK_KEY)
    else:  # evicted between the backend's check and its increment
        cache.set(cache_tags.CLOCK_KEY, 0, timeout=None)

    assert cache_tags.now() > recorded

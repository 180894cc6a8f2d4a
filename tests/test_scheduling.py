"""Scheduled publishing: a scheduled review is public from its time, whether or not
`publish_scheduled` has run; the command only makes the record say so."""

import datetime
import threading
from io import StringIO

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

from reviews import workflow
from reviews.models import Review, ReviewTransition
from tests.conftest import make_author, make_film, make_review
from tests.workflow_support import client_for, make_user

UTC = datetime.UTC
FRIDAY_9AM = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
ONE_SECOND = datetime.timedelta(seconds=1)


def scheduled_review(at=FRIDAY_9AM, **fields):
    """Scheduled on Wednesday through the workflow, as an editor would."""
    editor = make_user(group=workflow.EDITORS)
    review = make_review(
        published=False,
        title=fields.pop("title", "The Friday review"),
        film=make_film(),
        author=make_author(),
        body="<p>Out on Friday.</p>",
        **fields,
    )
    with time_machine.travel(at - datetime.timedelta(days=2), tick=False):
        workflow.schedule(review, by=editor, at=at)
    return review


def reader_sees(review) -> tuple[int, bool]:
    reader = client_for(None)
    page = reader.get(review.get_absolute_url())
    home = reader.get("/")
    return page.status_code, review.title in home.text


def run_publish_scheduled(*args) -> str:
    out = StringIO()
    call_command("publish_scheduled", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("cron_has_run", [False, True])
def test_scheduled_review_appears_at_its_time(db, cron_has_run):
    review = scheduled_review()

    with time_machine.travel(FRIDAY_9AM - ONE_SECOND, tick=False):
        if cron_has_run:
            assert "Nothing to do." in run_publish_scheduled()
        assert reader_sees(review) == (404, False)
        assert not Review.objects.published().filter(pk=review.pk).exists()

    with time_machine.travel(FRIDAY_9AM + ONE_SECOND, tick=False):
        if cron_has_run:
            assert "Published 1 scheduled review." in run_publish_scheduled()
        assert reader_sees(review) == (200, True)
        page = client_for(None).get(review.get_absolute_url()).text
        assert "Preview — not published" not in page
        assert "noindex" not in page

    review.refresh_from_db()
    expected = "published" if cron_has_run else "scheduled"
    assert review.status == expected


def test_publish_scheduled_publishes_only_what_is_due(db):
    due = scheduled_review(title="Due", at=FRIDAY_9AM)
    later = scheduled_review(title="Later", at=FRIDAY_9AM + datetime.timedelta(days=7))
    draft = make_review(published=False, title="Draft")

    with time_machine.travel(FRIDAY_9AM + datetime.timedelta(minutes=5), tick=False):
        output = run_publish_scheduled()

    assert "published “Due” (due 2026-12-04 09:00 UTC)" in output
    assert "Later" not in output
    for review, status in [(due, "published"), (later, "scheduled"), (draft, "draft")]:
        review.refresh_from_db()
        assert review.status == status
    line = ReviewTransition.objects.filter(review=due, to_status="published").get()
    assert (line.from_status, line.by, line.note) == (
        "scheduled",
        None,
        "by publish_scheduled",
    )
    assert due.published_at == FRIDAY_9AM  # the date readers saw stays


def test_publish_scheduled_twice_changes_nothing_the_second_time(db):
    review = scheduled_review()
    with time_machine.travel(FRIDAY_9AM + ONE_SECOND, tick=False):
        first = run_publish_scheduled()
        second = run_publish_scheduled()
    assert "Published 1 scheduled review." in first
    assert second == "No scheduled reviews are due. Nothing to do.\n"
    assert ReviewTransition.objects.filter(review=review, by=None).count() == 1


def test_publish_scheduled_dry_run_lists_and_changes_nothing(db):
    review = scheduled_review()
    with time_machine.travel(FRIDAY_9AM + ONE_SECOND, tick=False):
        output = run_publish_scheduled("--dry-run")
    assert "would publish “The Friday review”" in output
    assert "Would publish 1 scheduled review. (dry run: nothing changed)" in output
    review.refresh_from_db()
    assert review.status == Review.Status.SCHEDULED
    assert not ReviewTransition.objects.filter(by=None).exists()


def test_publish_scheduled_is_quiet_at_verbosity_zero_when_idle(db):
    out = StringIO()
    call_command("publish_scheduled", verbosity=0, stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db(transaction=True)
def test_two_publish_scheduled_runs_at_once_publish_each_review_once():
    workflow.create_roles()
    reviews = [scheduled_review(title=f"Review {n}") for n in range(5)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(workflow.publish_due())
        except Exception as error:  # reported below; a thread cannot fail a test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    with time_machine.travel(FRIDAY_9AM + ONE_SECOND, tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    published = sorted(review.pk for batch in results for review in batch)
    assert published == sorted(review.pk for review in reviews)
    assert ReviewTransition.objects.filter(by=None).count() == 5
    assert set(Review.objects.values_list("status", flat=True)) == {"published"}


@pytest.mark.parametrize("path", ["/feed/", "/sitemap-reviews.xml"])
def test_scheduled_review_joins_feed_and_sitemap_at_its_time(db, path):
    cache.clear()
    review = scheduled_review()

    with time_machine.travel(FRIDAY_9AM - ONE_SECOND, tick=False):
        before = client_for(None).get(path)
    with time_machine.travel(FRIDAY_9AM + ONE_SECOND, tick=False):
        after = client_for(None).get(path)

    assert before.status_code == after.status_code == 200
    assert review.get_absolute_url() not in before.content.decode()
    assert review.get_absolute_url() in after.content.decode()

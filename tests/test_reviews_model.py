"""What the Review model promises on its own: safe bodies and one visibility rule."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from reviews.models import Review
from tests.conftest import make_film, make_review

pytestmark = pytest.mark.django_db


def test_scripts_and_event_handlers_are_removed_from_a_body_on_save():
    review = make_review(
        body='<p onclick="steal()">Great <strong>film</strong></p>'
        '<script>alert(1)</script><a href="javascript:alert(1)">x</a>'
        "<h2>Verdict</h2>"
    )

    review.refresh_from_db()
    assert "<script" not in review.body
    assert "onclick" not in review.body
    assert "javascript:" not in review.body
    assert "<p>Great <strong>film</strong></p>" in review.body
    assert "<h2>Verdict</h2>" in review.body


def test_published_lists_only_what_readers_may_see():
    now = timezone.now()
    visible = make_review("Out now")
    make_review("Draft", published=False)
    make_review("In review", published=False, status=Review.Status.IN_REVIEW)
    make_review("Taken down", status=Review.Status.UNPUBLISHED)
    make_review(
        "Friday",
        status=Review.Status.SCHEDULED,
        published_at=now + datetime.timedelta(days=2),
    )

    assert list(Review.objects.published()) == [visible]


def test_a_scheduled_review_is_public_from_its_time_without_any_job():
    at = datetime.datetime(2026, 11, 27, 8, 0, tzinfo=datetime.UTC)
    review = make_review(status=Review.Status.SCHEDULED, published_at=at)

    with time_machine.travel(at - datetime.timedelta(seconds=1), tick=False):
        assert not Review.objects.published().filter(pk=review.pk).exists()
        assert not review.is_published()
    with time_machine.travel(at + datetime.timedelta(seconds=1), tick=False):
        assert Review.objects.published().filter(pk=review.pk).exists()
        assert review.is_published()


def test_attaching_a_film_clears_an_imported_reviews_needs_film_flag():
    review = make_review("Imported without a film", published=False, needs_film=True)

    review.film = make_film("Ballerina")
    review.save()

    review.refresh_from_db()
    assert review.needs_film is False

"""The admin's date drill-down works for a review scheduled as far ahead as a date
goes (a writer's placeholder "9999-12-31" is a real thing to find)."""

import datetime

import pytest

from tests.conftest import make_review
from tests.workflow_support import make_user

LIST = "/admin/reviews/review/"


@pytest.fixture
def editor_client(client, db):
    client.force_login(make_user("editor-in-chief", superuser=True))
    return client


@pytest.mark.parametrize(
    "drill_down",
    [
        "published_at__year=9999",
        "published_at__year=9999&published_at__month=12",
        "published_at__year=9999&published_at__month=12&published_at__day=31",
    ],
)
def test_the_date_filter_finds_a_review_scheduled_in_year_9999(
    editor_client, drill_down
):
    make_review(
        "Someday – Review",
        status="scheduled",
        published_at=datetime.datetime(9999, 12, 31, 18, 30, tzinfo=datetime.UTC),
    )
    make_review("Ballerina (2023) – Review")

    response = editor_client.get(f"{LIST}?{drill_down}")

    assert response.status_code == 200
    assert "Someday – Review" in response.text
    assert "Ballerina (2023) – Review" not in response.text


def test_the_days_before_the_last_still_drill_down_as_before(editor_client):
    make_review(
        "Someday – Review",
        status="scheduled",
        published_at=datetime.datetime(9999, 12, 30, 9, tzinfo=datetime.UTC),
    )

    on_the_day = editor_client.get(
        f"{LIST}?published_at__year=9999&published_at__month=12&published_at__day=30"
    )
    the_day_after = editor_client.get(
        f"{LIST}?published_at__year=9999&published_at__month=12&published_at__day=31"
    )

    assert "Someday – Review" in on_the_day.text
    assert "Someday – Review" not in the_day_after.text


def test_the_audit_trail_drills_down_to_year_9999_too(editor_client):
    response = editor_client.get("/admin/reviews/reviewtransition/?at__year=9999")

    assert response.status_code == 200

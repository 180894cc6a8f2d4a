"""`watch_report`: what starts and ends soon, and reviews whose wording went stale."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import make_film, make_provider, make_review, make_watch_option


def at(*args):
    return time_machine.travel(
        datetime.datetime(*args, tzinfo=timezone.get_current_timezone())
    )


def report(*args):
    out = StringIO()
    call_command("watch_report", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def netflix(db):
    return make_provider("Netflix", slug="netflix")


@pytest.fixture
def ballerina(db):
    return make_film("Ballerina", slug="ballerina-2023")


def test_nothing_to_do_when_nothing_starts_ends_or_went_stale(db):
    assert report() == "Nothing to do.\n"


@pytest.mark.parametrize(
    ("moment", "listed"),
    [
        ((2026, 3, 1, 23, 59, 59), False),  # 16 March is 15 days away
        ((2026, 3, 2, 0, 0, 0), True),  # 16 March is the 14th day
        ((2026, 3, 16, 0, 0, 0), True),  # it starts today
        ((2026, 3, 16, 23, 59, 59), True),
        ((2026, 3, 17, 0, 0, 0), False),  # it has started
    ],
)
def test_an_option_is_listed_as_starting_inside_the_window(
    ballerina, netflix, moment, listed
):
    make_watch_option(ballerina, netflix, available_from=datetime.date(2026, 3, 16))

    with at(*moment):
        out = report()

    line = "  2026-03-16  Ballerina (2023) on Netflix (worldwide, Subscription)"
    assert (line in out) is listed
    assert ("Nothing to do." in out) is not listed


@pytest.mark.parametrize(
    ("moment", "listed"),
    [
        ((2026, 3, 1, 23, 59, 59), False),  # 16 March is 15 days away
        ((2026, 3, 2, 0, 0, 0), True),
        ((2026, 3, 15, 23, 59, 59), True),  # the last day
        ((2026, 3, 16, 0, 0, 0), False),  # it has left
    ],
)
def test_an_option_is_listed_as_ending_inside_the_window(
    ballerina, netflix, moment, listed
):
    make_watch_option(
        ballerina,
        netflix,
        available_from=datetime.date(2025, 1, 1),
        available_until=datetime.date(2026, 3, 16),
    )

    with at(*moment):
        out = report()

    line = (
        "  2026-03-16  Ballerina (2023) on Netflix (worldwide, Subscription) "
        "(last day 2026-03-15)"
    )
    assert (line in out) is listed


def test_days_widens_or_narrows_the_window(ballerina, netflix):
    make_watch_option(ballerina, netflix, available_from=datetime.date(2026, 3, 16))

    with at(2026, 3, 1, 12):
        assert "2026-03-16" in report("--days", "15")
        assert report("--days", "14") == "Nothing to do.\n"


def test_output_is_grouped_with_one_line_per_item(ballerina, netflix):
    other = make_film("The Call", slug="the-call-2020", year=2020)
    make_watch_option(ballerina, netflix, available_from=datetime.date(2026, 3, 5))
    make_watch_option(
        other,
        netflix,
        available_from=datetime.date(2020, 11, 27),
        available_until=datetime.date(2026, 3, 10),
    )

    with at(2026, 3, 1, 12):
        out = report()

    assert out.splitlines() == [
        "Starting, 2026-03-01 to 2026-03-15 (worldwide): 1",
        "  2026-03-05  Ballerina (2023) on Netflix (worldwide, Subscription)",
        "Ending, 2026-03-01 to 2026-03-15 (worldwide): 1",
        "  2026-03-10  The Call (2020) on Netflix (worldwide, Subscription) "
        "(last day 2026-03-09)",
        "Stale wording in published reviews: 0",
    ]


def test_a_region_adds_its_options_to_the_worldwide_ones(ballerina, netflix):
    make_watch_option(
        ballerina, netflix, region="KR", available_from=datetime.date(2026, 3, 5)
    )
    make_watch_option(
        ballerina, netflix, region="US", available_from=datetime.date(2026, 3, 6)
    )

    with at(2026, 3, 1, 12):
        assert report() == "Nothing to do.\n"
        korea = report("--region", "kr")

    assert "(KR): 1" in korea
    assert "2026-03-05" in korea
    assert "2026-03-06" not in korea


def test_the_default_region_comes_from_settings(ballerina, netflix, settings):
    settings.WATCH_DEFAULT_REGION = "KR"
    make_watch_option(
        ballerina, netflix, region="KR", available_from=datetime.date(2026, 3, 5)
    )

    with at(2026, 3, 1, 12):
        assert "2026-03-05" in report()
        assert report("--region", "worldwide") == "Nothing to do.\n"


def test_an_unknown_region_is_one_clear_error(db):
    with pytest.raises(CommandError, match="unknown region code 'XX'"):
        report("--region", "XX")


def test_negative_days_is_one_clear_error(db):
    with pytest.raises(CommandError, match="--days must not be negative"):
        report("--days", "-1")


def stale_line(review):
    return (
        f"  {review.slug}: names Netflix, but Ballerina (2023) left Netflix on "
        "2026-03-16"
    )


@pytest.mark.parametrize(
    ("moment", "stale"),
    [
        ((2026, 3, 15, 23, 59, 59), False),  # still on Netflix today
        ((2026, 3, 16, 0, 0, 0), True),  # it left at midnight
    ],
)
def test_a_review_naming_a_provider_the_film_left_is_stale(
    ballerina, netflix, moment, stale
):
    make_watch_option(
        ballerina,
        netflix,
        available_from=datetime.date(2023, 10, 6),
        available_until=datetime.date(2026, 3, 16),
    )
    with at(2026, 1, 1):
        review = make_review(
            film=ballerina, body="<p>Watch it on <b>netflix</b> now!</p>"
        )

    with at(*moment):
        out = report()

    assert (stale_line(review) in out) is stale
    assert "Stale wording in published reviews: " + ("1" if stale else "0") in out


def test_a_review_is_not_stale_while_another_window_is_open(ballerina, netflix):
    make_watch_option(
        ballerina,
        netflix,
        available_from=datetime.date(2023, 10, 6),
        available_until=datetime.date(2024, 1, 1),
    )
    make_watch_option(ballerina, netflix, available_from=datetime.date(2025, 1, 1))
    with at(2026, 1, 1):
        make_review(film=ballerina, body="<p>On Netflix.</p>")

    with at(2026, 3, 20):
        assert report() == "Nothing to do.\n"


def test_drafts_and_reviews_that_do_not_name_the_provider_are_not_stale(
    ballerina, netflix
):
    make_watch_option(
        ballerina,
        netflix,
        available_from=datetime.date(2023, 10, 6),
        available_until=datetime.date(2024, 1, 1),
    )
    with at(2026, 1, 1):
        make_review(film=ballerina, body="<p>A fine film, see it anywhere.</p>")
        make_review(film=ballerina, body="<p>Netflixish wording.</p>")
        make_review(film=ballerina, body="<p>On Netflix.</p>", published=False)
        named = make_review(film=ballerina, body="<p>On Netflix.</p>")

    with at(2026, 3, 20):
        assert report().splitlines()[-2:] == [
            "Stale wording in published reviews: 1",
            stale_line(named).replace("2026-03-16", "2024-01-01"),
        ]


@pytest.mark.parametrize("n", [1, 5])
def test_the_report_runs_a_constant_number_of_queries(
    netflix, django_assert_max_num_queries, n
):
    for _ in range(n):
        for until in (datetime.date(2026, 3, 5), datetime.date(2026, 2, 1)):
            film = make_film()
            make_watch_option(
                film,
                netflix,
                available_from=datetime.date(2020, 1, 1),
                available_until=until,
            )
            with at(2026, 1, 1):
                make_review(film=film, body="<p>On Netflix.</p>")

    with at(2026, 3, 1, 12), django_assert_max_num_queries(3):
        out = report()

    assert f"Ending, 2026-03-01 to 2026-03-15 (worldwide): {n}" in out
    assert f"Stale wording in published reviews: {n}" in out

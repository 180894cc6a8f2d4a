"""The one where-to-watch rule: coming, available, leaving, gone, changing at
midnight in the site's time zone, a second before and after each boundary."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.utils import timezone

from reviews.models import WatchOption
from reviews.watch.state import State, state_q, watch_line, watch_lines, watch_status
from tests.conftest import make_film, make_provider, make_watch_option

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
FIRST_DAY = datetime.date(2026, 12, 1)
LEAVES = datetime.date(2027, 3, 1)  # so the last day is 28 February


@pytest.fixture(autouse=True)
def seoul(settings):
    # Far from UTC, so that a rule reading the UTC date would fail these tests.
    settings.TIME_ZONE = "Asia/Seoul"


def local(day: datetime.date, seconds: int = 0) -> datetime.datetime:
    """Local midnight starting `day`, moved by `seconds`."""
    midnight = datetime.datetime.combine(day, datetime.time.min, tzinfo=SEOUL)
    return midnight + datetime.timedelta(seconds=seconds)


@pytest.fixture
def option(db):
    return make_watch_option(
        make_film("Ballerina"),
        make_provider("Netflix"),
        available_from=FIRST_DAY,
        available_until=LEAVES,
    )


BOUNDARIES = [
    (local(FIRST_DAY, -1), State.COMING),
    (local(FIRST_DAY), State.AVAILABLE),
    (local(FIRST_DAY, 1), State.AVAILABLE),
    # Leaving soon: it leaves within 14 days, so from 15 February on.
    (local(datetime.date(2027, 2, 15), -1), State.AVAILABLE),
    (local(datetime.date(2027, 2, 15)), State.LEAVING),
    (local(datetime.date(2027, 2, 15), 1), State.LEAVING),
    (local(LEAVES, -1), State.LEAVING),  # the last second of its last day
    (local(LEAVES), State.GONE),
    (local(LEAVES, 1), State.GONE),
]


@pytest.mark.parametrize(("moment", "state"), BOUNDARIES)
def test_the_state_changes_at_local_midnight(option, moment, state):
    with time_machine.travel(moment, tick=False):
        assert watch_status(option).state == state
        # The database says the same as the function, for every state.
        matching = {
            s
            for s in State
            if WatchOption.objects.filter(
                state_q(s, today=timezone.localdate())
            ).exists()
        }
        assert matching == {state}


def test_a_utc_clock_still_on_the_day_before_counts_the_local_day(option):
    # 1 December 00:00:01 in Seoul is still 30 November in UTC.
    moment = local(FIRST_DAY, 1)
    assert moment.astimezone(datetime.UTC).date() == datetime.date(2026, 11, 30)
    with time_machine.travel(moment, tick=False):
        assert watch_line(option).text == "Streaming on Netflix"


@pytest.mark.parametrize(
    ("moment", "label"),
    [
        (local(FIRST_DAY, -1), "Coming on 1 December 2026"),
        (local(datetime.date(2027, 1, 10)), "Available"),
        (
            local(datetime.date(2027, 2, 15)),
            "Leaving in 14 days (last day 28 February 2027)",
        ),
        (
            local(datetime.date(2027, 2, 24)),
            "Leaving in 5 days (last day 28 February 2027)",
        ),
        (local(datetime.date(2027, 2, 28)), "Leaving tomorrow (last day today)"),
        (local(LEAVES), "Gone"),
    ],
)
def test_staff_labels_say_when(option, moment, label):
    with time_machine.travel(moment, tick=False):
        assert watch_status(option).label == label


def test_leaving_lines_keep_their_wording_and_know_their_last_day(option):
    with time_machine.travel(local(datetime.date(2027, 2, 20)), tick=False):
        line = watch_line(option)
    assert line.text == "Streaming on Netflix"
    assert line.leaving and not line.upcoming
    assert line.last_day == datetime.date(2027, 2, 28)


def test_an_open_ended_option_never_leaves(db):
    option = make_watch_option(make_film(), make_provider(), available_from=FIRST_DAY)
    with time_machine.travel(local(datetime.date(2040, 1, 1)), tick=False):
        assert watch_status(option).state == State.AVAILABLE


def test_a_reader_sees_their_region_and_worldwide_only(db):
    film = make_film()
    netflix, apple = make_provider("Netflix"), make_provider("Apple TV")
    worldwide = make_watch_option(film, netflix)
    korea = make_watch_option(film, apple, region="KR", kind=WatchOption.Kind.RENT)
    usa = make_watch_option(film, apple, region="US", kind=WatchOption.Kind.BUY)
    options = [worldwide, korea, usa]

    def shown(region):
        return {line.option for line in watch_lines(options, region=region)}

    assert shown("KR") == {worldwide, korea}
    assert shown("US") == {worldwide, usa}
    assert shown("FR") == {worldwide}
    assert shown("") == {worldwide}

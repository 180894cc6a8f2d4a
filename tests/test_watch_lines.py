"""Where-to-watch lines follow the calendar: coming, streaming, gone."""

import datetime

import pytest
from django.template import Context, Template

from reviews.models import WatchOption
from reviews.watch.state import watch_line, watch_lines
from tests.conftest import make_film, make_provider, make_review, make_watch_option

OCT_6 = datetime.date(2023, 10, 6)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def netflix_option(db):
    film = make_film("Ballerina")
    return make_watch_option(
        film,
        make_provider("Netflix"),
        available_from=OCT_6,
        available_until=datetime.date(2024, 10, 6),
    )


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2023, 9, 1), "Coming to Netflix on 6 October 2023"),
        (datetime.date(2023, 10, 5), "Coming to Netflix on 6 October 2023"),
        (OCT_6, "Streaming on Netflix"),
        (datetime.date(2024, 10, 5), "Streaming on Netflix"),  # its last day
        (datetime.date(2024, 10, 6), None),  # the day it leaves
        (datetime.date(2025, 1, 1), None),
    ],
)
def test_watch_line_follows_the_clock(netflix_option, time_machine, day, expected):
    time_machine.move_to(at(day))

    line = watch_line(netflix_option)

    assert (line.text if line else None) == expected


def test_the_filter_says_the_same_as_the_function(netflix_option, time_machine):
    template = Template("{% load watch %}[{{ option|watch_line }}]")

    time_machine.move_to(at(datetime.date(2023, 10, 1)))
    assert template.render(Context({"option": netflix_option})) == (
        "[Coming to Netflix on 6 October 2023]"
    )
    time_machine.move_to(at(datetime.date(2023, 10, 7)))
    assert template.render(Context({"option": netflix_option})) == (
        "[Streaming on Netflix]"
    )
    time_machine.move_to(at(datetime.date(2030, 1, 1)))
    assert template.render(Context({"option": netflix_option})) == "[]"


def test_open_ended_and_undated_options_are_available(db, time_machine):
    time_machine.move_to(at(datetime.date(2023, 1, 1)))
    film = make_film()
    undated = make_watch_option(film, make_provider("Shudder"))
    rent = make_watch_option(
        film, make_provider("Apple TV"), kind=WatchOption.Kind.RENT, region="US"
    )

    assert watch_line(undated).text == "Streaming on Shudder"
    assert watch_line(rent).text == "Rent on Apple TV (US)"


def test_lines_list_available_first_then_soonest_and_drop_gone(db, time_machine):
    time_machine.move_to(at(datetime.date(2023, 10, 1)))
    film = make_film()
    later = make_watch_option(
        film, make_provider("Later"), available_from=datetime.date(2023, 12, 1)
    )
    sooner = make_watch_option(film, make_provider("Sooner"), available_from=OCT_6)
    now = make_watch_option(film, make_provider("Now"))
    gone = make_watch_option(
        film, make_provider("Gone"), available_until=datetime.date(2023, 9, 1)
    )

    lines = watch_lines([later, sooner, now, gone])

    assert [line.option for line in lines] == [now, sooner, later]


@pytest.mark.parametrize(
    ("day", "shown", "hidden"),
    [
        (
            datetime.date(2023, 10, 1),
            "Coming to Netflix on 6 October 2023",
            "Streaming",
        ),
        (datetime.date(2023, 10, 6), "Streaming on Netflix", "Coming to"),
        (datetime.date(2024, 10, 6), "Not available to watch right now", "Netflix"),
    ],
)
def test_review_and_film_pages_show_todays_line(
    client, netflix_option, time_machine, day, shown, hidden
):
    time_machine.move_to(at(day))
    review = make_review(
        film=netflix_option.film,
        published_at=at(datetime.date(2023, 9, 1)),
    )

    for url in (review.get_absolute_url(), netflix_option.film.get_absolute_url()):
        facts = client.get(url).content.decode()
        heading = "Where to watch</dt>" if "review" in url else "Where to watch</h2>"
        where = facts[facts.index(heading) :]
        where = where[: where.index("</dd>" if "review" in url else "</section>")]
        assert shown in where, url
        assert hidden not in where, url


def test_provider_page_lists_only_current_and_upcoming(
    client, netflix_option, time_machine
):
    time_machine.move_to(at(datetime.date(2023, 10, 1)))
    gone = make_watch_option(
        make_film("Old Film"),
        netflix_option.provider,
        available_until=datetime.date(2023, 9, 1),
    )
    page = client.get(netflix_option.provider.get_absolute_url()).content.decode()

    assert "Coming to Netflix on 6 October 2023" in page
    assert gone.film.title not in page

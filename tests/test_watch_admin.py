"""Where to watch in the admin: the state of each option today, a changelist filter
by state, and windows that overlap refused, row against row and against the saved
ones."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import WatchOption
from tests.conftest import make_film, make_provider, make_watch_option

TODAY = datetime.datetime(2026, 11, 25, 12, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def netflix(db):
    return make_provider("Netflix", slug="netflix")


def change_url(film):
    return reverse("admin:reviews_film_change", args=[film.pk])


def film_form(film, rows, existing=()):
    """POST data for the film's change form: its fields, no credits, the saved
    watch options in `existing` unchanged and new `rows` (dicts)."""
    data = {
        "title": film.title,
        "slug": film.slug,
        "kind": film.kind,
        "year": film.year or "",
        "credits-TOTAL_FORMS": 0,
        "credits-INITIAL_FORMS": 0,
        "credits-MIN_NUM_FORMS": 0,
        "credits-MAX_NUM_FORMS": 1000,
        "watch_options-TOTAL_FORMS": len(existing) + len(rows),
        "watch_options-INITIAL_FORMS": len(existing),
        "watch_options-MIN_NUM_FORMS": 0,
        "watch_options-MAX_NUM_FORMS": 1000,
    }
    saved = [
        {
            "id": option.pk,
            "film": film.pk,
            "provider": option.provider_id,
            "region": option.region,
            "kind": option.kind,
            "available_from": option.available_from or "",
            "available_until": option.available_until or "",
        }
        for option in existing
    ]
    for index, row in enumerate(saved + list(rows)):
        for name, value in row.items():
            data[f"watch_options-{index}-{name}"] = value
    return data


def row(provider, **fields):
    fields.setdefault("region", "")
    fields.setdefault("kind", WatchOption.Kind.SUBSCRIPTION)
    return {"provider": provider.pk, **fields}


def test_a_region_typed_in_lower_case_is_saved_in_capitals(admin_client, netflix):
    film = make_film("Lowercase")
    response = admin_client.post(
        reverse("admin:reviews_film_change", args=[film.pk]),
        film_form(film, [row(netflix, region="gb")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(film.watch_options.values_list("region", flat=True)) == ["GB"]


def test_two_new_overlapping_rows_are_refused_and_nothing_is_saved(
    admin_client, netflix
):
    film = make_film("Ballerina")
    data = film_form(
        film,
        [
            row(netflix, available_from="2026-01-01", available_until="2026-06-01"),
            row(netflix, available_from="2026-05-01"),
        ],
    )

    response = admin_client.post(change_url(film), data)

    assert response.status_code == 200  # the form again, with errors
    page = response.content.decode()
    assert "Two where-to-watch rows for the same provider, region and kind" in page
    assert "Its dates overlap another option" in page
    assert "(2026-01-01 – 2026-06-01)" in page
    assert not WatchOption.objects.exists()


def test_rows_that_only_touch_or_differ_in_region_or_kind_are_saved(
    admin_client, netflix
):
    film = make_film("Ballerina")
    data = film_form(
        film,
        [
            row(netflix, available_from="2026-01-01", available_until="2026-06-01"),
            row(
                netflix, available_from="2026-06-01"
            ),  # starts the day the first leaves
            row(netflix, region="KR", available_from="2026-03-01"),
            row(netflix, kind=WatchOption.Kind.RENT, available_from="2026-03-01"),
        ],
    )

    response = admin_client.post(change_url(film), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert WatchOption.objects.filter(film=film).count() == 4


def test_a_new_row_overlapping_a_saved_option_is_refused(admin_client, netflix):
    film = make_film("Ballerina")
    saved = make_watch_option(film, netflix, available_from=D(2026, 1, 1))

    response = admin_client.post(
        change_url(film),
        film_form(film, [row(netflix, available_from="2026-08-01")], [saved]),
    )

    assert response.status_code == 200
    assert "Its dates overlap another option" in response.content.decode()
    assert WatchOption.objects.count() == 1


def test_ending_one_window_and_adding_the_next_in_one_save_works(admin_client, netflix):
    film = make_film("Ballerina")
    saved = make_watch_option(film, netflix, available_from=D(2026, 1, 1))
    data = film_form(film, [row(netflix, available_from="2026-09-01")], [saved])
    data["watch_options-0-available_until"] = "2026-09-01"

    response = admin_client.post(change_url(film), data)

    assert response.status_code == 302
    assert list(
        WatchOption.objects.order_by("available_from").values_list(
            "available_from", "available_until"
        )
    ) == [(D(2026, 1, 1), D(2026, 9, 1)), (D(2026, 9, 1), None)]


def test_the_model_refuses_an_overlapping_window(netflix):
    film = make_film()
    make_watch_option(
        film, netflix, available_from=D(2026, 1, 1), available_until=D(2026, 6, 1)
    )
    clash = WatchOption(
        film=film, provider=netflix, available_from=D(2026, 5, 31), region=""
    )
    with pytest.raises(ValidationError, match="overlap another option"):
        clash.full_clean()

    fine = WatchOption(
        film=film, provider=netflix, available_from=D(2026, 6, 1), region=""
    )
    fine.full_clean()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"available_from": D(2026, 6, 1), "available_until": D(2026, 6, 1)},
            "available_until",
            "It must leave after the day it arrives.",
        ),
        ({"region": "XX"}, "region", "XX is not an ISO 3166 country code"),
        ({"region": "kr"}, "region", "kr is not an ISO 3166 country code"),
    ],
)
def test_the_model_refuses_bad_dates_and_regions(netflix, fields, field, message):
    option = WatchOption(film=make_film(), provider=netflix, **fields)
    with pytest.raises(ValidationError) as error:
        option.full_clean()
    assert message in " ".join(error.value.message_dict[field])


def test_the_film_page_shows_each_options_state_today(admin_client, netflix):
    film = make_film("Ballerina")
    make_watch_option(film, netflix, available_until=D(2026, 11, 30))
    make_watch_option(film, netflix, region="KR", available_from=D(2026, 12, 1))
    make_watch_option(film, netflix, region="US", available_until=D(2026, 1, 1))
    make_watch_option(film, netflix, region="GB")

    page = admin_client.get(change_url(film)).content.decode()

    assert "Leaving in 5 days (last day 29 November 2026)" in page
    assert "Coming on 1 December 2026" in page
    assert "Gone" in page
    assert "Available" in page


@pytest.mark.parametrize(
    ("state", "regions"),
    [
        ("available", {"", "GB"}),
        ("leaving", {""}),
        ("coming", {"KR"}),
        ("expired", {"US"}),
        ("nonsense", {"", "GB", "KR", "US"}),
    ],
)
def test_the_changelist_filters_by_state_today(admin_client, netflix, state, regions):
    film = make_film("Ballerina")
    make_watch_option(film, netflix, available_until=D(2026, 11, 30))
    make_watch_option(film, netflix, region="KR", available_from=D(2026, 12, 1))
    make_watch_option(film, netflix, region="US", available_until=D(2026, 1, 1))
    make_watch_option(film, netflix, region="GB")

    response = admin_client.get(
        reverse("admin:reviews_watchoption_changelist"), {"state": state}
    )

    assert response.status_code == 200
    shown = {option.region for option in response.context["cl"].result_list}
    assert shown == regions


def test_the_changelist_shows_the_state_column(admin_client, netflix):
    make_watch_option(make_film(), netflix, available_from=D(2026, 12, 1))

    page = admin_client.get(reverse("admin:reviews_watchoption_changelist"))

    assert "Coming on 1 December 2026" in page.content.decode()


def test_the_watch_option_form_refuses_an_overlap_with_a_saved_option(
    admin_client, netflix
):
    film = make_film("Ballerina")
    make_watch_option(film, netflix, available_until=D(2026, 6, 1))

    response = admin_client.post(
        reverse("admin:reviews_watchoption_add"),
        {
            "film": film.pk,
            "provider": netflix.pk,
            "region": "",
            "kind": WatchOption.Kind.SUBSCRIPTION,
            "available_from": "2026-05-01",
        },
    )

    assert response.status_code == 200
    assert "Its dates overlap another option" in response.content.decode()
    assert WatchOption.objects.count() == 1


def test_no_provider_takes_the_address_of_the_feed(admin_client, db):
    response = admin_client.post(
        reverse("admin:reviews_provider_add"),
        {"name": "Feed", "slug": "feed", "kind": "streaming"},
    )
    assert "is taken by the site" in response.content.decode()

    assert make_provider("Feed").slug != "feed"

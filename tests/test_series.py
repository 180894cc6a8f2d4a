"""Series, seasons and episodes: the rows and their rules, the pages readers
open, the JSON-LD search engines read, recaps linked in order, where to watch
per season, and the checklist."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from reviews.checklist import missing_for_publishing
from reviews.models import Credit, Episode, Film, Review, Season, WatchOption
from tests.conftest import (
    make_author,
    make_credit,
    make_film,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
)
from tests.test_structured_data import read

pytestmark = pytest.mark.django_db


def make_series(title="Money Heist: Korea – Joint Economic Area", **fields):
    fields.setdefault("year", 2022)
    fields.setdefault("kind", Film.Kind.SERIES)
    return make_film(title, **fields)


def make_season(series, number=1, **fields):
    fields.setdefault("air_date", datetime.date(2022, 6, 24))
    season = Season(series=series, number=number, **fields)
    season.full_clean()
    season.save()
    return season


def make_episode(season, number, title=None, **fields):
    fields.setdefault("air_date", season.air_date)
    fields.setdefault("runtime_minutes", 66)
    episode = Episode(
        season=season, number=number, title=title or f"Episode {number}", **fields
    )
    episode.full_clean()
    episode.save()
    return episode


@pytest.fixture
def heist():
    """A series with a season of two episodes, a regular and a guest star."""
    series = make_series(original_title="종이의 집: 공동경제구역")
    season = make_season(series, 1, synopsis="A unified Korea, a mint, a robbery.")
    first = make_episode(season, 1, "Seoul Escape", air_date=datetime.date(2022, 6, 24))
    second = make_episode(
        season, 2, "Under the Mint", air_date=datetime.date(2022, 6, 24)
    )
    make_credit(series, make_person("Yoo Ji-tae"), character="The Professor")
    make_credit(
        series,
        make_person("Kim Ji-hoon"),
        character="Moscow",
        episode=second,
    )
    return series, season, first, second


# The rows and their rules


def test_a_season_belongs_only_to_a_series():
    film = make_film("Ballerina", kind=Film.Kind.FILM)
    with pytest.raises(ValidationError) as raised:
        make_season(film, 1)
    assert "Series" in str(raised.value)


def test_two_episodes_of_a_season_cannot_share_a_number(heist):
    _, season, _, _ = heist
    with pytest.raises(ValidationError):
        make_episode(season, 2, "A second second")
    with pytest.raises(IntegrityError), transaction.atomic():
        Episode.objects.create(season=season, number=2, title="Twice")


def test_an_episode_credit_names_its_season_and_series(heist):
    series, season, _, second = heist
    guest = Credit.objects.get(episode=second)
    assert (guest.film, guest.season) == (series, season)
    with pytest.raises(IntegrityError), transaction.atomic():
        Credit.objects.filter(pk=guest.pk).update(season=None)


def test_the_same_guest_may_appear_in_two_episodes_but_not_twice_in_one(heist):
    series, _, first, second = heist
    moscow = Credit.objects.get(episode=second).person
    make_credit(series, moscow, character="Moscow", episode=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_credit(series, moscow, character="Moscow", episode=first)


def test_a_review_of_an_episode_names_its_season_and_series(heist):
    series, season, first, _ = heist
    recap = make_review("Money Heist: Korea, episode 1 recap", episode=first)
    recap.refresh_from_db()
    assert (recap.film, recap.season, recap.episode) == (series, season, first)
    assert recap.subject == first


def test_a_review_cannot_name_a_season_of_another_series(heist):
    _, season, _, _ = heist
    other = make_series("Squid Game", year=2021)
    review = Review(title="Squid Game season 1", film=other, season=season)
    with pytest.raises(ValidationError) as raised:
        review.full_clean()
    assert "season of the chosen series" in str(raised.value)


def test_the_database_refuses_a_season_review_without_its_series(heist):
    _, season, _, _ = heist
    review = make_review("Draft", published=False, season=season)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(film=None)


def test_the_checklist_accepts_an_episode_as_what_a_review_is_about(heist):
    _, _, first, _ = heist
    draft = make_review("Recap", published=False, author=make_author())
    assert "a film, series, season or episode" in missing_for_publishing(draft)
    draft.episode = first
    draft.save()
    assert "a film, series, season or episode" not in missing_for_publishing(draft)


# Pages


def test_series_page_lists_seasons_episodes_and_regulars_not_guests(client, heist):
    series, *_ = heist
    html = client.get(series.get_absolute_url()).content.decode()
    assert "Season 1" in html and "2 episodes" in html
    assert "Seoul Escape" in html and "Under the Mint" in html
    assert "Yoo Ji-tae" in html
    assert "Kim Ji-hoon" not in html  # a guest star of one episode


def test_season_page_lists_its_episodes_and_its_reviews(client, heist):
    series, season, *_ = heist
    make_review("Season 1 review: a heist with a border", season=season)
    response = client.get(f"/films/{series.slug}/season-1/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 episodes" in html and "Season 1 review: a heist with a border" in html


def test_episode_page_shows_guest_stars_and_steps_to_the_next(client, heist):
    series, _, first, second = heist
    html = client.get(second.get_absolute_url()).content.decode()
    assert second.get_absolute_url() == f"/films/{series.slug}/season-1/episode-2/"
    assert "Kim Ji-hoon" in html and "Guest stars" in html
    assert f'rel="prev" href="{first.get_absolute_url()}"' in html


def test_a_missing_season_or_episode_answers_404(client, heist):
    series, *_ = heist
    assert client.get(f"/films/{series.slug}/season-9/").status_code == 404
    assert client.get(f"/films/{series.slug}/season-1/episode-9/").status_code == 404
    film = make_film("Ballerina")
    assert client.get(f"/films/{film.slug}/season-1/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_series_season_and_episode_pages_run_constant_queries(
    client, django_assert_max_num_queries, count
):
    series = make_series()
    season = make_season(series, 1)
    for number in range(1, count + 1):
        episode = make_episode(season, number)
        make_credit(series, make_person(), episode=episode, character="Guard")
        make_review(f"Recap {number}", episode=episode)
    make_credit(series, make_person("Park Hae-soo"), character="Berlin")
    # The same budget at 3 and at 30 episodes: no query per episode or credit.
    for url, budget in (
        (series.get_absolute_url(), 7),
        (season.get_absolute_url(), 7),
        (episode.get_absolute_url(), 7),
        (Review.objects.get(title=f"Recap {count}").get_absolute_url(), 14),
    ):
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200


# Recaps in order


def test_a_recap_links_the_recaps_of_the_episodes_before_and_after(client, heist):
    series, _, first, second = heist
    season_two = make_season(series, 2, air_date=datetime.date(2025, 11, 7))
    third = make_episode(season_two, 1, "North Again")
    one = make_review("Recap: Seoul Escape", episode=first)
    two = make_review("Recap: Under the Mint", episode=second)
    three = make_review("Recap: North Again", episode=third)
    make_review("Unpublished recap", published=False, episode=third)

    html = client.get(two.get_absolute_url()).content.decode()
    assert f'rel="prev" href="{one.get_absolute_url()}"' in html
    assert f'rel="next" href="{three.get_absolute_url()}"' in html
    assert "S02E01" in html
    first_page = client.get(one.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in first_page


def test_a_new_recap_appears_on_the_cached_page_of_the_one_before(client, heist):
    _, _, first, second = heist
    one = make_review("Recap: Seoul Escape", episode=first)
    assert 'rel="next"' not in client.get(one.get_absolute_url()).content.decode()
    two = make_review("Recap: Under the Mint", episode=second)
    html = client.get(one.get_absolute_url()).content.decode()
    assert f'rel="next" href="{two.get_absolute_url()}"' in html


# JSON-LD


def test_episode_recap_reviews_a_tv_episode_of_its_season_and_series(client, heist):
    series, season, first, _ = heist
    recap = make_review("Recap: Seoul Escape", episode=first, rating=8)
    data = next(
        block
        for block in read(client, recap.get_absolute_url()).jsonld
        if block["@type"] == "Review"
    )
    item = data["itemReviewed"]
    assert item["@type"] == "TVEpisode"
    assert item["episodeNumber"] == 1
    assert item["partOfSeason"]["@type"] == "TVSeason"
    assert item["partOfSeason"]["seasonNumber"] == 1
    assert item["partOfSeries"] == {
        "@type": "TVSeries",
        "name": series.title,
        "url": "http://testserver" + series.get_absolute_url(),
    }
    assert [actor["name"] for actor in item["actor"]] == ["Yoo Ji-tae"]


def test_season_review_reviews_a_tv_season_part_of_its_series(client, heist):
    series, season, *_ = heist
    review = make_review("Season 1 review", season=season)
    data = next(
        block
        for block in read(client, review.get_absolute_url()).jsonld
        if block["@type"] == "Review"
    )
    assert data["itemReviewed"]["@type"] == "TVSeason"
    assert data["itemReviewed"]["partOfSeries"]["name"] == series.title


def test_series_page_carries_tv_series_containing_its_seasons(client, heist):
    series, *_ = heist
    data = read(client, series.get_absolute_url()).jsonld[-1]
    assert data["@type"] == "TVSeries"
    assert data["numberOfEpisodes"] == 2
    assert [(s["@type"], s["seasonNumber"]) for s in data["containsSeason"]] == [
        ("TVSeason", 1)
    ]


def test_season_and_episode_pages_carry_their_own_types(client, heist):
    series, season, first, _ = heist
    season_data = read(client, season.get_absolute_url()).jsonld[-1]
    assert season_data["@type"] == "TVSeason"
    assert season_data["numberOfEpisodes"] == 2
    assert season_data["partOfSeries"]["@type"] == "TVSeries"
    episode_data = read(client, first.get_absolute_url()).jsonld[-1]
    assert episode_data["@type"] == "TVEpisode"
    assert episode_data["partOfSeason"]["seasonNumber"] == 1
    assert episode_data["datePublished"] == "2022-06-24"


# Where to watch per season


def test_a_season_range_says_which_seasons_and_when(client, heist, time_machine):
    time_machine.move_to(datetime.datetime(2025, 10, 1, 12, tzinfo=datetime.UTC))
    series, season, *_ = heist
    season_two = make_season(series, 2, air_date=datetime.date(2025, 11, 7))
    netflix = make_provider("Netflix")
    make_watch_option(series, netflix, first_season=1, last_season=1)
    later = WatchOption(
        film=series,
        provider=netflix,
        first_season=2,
        last_season=2,
        available_from=datetime.date(2025, 11, 7),
    )
    later.full_clean()  # season 1's open window does not clash with season 2's
    later.save()

    series_html = client.get(series.get_absolute_url()).content.decode()
    assert "Season 1: streaming on Netflix" in series_html
    assert "Season 2 coming to Netflix on 7 November 2025" in series_html
    season_one = client.get(season.get_absolute_url()).content.decode()
    assert "Season 1: streaming on Netflix" in season_one
    assert "Season 2 coming" not in season_one
    assert (
        "Season 2 coming to Netflix"
        in client.get(season_two.get_absolute_url()).content.decode()
    )


def test_overlapping_windows_for_the_same_season_are_refused(heist):
    series, *_ = heist
    netflix = make_provider("Netflix")
    make_watch_option(series, netflix, first_season=1)
    clash = WatchOption(film=series, provider=netflix, first_season=2, last_season=3)
    with pytest.raises(ValidationError):
        clash.full_clean()


# Person pages


def test_person_page_counts_a_guest_stars_episodes_and_years(client, heist):
    series, season, first, second = heist
    season_two = make_season(series, 2, air_date=datetime.date(2023, 12, 1))
    third = make_episode(season_two, 1, "North Again")
    moscow = Credit.objects.get(episode=second).person
    for episode in (first, third):
        make_credit(series, moscow, character="Moscow", episode=episode)
    html = client.get(moscow.get_absolute_url()).content.decode()
    assert html.count(series.get_absolute_url()) == 1  # one line, not three
    assert "3 episodes · 2022–2023" in html


def test_person_page_counts_every_episode_for_a_regular(client, heist):
    series, *_ = heist
    professor = Credit.objects.get(character="The Professor").person
    html = client.get(professor.get_absolute_url()).content.decode()
    assert "2 episodes · 2022" in html


@pytest.mark.parametrize("count", [3, 30])
def test_person_page_queries_do_not_grow_with_episodes(
    client, django_assert_max_num_queries, count
):
    series = make_series()
    season = make_season(series, 1)
    guest = make_person("Jeon Jong-seo")
    for number in range(1, count + 1):
        make_credit(
            series, guest, character="Tokyo", episode=make_episode(season, number)
        )
    with django_assert_max_num_queries(8):
        html = client.get(guest.get_absolute_url()).content.decode()
    assert f"{count} episodes · 2022" in html

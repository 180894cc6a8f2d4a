"""`import_films` with TMDb's tv shape: a series line's seasons, episodes, guest
stars and episode crew, idempotent, in batches."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from people.models import Person, PersonAlias
from reviews.models import Credit, Episode, Film, Season
from tests.conftest import make_film

pytestmark = pytest.mark.django_db

SERIES = Path(__file__).parent / "data" / "films" / "series.jsonl"


def run(path=SERIES, *args) -> str:
    out = StringIO()
    call_command("import_films", str(path), *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "films": sorted(Film.objects.values_list("pk", "updated_at")),
        "seasons": sorted(
            Season.objects.values_list(
                "pk", "series_id", "number", "title", "air_date", "synopsis", "tmdb_id"
            )
        ),
        "episodes": sorted(
            Episode.objects.values_list(
                "pk", "season_id", "number", "title", "runtime_minutes", "tmdb_id"
            )
        ),
        "people": sorted(Person.objects.values_list("pk", "updated_at")),
        "aliases": sorted(PersonAlias.objects.values_list("pk", "name")),
        "credits": sorted(
            Credit.objects.values_list(
                "pk", "film_id", "season_id", "episode_id", "person_id", "billing_order"
            )
        ),
    }


def test_a_tv_line_brings_its_seasons_episodes_and_guest_stars(client):
    output = run()

    hellbound = Film.objects.get(tmdb_id=94480, kind=Film.Kind.SERIES)
    assert [(s.number, s.label, str(s.air_date)) for s in hellbound.seasons.all()] == [
        (1, "Season 1", "2021-11-19"),
        (2, "Season 2", "2024-10-25"),
    ]
    first, second = Episode.objects.filter(season__series=hellbound, season__number=1)
    assert (first.title, first.runtime_minutes, first.tmdb_id) == (
        "Episode 1",
        59,
        3270001,
    )
    assert first.synopsis == "A decree comes with a time of death."
    park = Credit.objects.get(episode=second, person__name="Park Jeong-min")
    assert (park.character, park.season.number, park.film) == (
        "Bae Young-jae",
        1,
        hellbound,
    )
    yoo = Person.objects.get(tmdb_id=1254413)
    # "Yoo Ah In" folds to his own name, so only the Hangul is an alias.
    assert {a.name for a in yoo.aliases.all()} == {"유아인"}
    assert yoo.credits.filter(episode__isnull=False).count() == 2
    director = Credit.objects.filter(role=Credit.Role.DIRECTOR, episode=first).get()
    assert director.person.name == "Yeon Sang-ho"
    assert hellbound.credits.get(role=Credit.Role.CREATOR, episode=None).person == (
        director.person
    )
    specials = Season.objects.get(series__tmdb_id=94481)
    assert (specials.number, specials.label) == (0, "Specials")

    assert "seasons: 3 created, 0 updated, 0 unchanged" in output
    assert "episodes: 4 created, 0 updated, 0 unchanged" in output
    assert "line 3: seasons[0]: episodes[0]: no episode_number" in output
    assert not Film.objects.filter(tmdb_id=94482).exists()

    # The person page counts the guest star's episodes.
    page = client.get(yoo.get_absolute_url())
    assert "2 episodes" in page.content.decode()
    assert client.get(second.get_absolute_url()).status_code == 200


def test_a_second_run_changes_nothing():
    run()
    before = snapshot()

    output = run()

    assert snapshot() == before
    assert "seasons: 0 created, 0 updated, 3 unchanged" in output
    assert "episodes: 0 created, 0 updated, 4 unchanged" in output
    assert "Nothing to do." in output


def test_batches_of_one_line_give_the_same_rows():
    run(SERIES, "--batch-size", "1")
    one_by_one = snapshot()
    for model in (Credit, Episode, Season):
        model.objects.all().delete()
    run()
    assert [len(rows) for rows in snapshot().values()] == [
        len(rows) for rows in one_by_one.values()
    ]


def test_a_changed_episode_updates_only_what_changed_and_empties_nothing(tmp_path):
    run()
    episode = Episode.objects.get(tmdb_id=3270001)
    episode.synopsis = "Written by our editor."
    episode.save()
    line = json.loads(SERIES.read_text(encoding="utf-8").splitlines()[0])
    line["seasons"][0]["episodes"][0].update(runtime=60, overview="")
    path = tmp_path / "changed.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")

    output = run(path)

    episode.refresh_from_db()
    assert (episode.runtime_minutes, episode.synopsis) == (60, "Written by our editor.")
    assert "episodes: 0 created, 1 updated, 2 unchanged" in output


def test_a_series_typed_in_by_hand_gets_its_seasons(tmp_path):
    mine = make_film("Hellbound", kind=Film.Kind.SERIES, year=2021)
    mine.seasons.create(number=1, title="The first season")

    run()

    mine.refresh_from_db()
    assert mine.tmdb_id == 94480
    assert [s.title for s in mine.seasons.all()] == ["The first season", ""]
    assert mine.seasons.get(number=1).episodes.count() == 2

"""`import_films`: films, people, aliases and credits from JSON Lines in TMDb's shape,
matched on ids first and on folded names after, idempotent, bad lines reported."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from people.models import Person, PersonAlias
from reviews.imports.films import fold
from reviews.models import Credit, Film
from tests.conftest import make_alias, make_credit, make_film, make_person

pytestmark = pytest.mark.django_db

FILMS = Path(__file__).parent / "data" / "films" / "films.jsonl"


def run(path=FILMS, *args, **options) -> str:
    out = StringIO()
    call_command("import_films", str(path), *args, stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "films": Film.objects.count(),
        "people": Person.objects.count(),
        "aliases": PersonAlias.objects.count(),
        "credits": Credit.objects.count(),
    }


def write(tmp_path, *lines) -> Path:
    path = tmp_path / "films.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines)
        + "\n"
    )
    return path


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Jeon Jong-seo", "jeon jongseo"),
        ("Jun Jong-seo", "JUN JONG SEO"),
        ("Zoë Kravitz", "Zoe Kravitz"),
        ("Amélie", "amelie"),
        ("전종서", "전종서"),
    ],
)
def test_fold_ignores_case_accents_hyphens_and_spaces(one, other):
    assert fold(one) == fold(other)


def test_different_names_fold_differently():
    assert fold("Jun Jong-seo") != fold("Jeon Jong-seo")
    assert fold("전종서") == "전종서"


def test_films_people_and_credits_are_created():
    output = run()
    ballerina = Film.objects.get(tmdb_id=1090265)
    assert ballerina.title == "Ballerina"
    assert ballerina.original_title == "발레리나"
    assert ballerina.year == 2023
    assert str(ballerina.release_date) == "2023-10-06"
    assert ballerina.runtime_minutes == 94
    assert ballerina.imdb_id == "tt21412860"
    assert ballerina.slug == "ballerina-2023"
    cast = list(
        ballerina.credits.filter(role=Credit.Role.CAST).values_list(
            "person__name", "character", "billing_order"
        )
    )
    assert cast == [
        ("Jeon Jong-seo", "Ok-ju", 0),
        ("Kim Ji-hoon", "Choi Pro", 1),
        ("Park Yu-rim", "Min-hee", 2),
    ]
    lee = Person.objects.get(tmdb_id=1979211)
    assert set(lee.credits.values_list("film__title", "role")) == {
        ("Ballerina", "director"),
        ("Ballerina", "writer"),
        ("The Call", "director"),
    }
    assert lee.slug == "lee-chung-hyun"
    # One person across two films, not two.
    assert Person.objects.filter(tmdb_id=2066416).count() == 1
    assert Film.objects.count() == 4
    assert "films: 4 created, 0 updated, 0 unchanged" in output
    assert "credits: 13 created" in output


def test_a_series_line_becomes_a_series():
    run()
    squid = Film.objects.get(tmdb_id=93405)
    assert squid.kind == Film.Kind.SERIES
    assert (squid.title, squid.original_title, squid.year) == (
        "Squid Game",
        "오징어 게임",
        2021,
    )
    assert squid.runtime_minutes == 54
    assert squid.credits.get(role=Credit.Role.CREATOR).person.name == "Hwang Dong-hyuk"


def test_crew_jobs_heaven_does_not_list_are_skipped_and_counted():
    output = run()
    assert not Person.objects.filter(name="Grip Person").exists()
    assert "crew credits skipped: 1" in output


def test_also_known_as_become_aliases_with_their_script():
    run()
    jeon = Person.objects.get(tmdb_id=2066416)
    aliases = dict(jeon.aliases.values_list("name", "kind"))
    assert aliases == {
        "Jun Jong-seo": PersonAlias.Kind.ROMANIZATION,
        "전종서": PersonAlias.Kind.NATIVE,
    }
    assert jeon.aliases.get(name="전종서").slug == "전종서"


def test_bad_lines_are_reported_with_their_numbers_and_the_rest_import():
    output = run()
    assert "lines rejected: 3" in output
    assert "line 3: not JSON (Expecting ',' delimiter)" in output
    assert "line 4: no title" in output
    assert "line 5: release date is not YYYY-MM-DD: '06/10/2023'" in output
    assert not Film.objects.filter(tmdb_id__in=[999, 1001, 1002]).exists()
    assert "Imported 4 of 7 lines from films.jsonl." in output


def test_a_second_run_changes_nothing():
    run()
    before = counts()
    stamps = dict(Film.objects.values_list("pk", "updated_at"))
    people = dict(Person.objects.values_list("pk", "updated_at"))
    output = run()
    assert counts() == before
    assert dict(Film.objects.values_list("pk", "updated_at")) == stamps
    assert dict(Person.objects.values_list("pk", "updated_at")) == people
    assert "films: 0 created, 0 updated, 4 unchanged" in output
    assert "credits: 0 created, 0 updated, 13 unchanged" in output
    assert "Nothing to do." in output


def test_a_changed_line_updates_only_what_changed(tmp_path):
    run()
    ballerina = Film.objects.get(tmdb_id=1090265)
    line = json.loads(FILMS.read_text().splitlines()[0])
    line["runtime"] = 93
    line["credits"]["cast"][1]["order"] = 5
    output = run(write(tmp_path, line))
    ballerina.refresh_from_db()
    assert ballerina.runtime_minutes == 93
    kim = Credit.objects.get(film=ballerina, person__tmdb_id=1253380)
    assert kim.billing_order == 5
    assert "films: 0 created, 1 updated, 0 unchanged" in output
    assert "credits: 0 created, 1 updated" in output


def test_films_are_matched_on_tmdb_id_first(tmp_path):
    film = make_film("Ballerina (working title)", year=2023, tmdb_id=1090265)
    run()
    film.refresh_from_db()
    assert film.title == "Ballerina"  # corrected from the file
    assert Film.objects.filter(tmdb_id=1090265).count() == 1


def test_films_are_matched_on_imdb_id_when_they_have_no_tmdb_id():
    film = make_film("Ballerina", year=2022, imdb_id="tt21412860")
    run()
    film.refresh_from_db()
    assert film.tmdb_id == 1090265
    assert film.year == 2023
    assert Film.objects.filter(title="Ballerina").count() == 1


def test_films_are_matched_on_folded_title_and_year():
    typed = make_film("Drive my car", year=2021)
    other_year = make_film("Drive My Car", year=1999)
    run()
    typed.refresh_from_db()
    assert typed.tmdb_id == 758866
    assert typed.title == "Drive My Car"
    assert typed.credits.filter(role=Credit.Role.DIRECTOR).exists()
    other_year.refresh_from_db()
    assert other_year.tmdb_id is None
    assert Film.objects.filter(title__iexact="drive my car").count() == 2


def test_a_film_with_another_tmdb_id_is_not_matched_by_name():
    make_film("The Call", year=2020, tmdb_id=1)
    run()
    assert Film.objects.filter(title="The Call", year=2020).count() == 2


def test_people_are_matched_on_folded_names_and_aliases_without_tmdb_ids():
    jun = make_person("Jun Jong-seo")
    make_alias(jun, "Jeon Jong-seo")
    nishijima = make_person("Hidetoshi NISHIJIMA")
    film = make_film("Burning", year=2018)
    make_credit(film, jun, character="Hae-mi")
    run()
    jun.refresh_from_db()
    nishijima.refresh_from_db()
    assert jun.tmdb_id == 2066416
    assert jun.name == "Jun Jong-seo"  # the site's choice of name is kept
    assert nishijima.tmdb_id == 225730
    assert set(jun.credits.values_list("film__title", flat=True)) == {
        "Burning",
        "Ballerina",
        "The Call",
    }
    assert (
        Person.objects.filter(name__in=["Jeon Jong-seo", "Jun Jong-seo"]).count() == 1
    )
    assert set(jun.aliases.values_list("name", flat=True)) == {
        "Jeon Jong-seo",
        "전종서",
    }


def test_a_person_with_another_tmdb_id_is_a_different_person():
    namesake = make_person("Kim Ji-hoon", tmdb_id=42)
    run()
    assert Person.objects.filter(name="Kim Ji-hoon").count() == 2
    assert not namesake.credits.exists()


def test_an_editors_credits_are_kept():
    run()
    ballerina = Film.objects.get(tmdb_id=1090265)
    extra = make_credit(ballerina, make_person("Cameo Star"), character="Herself")
    run()
    assert Credit.objects.filter(pk=extra.pk).exists()


def test_small_batches_give_the_same_result(tmp_path):
    run(FILMS, "--batch-size", "1")
    assert counts() == {"films": 4, "people": 9, "aliases": 3, "credits": 13}


def test_dry_run_writes_nothing_and_prints_the_same_summary():
    dry = run(FILMS, "--dry-run")
    assert counts() == {"films": 0, "people": 0, "aliases": 0, "credits": 0}
    assert dry.startswith("Dry run: nothing was written.")
    real = run()
    assert dry.splitlines()[1:-1] == real.splitlines()[:-1]


def test_the_same_id_twice_in_a_file_is_rejected_once(tmp_path):
    line = {"id": 5, "title": "Twice", "release_date": "2020-01-01"}
    output = run(write(tmp_path, line, line))
    assert "line 2: the same TMDb id as line 1" in output
    assert Film.objects.filter(tmdb_id=5).count() == 1


def test_contradicting_ids_are_rejected(tmp_path):
    make_film("Other", year=2020, imdb_id="tt7654321", tmdb_id=77)
    output = run(write(tmp_path, {"id": 5, "title": "Mine", "imdb_id": "tt7654321"}))
    assert "line 1: IMDb id tt7654321 belongs to another film (Other (2020))" in output
    assert not Film.objects.filter(tmdb_id=5).exists()


def test_a_file_with_no_good_line_is_a_one_line_error(tmp_path):
    path = write(tmp_path, "<html>", "[1, 2]")
    with pytest.raises(CommandError, match=r"^No line of films\.jsonl is a film") as e:
        run(path)
    assert "\n" not in str(e.value)
    assert counts()["films"] == 0


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read nope\.jsonl"):
        run(tmp_path / "nope.jsonl")


def test_an_empty_file_has_nothing_to_do(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("")
    assert "Nothing to do." in run(path)


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only():
    terminal = Terminal()
    call_command("import_films", str(FILMS), stdout=terminal)
    assert "\rRead 7 lines" in terminal.getvalue()
    assert "\rRead" not in run(FILMS, "--dry-run")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_import_commits_and_leaves_settings_as_they_were():
    """The command's own path: on SQLite the import swaps in a connection without a
    statement cache (memory stays flat), and puts the settings back afterwards."""
    from django.db import connection

    options = dict(connection.settings_dict.get("OPTIONS", {}))
    output = run()
    assert "films: 4 created" in output
    assert Film.objects.count() == 4
    assert dict(connection.settings_dict.get("OPTIONS", {})) == options


def test_two_lines_with_one_imdb_id_keep_the_first(tmp_path):
    output = run(
        write(
            tmp_path,
            {"id": 5, "title": "First", "imdb_id": "tt7654321"},
            {"id": 6, "title": "Second", "imdb_id": "tt7654321"},
        )
    )
    assert "line 2: the same IMDb id as line 1" in output
    assert list(Film.objects.values_list("title", flat=True)) == ["First"]


def test_two_people_with_one_imdb_id_do_not_stop_the_import(tmp_path):
    cast = [
        {"id": 1, "name": "One", "imdb_id": "nm1234567"},
        {"id": 2, "name": "Two", "imdb_id": "nm1234567"},
    ]
    run(write(tmp_path, {"id": 5, "title": "Film", "credits": {"cast": cast}}))
    assert Person.objects.count() == 2
    assert Person.objects.filter(imdb_id="nm1234567").count() == 1


def test_imported_people_are_found_by_site_search_under_any_spelling(client):
    run(Path(__file__).resolve().parent.parent / "examples" / "films.jsonl")

    for query in ("jeon jongseo", "JUN JONG SEO", "종서"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        assert "Jun Jong-seo" in response.text, query

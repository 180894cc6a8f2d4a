"""`import_watch_options FILE.csv`: options in bulk, idempotent, rejected rows named."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from reviews.models import WatchOption
from reviews.watch.csv_import import ISO_3166_ALPHA2, parse_region
from tests.conftest import make_film, make_provider, make_watch_option

DATA = Path(__file__).parent / "data" / "watch"
EXAMPLES = Path(__file__).parent.parent / "examples"


def run(name, *args):
    out = StringIO()
    call_command("import_watch_options", str(DATA / name), *args, stdout=out)
    return out.getvalue()


def run_refused(name, *args):
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_watch_options", str(DATA / name), *args, stdout=out)
    return out.getvalue(), str(error.value)


@pytest.fixture
def catalogue(db):
    return {
        "ballerina": make_film(
            "Ballerina", slug="ballerina-2023", imdb_id="tt28092573", tmdb_id=1090265
        ),
        "the_call": make_film("The Call", slug="the-call-2020", year=2020),
        "netflix": make_provider("Netflix", slug="netflix"),
        "mubi": make_provider("MUBI", slug="mubi"),
    }


def options():
    return list(
        WatchOption.objects.order_by("pk").values_list(
            "film__slug",
            "provider__slug",
            "region",
            "kind",
            "available_from",
            "available_until",
            "link",
            "note",
        )
    )


def test_region_codes_are_the_full_iso_list():
    assert len(ISO_3166_ALPHA2) == 249
    assert {"US", "KR", "GB", "SS", "AX"} <= ISO_3166_ALPHA2
    assert parse_region("") == parse_region("Worldwide") == ""
    assert parse_region("kr") == "KR"
    with pytest.raises(ValueError):
        parse_region("UK")


def test_valid_file_creates_options_by_slug_imdb_and_tmdb_id(catalogue):
    out = run("valid.csv")

    assert "options: 4 created, 0 updated, 0 unchanged" in out
    assert "Imported 4 of 4 rows from valid.csv." in out
    assert options() == [
        (
            "ballerina-2023",
            "netflix",
            "",
            "subscription",
            datetime.date(2023, 10, 6),
            None,
            "https://www.netflix.com/title/81404690",
            "",
        ),
        (
            "ballerina-2023",
            "netflix",
            "KR",
            "subscription",
            datetime.date(2023, 10, 6),
            datetime.date(2026, 4, 1),
            "",
            "Leaves in April",
        ),
        ("ballerina-2023", "mubi", "", "rent", None, None, "", ""),
        (
            "the-call-2020",
            "mubi",
            "US",
            "buy",
            datetime.date(2024, 1, 1),
            datetime.date(2024, 6, 1),
            "https://mubi.com/films/the-call",
            "Digital, HD",
        ),
    ]


def test_reimporting_the_same_file_changes_nothing(catalogue):
    run("valid.csv")
    before = list(WatchOption.objects.order_by("pk").values())

    out = run("valid.csv")

    assert "options: 0 created, 0 updated, 4 unchanged" in out
    assert "Nothing to do." in out
    assert list(WatchOption.objects.order_by("pk").values()) == before


def test_unchanged_rows_are_not_saved_again(catalogue, django_assert_max_num_queries):
    run("valid.csv")
    with django_assert_max_num_queries(6):
        run("valid.csv")


def test_a_changed_row_updates_its_option(catalogue):
    option = make_watch_option(
        catalogue["ballerina"],
        catalogue["netflix"],
        available_from=datetime.date(2023, 10, 6),
    )

    out = run("updated.csv")

    assert "options: 0 created, 1 updated, 0 unchanged" in out
    option.refresh_from_db()
    assert option.available_until == datetime.date(2026, 12, 1)
    assert option.note == "Leaving in December"
    assert WatchOption.objects.count() == 1


def test_bad_rows_are_named_by_line_and_nothing_is_written(catalogue):
    out, error = run_refused("bad_rows.csv")

    assert "rows rejected: 8" in out
    assert "line 3: no film with slug, IMDb id or TMDb id 'no-such-film'" in out
    assert "line 4: unknown provider 'Blockbuster'; add it in the admin first" in out
    assert "line 5: unknown region code 'XX' (use ISO 3166 alpha-2)" in out
    assert "line 6: unknown kind 'stream'" in out
    assert "line 7: available_from is not a date (YYYY-MM-DD): '06/10/2023'" in out
    assert "line 8: available_until must be after available_from" in out
    assert "line 9: link is not a web address: 'not a link'" in out
    assert "line 10: the same option as line 2" in out
    assert "line 2:" not in out
    assert error == (
        "8 rows were rejected, nothing was imported; fix the file or use "
        "--skip-invalid."
    )
    assert WatchOption.objects.count() == 0


def test_skip_invalid_imports_the_valid_rows(catalogue):
    out = run("bad_rows.csv", "--skip-invalid")

    assert "options: 1 created, 0 updated, 0 unchanged" in out
    assert "rows rejected: 8" in out
    assert "Imported 1 of 9 rows from bad_rows.csv." in out
    assert options() == [
        (
            "ballerina-2023",
            "netflix",
            "",
            "subscription",
            datetime.date(2023, 10, 6),
            None,
            "",
            "",
        )
    ]


def test_dry_run_writes_nothing_and_prints_the_same_summary(catalogue):
    out = run("valid.csv", "--dry-run")

    assert "Dry run: nothing was written." in out
    assert "options: 4 created, 0 updated, 0 unchanged" in out
    assert "Would import 4 of 4 rows from valid.csv." in out
    assert WatchOption.objects.count() == 0


def test_dry_run_reports_bad_rows_too(catalogue):
    out, _error = run_refused("bad_rows.csv", "--dry-run")

    assert "line 3: no film" in out
    assert WatchOption.objects.count() == 0


def test_overlapping_windows_are_rejected(catalogue):
    out, _error = run_refused("overlap.csv")

    assert "rows rejected: 3" in out
    assert "line 2: its window overlaps 2024-02-15 – 2024-05-01 (line 3)" in out
    assert "line 3: its window overlaps 2024-01-01 – 2024-03-01 (line 2)" in out
    assert "line 4: its window overlaps 2024-02-15 – 2024-05-01 (line 3)" in out
    assert WatchOption.objects.count() == 0


def test_a_window_overlapping_a_saved_option_is_rejected(catalogue):
    make_watch_option(
        catalogue["ballerina"],
        catalogue["netflix"],
        region="US",
        available_from=datetime.date(2023, 12, 1),
        available_until=datetime.date(2024, 1, 15),
    )

    out = run("overlap.csv", "--skip-invalid")

    assert (
        "line 2: its window overlaps 2023-12-01 – 2024-01-15 "
        "(an option already saved)" in out
    )
    # Every row is checked against the file as written, so lines 3 and 4 (which
    # overlap each other) are refused too.
    assert WatchOption.objects.count() == 1


def test_a_missing_column_is_one_clear_error(catalogue):
    with pytest.raises(CommandError, match="no film column"):
        call_command(
            "import_watch_options",
            str(DATA / "no_film_column.csv"),
            stdout=StringIO(),
        )


def test_a_missing_file_is_one_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match=r"Cannot read nope\.csv"):
        call_command(
            "import_watch_options", str(tmp_path / "nope.csv"), stdout=StringIO()
        )


def test_the_example_file_imports_into_the_demo_site(demo):
    out = StringIO()
    call_command(
        "import_watch_options", str(EXAMPLES / "watch-options.csv"), stdout=out
    )

    assert "rows rejected" not in out.getvalue()
    assert WatchOption.objects.filter(region="KR", kind="rent").exists()

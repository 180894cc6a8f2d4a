"""Importers given files as other tools write them, bad values included: each bad
value is a numbered line in the report, never a traceback; a byte-order mark is
accepted; a Latin-1 line is named as such; --media-dir never reads outside."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from reviews.imports.wordpress.media import MediaFolder
from reviews.models import Film, WatchOption
from tests.conftest import make_film, make_provider

pytestmark = pytest.mark.django_db


def film_line(tmdb_id, title, **fields) -> str:
    return json.dumps({"id": tmdb_id, "title": title, **fields}, ensure_ascii=False)


def test_a_tmdb_export_with_hostile_lines_reports_each_by_number(tmp_path):
    lines = [
        # Line 1 starts with the byte-order mark Notepad and Excel write.
        ("\ufeff" + film_line(1, "Ballerina", release_date="2023-10-06")).encode(),
        film_line(10**30, "Too big").encode(),
        film_line("²", "Superscript").encode(),
        ("[" * 200_000).encode(),
        film_line(5, "Night\u0000crawler", release_date="2014-10-31").encode(),
        film_line(6, "Amélie", release_date="2001-04-25").encode("latin-1"),
        film_line(7, "Cast", credits={"cast": [{"id": 10**30, "name": "X"}]}).encode(),
    ]
    path = tmp_path / "tmdb.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")

    out = StringIO()
    call_command("import_films", str(path), stdout=out)
    report = out.getvalue()

    assert "line 1:" not in report
    assert "line 2: id 1000000000000000000000000000000 is too large" in report
    assert "line 3: id is not a positive whole number: '²'" in report
    assert "line 4: not JSON Heaven can read (nested too deeply)" in report
    assert "line 6: not UTF-8 (byte 0xE9 at position" in report
    assert "Latin-1" in report
    assert (
        "line 7: credits.cast[0]: id 1000000000000000000000000000000 is too large"
        in (report)
    )
    assert sorted(Film.objects.values_list("title", flat=True)) == [
        "Ballerina",
        "Nightcrawler",
    ]


def test_a_watch_csv_with_hostile_values_reports_each_by_number(tmp_path):
    film = make_film("Ballerina", year=2023, tmdb_id=1)
    make_provider("Netflix", slug="netflix")
    rows = [
        "film,provider,region,kind,available_from,available_until,link,note",
        "1,netflix,,subscription,2023-10-06,,,Dubbed\x0bin Korean",
        "²,netflix,,subscription,,,,",
        f"{10**30},netflix,,subscription,,,,",
        "ballerina\x00-2023,netflix,KR,subscription,,,,",  # a NUL, as some exports pad
    ]
    data = "\r\n".join(rows).encode("utf-8-sig")  # as Excel saves "CSV UTF-8"
    data += "\r\n1,netflix,KR,rent,,,,Doublé en français\r\n".encode("latin-1")
    path = tmp_path / "watch.csv"
    path.write_bytes(data)

    out = StringIO()
    call_command("import_watch_options", str(path), "--skip-invalid", stdout=out)
    report = out.getvalue()

    assert "line 3: no film with slug, IMDb id or TMDb id '²'" in report
    assert f"line 4: no film with slug, IMDb id or TMDb id '{10**30}'" in report
    assert "line 5" not in report  # the NUL is removed and the slug found
    assert "line 6: not UTF-8 (looks like Latin-1 or Windows-1252)" in report
    assert "line 2" not in report
    options = WatchOption.objects.order_by("region")
    assert [(o.film, o.region, o.note) for o in options] == [
        (film, "", "Dubbed in Korean"),
        (film, "KR", ""),
    ]


def test_media_dir_is_confined_to_its_folder(tmp_path):
    media = tmp_path / "wp-media"
    (media / "2023" / "10").mkdir(parents=True)
    (media / "2023" / "10" / "still.jpg").write_bytes(b"jpeg")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"not yours")
    (media / "2023" / "10" / "link.jpg").symlink_to(secret)

    folder = MediaFolder(media)
    base = "https://blog.example/wp-content/uploads/"

    assert folder.find(base + "2023/10/still.jpg") == (media / "2023/10/still.jpg")
    assert folder.find(base + "../secret.jpg") is None
    assert folder.find(base + "2023/10/..%2F..%2F..%2Fsecret.jpg") is None
    assert folder.find(base + "2023/10/link.jpg") is None
    assert folder.find("https://blog.example/link.jpg") is None

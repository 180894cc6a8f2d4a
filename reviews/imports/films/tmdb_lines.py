"""Reading the film file: JSON Lines in TMDb's shape, one film (or series) a line::

    {"id": 1090265, "title": "Ballerina", "original_title": "발레리나",
     "release_date": "2023-10-06", "runtime": 94, "imdb_id": "tt…",
     "credits": {"cast": [{"id": 2066416, "name": "Jun Jong-seo",
                           "character": "Ok-ju", "order": 0,
                           "also_known_as": ["Jeon Jong-seo", "전종서"]}],
                 "crew": [{"id": 1, "name": "Lee Chung-hyun", "job": "Director"}]}}

A series is a line with ``"media_type": "tv"``, or with a ``name`` and no ``title``;
its fields are TMDb's series ones (``name``, ``original_name``, ``first_air_date``,
``episode_run_time``). The file is read one line at a time; ``parse_line`` turns a
line into plain records or rejects it with the reason, which is reported with the
line's number. Crew jobs Heaven does not list (JOB_ROLES) are counted and skipped.
"""

import datetime
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from heaven.text import clean_text
from reviews.models import Credit, Film

IMDB_TITLE = re.compile(r"^tt\d{7,9}$")
IMDB_PERSON = re.compile(r"^nm\d{7,9}$")
MAX_ORDER = 32767

JOB_ROLES = {
    "director": Credit.Role.DIRECTOR,
    "screenplay": Credit.Role.WRITER,
    "writer": Credit.Role.WRITER,
    "story": Credit.Role.WRITER,
    "novel": Credit.Role.WRITER,
    "author": Credit.Role.WRITER,
    "teleplay": Credit.Role.WRITER,
    "creator": Credit.Role.CREATOR,
    "producer": Credit.Role.PRODUCER,
    "director of photography": Credit.Role.CINEMATOGRAPHER,
    "cinematography": Credit.Role.CINEMATOGRAPHER,
    "original music composer": Credit.Role.COMPOSER,
    "music": Credit.Role.COMPOSER,
    "composer": Credit.Role.COMPOSER,
    "editor": Credit.Role.EDITOR,
}


class FilmImportError(Exception):
    """The file cannot be imported at all; the message is one line."""


class RejectedLine(ValueError):
    pass


@dataclass
class PersonRecord:
    tmdb_id: int
    name: str
    imdb_id: str = ""
    aliases: list[str] = field(default_factory=list)


@dataclass
class CreditRecord:
    person_tmdb_id: int
    role: str
    character: str
    order: int
    # A guest star's or episode crew's season and episode numbers.
    season: int | None = None
    episode: int | None = None


@dataclass
class FilmRecord:
    line: int
    tmdb_id: int
    kind: str
    title: str
    original_title: str
    release_date: datetime.date | None
    year: int | None
    runtime: int | None
    imdb_id: str
    credits: list[CreditRecord]
    people: dict[int, PersonRecord]
    skipped_jobs: int = 0
    seasons: list = field(default_factory=list)  # of tv_lines.SeasonRecord


# TMDb ids are PositiveIntegerFields: a bigger number would overflow the column.
MAX_ID = 2**31 - 1


def _string(data: dict, key: str, *, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RejectedLine(f"{key} is not text")
    return one_line(value)[:limit]


def one_line(value: str) -> str:
    """The text rule (bulk writes skip save()), on one line: a NUL, escaped as
    \\u0000 in JSON, never reaches the database."""
    return " ".join(clean_text(value, multiline=False).split())


def _positive_int(data: dict, key: str, *, required: bool = False) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise RejectedLine(f"no {key}")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RejectedLine(f"{key} is not a positive whole number: {value!r}")
    if value > MAX_ID:
        raise RejectedLine(f"{key} {value} is too large (at most {MAX_ID})")
    return value


def parse_line(
    text: str,
    *,
    line: int,
    series_parts: Callable[[dict, FilmRecord], None] | None = None,
) -> FilmRecord:
    """One JSON line as a FilmRecord; raises RejectedLine with the reason. A
    series line's seasons and episodes are read by ``series_parts``
    (`tv_lines.parse_seasons`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RejectedLine(f"not JSON ({error.msg})") from None
    except RecursionError:
        raise RejectedLine("not JSON Heaven can read (nested too deeply)") from None
    if not isinstance(data, dict):
        raise RejectedLine("not a JSON object")
    is_series = data.get("media_type") == "tv" or (
        "name" in data and "title" not in data
    )
    title = _string(data, "name" if is_series else "title", limit=250)
    if not title:
        raise RejectedLine("no title")
    original = _string(
        data, "original_name" if is_series else "original_title", limit=250
    )
    raw_date = data.get("first_air_date" if is_series else "release_date") or ""
    release_date = None
    if raw_date:
        try:
            release_date = datetime.date.fromisoformat(str(raw_date))
        except ValueError:
            raise RejectedLine(
                f"release date is not YYYY-MM-DD: {raw_date!r}"
            ) from None
        if not 1870 <= release_date.year <= 2100:
            raise RejectedLine(f"release year {release_date.year} is not plausible")
    runtime = data.get("runtime")
    episode_runtimes = data.get("episode_run_time")
    if is_series and runtime is None and isinstance(episode_runtimes, list):
        runtime = episode_runtimes[0] if episode_runtimes else None
    runtime = _positive_int({"runtime": runtime or None}, "runtime")
    imdb_id = _string(data, "imdb_id", limit=12)
    if imdb_id and not IMDB_TITLE.match(imdb_id):
        raise RejectedLine(f"IMDb id {imdb_id!r} is not like tt1234567")
    credits_data = data.get("credits") or {}
    if not isinstance(credits_data, dict):
        raise RejectedLine("credits is not an object")
    record = FilmRecord(
        line=line,
        tmdb_id=_positive_int(data, "id", required=True),
        kind=Film.Kind.SERIES if is_series else Film.Kind.FILM,
        title=title,
        original_title="" if original == title else original,
        release_date=release_date,
        year=release_date.year if release_date else None,
        runtime=min(runtime, MAX_ORDER) if runtime else None,
        imdb_id=imdb_id,
        credits=[],
        people={},
    )
    seen = set()
    for group in ("cast", "crew"):
        entries = credits_data.get(group) or []
        if not isinstance(entries, list):
            raise RejectedLine(f"credits.{group} is not a list")
        per_role = Counter()
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise RejectedLine(f"credits.{group}[{index}] is not an object")
            try:
                person = _person(entry)
            except RejectedLine as error:
                raise RejectedLine(f"credits.{group}[{index}]: {error}") from None
            if group == "cast":
                role, character = (
                    Credit.Role.CAST,
                    _string(entry, "character", limit=200),
                )
                order = entry.get("order")
                order = order if isinstance(order, int) and order >= 0 else index
            else:
                role = JOB_ROLES.get(str(entry.get("job", "")).strip().lower())
                if role is None:
                    record.skipped_jobs += 1
                    continue
                character, order = "", per_role[role]
                per_role[role] += 1
            key = (person.tmdb_id, role, character)
            if key in seen:
                continue
            seen.add(key)
            record.people.setdefault(person.tmdb_id, person)
            record.credits.append(
                CreditRecord(person.tmdb_id, role, character, min(order, MAX_ORDER))
            )
    if is_series and series_parts is not None:
        series_parts(data, record)
    return record


def _person(entry: dict) -> PersonRecord:
    tmdb_id = _positive_int(entry, "id", required=True)
    name = _string(entry, "name", limit=200)
    if not name:
        raise RejectedLine("a person has no name")
    imdb_id = _string(entry, "imdb_id", limit=12)
    if imdb_id and not IMDB_PERSON.match(imdb_id):
        imdb_id = ""
    aliases = entry.get("also_known_as") or []
    if not isinstance(aliases, list):
        raise RejectedLine("also_known_as is not a list")
    return PersonRecord(
        tmdb_id=tmdb_id,
        name=name,
        imdb_id=imdb_id,
        aliases=[one_line(a)[:200] for a in aliases if isinstance(a, str)],
    )


def read_lines(path: Path) -> Iterator[tuple[int, str | RejectedLine]]:
    """(line number, text) for each non-blank line, read one at a time; a line
    that is not UTF-8 comes as the RejectedLine that names it."""
    try:
        with path.open("rb") as source:
            for number, raw in enumerate(source, start=1):
                try:
                    # Notepad and Excel start a UTF-8 file with a byte-order mark.
                    text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    yield number, not_utf8(raw, error)
                    continue
                if text.strip():
                    yield number, text
    except OSError as error:
        raise FilmImportError(
            f"Cannot read {path.name}: {error.strerror or error}."
        ) from None


def not_utf8(raw: bytes, error: UnicodeDecodeError) -> RejectedLine:
    """Why a line is not UTF-8, naming Latin-1 (or Windows-1252, its superset)
    when the bytes read as that: the usual cause, a file saved by an older tool."""
    byte = raw[error.start]
    try:
        raw.decode("cp1252")
        guess = "looks like Latin-1 or Windows-1252"
    except UnicodeDecodeError:
        guess = "an unknown encoding"
    return RejectedLine(
        f"not UTF-8 (byte 0x{byte:02X} at position {error.start + 1}; {guess}); "
        "save the file as UTF-8"
    )

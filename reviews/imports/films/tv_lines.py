"""Reading a series line's seasons and episodes, in TMDb's tv shape::

    "seasons": [{"season_number": 1, "name": "Season 1", "air_date": "2021-11-19",
                 "id": 200555, "overview": "…",
                 "episodes": [{"episode_number": 1, "name": "Episode 1",
                               "air_date": "2021-11-19", "runtime": 59, "id": 3,
                               "overview": "…", "guest_stars": [{…}], "crew": [{…}]}]}]

Season 0 is TMDb's specials. An episode's guest stars and crew become credits on
that episode (people as in the series' credits, `also_known_as` included); crew
jobs Heaven does not list are counted and skipped, as for films.
"""

import datetime
from dataclasses import dataclass, field

from reviews.imports.films.tmdb_lines import (
    JOB_ROLES,
    MAX_ID,
    MAX_ORDER,
    CreditRecord,
    FilmRecord,
    RejectedLine,
    _person,
    _positive_int,
    _string,
    one_line,
)
from reviews.models import Credit

MAX_SYNOPSIS = 5000


@dataclass
class EpisodeRecord:
    number: int
    title: str
    air_date: datetime.date | None
    runtime: int | None
    synopsis: str
    tmdb_id: int | None


@dataclass
class SeasonRecord:
    number: int
    title: str
    air_date: datetime.date | None
    synopsis: str
    tmdb_id: int | None
    episodes: list[EpisodeRecord] = field(default_factory=list)


def _number(data: dict, key: str, *, smallest: int) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise RejectedLine(f"no {key}")
    if not smallest <= value <= MAX_ORDER:
        raise RejectedLine(f"{key} {value} is out of range")
    return value


def _date(data: dict, key: str) -> datetime.date | None:
    raw = data.get(key) or ""
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError:
        raise RejectedLine(f"{key} is not YYYY-MM-DD: {raw!r}") from None


def _tmdb_id(data: dict) -> int | None:
    value = data.get("id")
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID:
        return value
    return None


def parse_seasons(data: dict, record: FilmRecord) -> None:
    """Fill ``record.seasons`` and add the episodes' credits and people to the
    record; raises RejectedLine, naming the season and episode, when one is bad."""
    seasons = data.get("seasons") or []
    if not isinstance(seasons, list):
        raise RejectedLine("seasons is not a list")
    numbers = set()
    for index, season_data in enumerate(seasons):
        where = f"seasons[{index}]"
        try:
            if not isinstance(season_data, dict):
                raise RejectedLine("not an object")
            season = _season(season_data, record)
        except RejectedLine as error:
            raise RejectedLine(f"{where}: {error}") from None
        if season.number in numbers:
            raise RejectedLine(f"{where}: season {season.number} twice")
        numbers.add(season.number)
        record.seasons.append(season)


def _season(data: dict, record: FilmRecord) -> SeasonRecord:
    season = SeasonRecord(
        number=_number(data, "season_number", smallest=0),
        title=_string(data, "name", limit=250),
        air_date=_date(data, "air_date"),
        synopsis=one_line(str(data.get("overview") or ""))[:MAX_SYNOPSIS],
        tmdb_id=_tmdb_id(data),
    )
    # TMDb names untitled seasons "Season 2" and "Specials": Heaven says that itself.
    if season.title in (f"Season {season.number}", "Specials"):
        season.title = ""
    episodes = data.get("episodes") or []
    if not isinstance(episodes, list):
        raise RejectedLine("episodes is not a list")
    numbers = set()
    for index, episode_data in enumerate(episodes):
        try:
            if not isinstance(episode_data, dict):
                raise RejectedLine("not an object")
            episode = _episode(episode_data, season.number, record)
        except RejectedLine as error:
            raise RejectedLine(f"episodes[{index}]: {error}") from None
        if episode.number in numbers:
            raise RejectedLine(f"episode {episode.number} twice")
        numbers.add(episode.number)
        season.episodes.append(episode)
    return season


def _episode(data: dict, season: int, record: FilmRecord) -> EpisodeRecord:
    number = _number(data, "episode_number", smallest=1)
    runtime = _positive_int({"runtime": data.get("runtime") or None}, "runtime")
    episode = EpisodeRecord(
        number=number,
        title=_string(data, "name", limit=250) or f"Episode {number}",
        air_date=_date(data, "air_date"),
        runtime=min(runtime, MAX_ORDER) if runtime else None,
        synopsis=one_line(str(data.get("overview") or ""))[:MAX_SYNOPSIS],
        tmdb_id=_tmdb_id(data),
    )
    seen = set()
    for group in ("guest_stars", "crew"):
        entries = data.get(group) or []
        if not isinstance(entries, list):
            raise RejectedLine(f"{group} is not a list")
        per_role: dict[str, int] = {}
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise RejectedLine(f"{group}[{index}] is not an object")
            try:
                person = _person(entry)
            except RejectedLine as error:
                raise RejectedLine(f"{group}[{index}]: {error}") from None
            if group == "guest_stars":
                role = Credit.Role.CAST
                character = _string(entry, "character", limit=200)
                order = entry.get("order")
                order = order if isinstance(order, int) and order >= 0 else index
            else:
                role = JOB_ROLES.get(str(entry.get("job", "")).strip().lower())
                if role is None:
                    record.skipped_jobs += 1
                    continue
                character, order = "", per_role.get(role, 0)
                per_role[role] = order + 1
            key = (person.tmdb_id, role, character)
            if key in seen:
                continue
            seen.add(key)
            record.people.setdefault(person.tmdb_id, person)
            record.credits.append(
                CreditRecord(
                    person.tmdb_id,
                    role,
                    character,
                    min(order, MAX_ORDER),
                    season=season,
                    episode=number,
                )
            )
    return episode

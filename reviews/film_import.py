"""Load films, people (with aliases) and credits in bulk: `import_films FILE.jsonl`.

One film per line, in the shape TMDb's API and exports use::

    {"id": 1090265, "title": "Ballerina", "original_title": "발레리나",
     "release_date": "2023-10-06", "runtime": 94, "imdb_id": "tt…",
     "credits": {"cast": [{"id": 2066416, "name": "Jun Jong-seo",
                           "character": "Ok-ju", "order": 0,
                           "also_known_as": ["Jeon Jong-seo", "전종서"]}],
                 "crew": [{"id": 1, "name": "Lee Chung-hyun", "job": "Director"}]}}

The file is read line by line and written in batches (``bulk_create`` /
``bulk_update``), so memory depends on the batch size, not on the file. Films and
people are matched on their external ids first (TMDb, then IMDb), then on their
folded name (plus the year, for films) among rows that have no TMDb id yet, i.e.
those typed in by hand. Running the same file again changes nothing; a changed line
updates only the fields that changed. Credits are only ever added or re-ordered,
never deleted: an editor's own credits survive a re-import.
"""

import datetime
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone

from heaven import page_cache
from heaven.slugs import base_slug
from people.models import Person, PersonAlias
from people.search import fold_name as fold
from reviews.models import Credit, Film
from reviews.rejected_lines import RejectedLines

BATCH_SIZE = 500
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


# --- Reading lines ------------------------------------------------------------------


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


def _string(data: dict, key: str, *, limit: int) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RejectedLine(f"{key} is not text")
    return " ".join(value.split())[:limit]


def _positive_int(data: dict, key: str, *, required: bool = False) -> int | None:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise RejectedLine(f"no {key}")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RejectedLine(f"{key} is not a positive whole number: {value!r}")
    return value


def parse_line(text: str, *, line: int) -> FilmRecord:
    """One JSON line as a FilmRecord; raises RejectedLine with the reason."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RejectedLine(f"not JSON ({error.msg})") from None
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
        aliases=[" ".join(a.split())[:200] for a in aliases if isinstance(a, str)],
    )


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) for each non-blank line, read one at a time."""
    try:
        with path.open("rb") as source:
            for number, raw in enumerate(source, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError:
                    yield number, "\ufffd"  # reported as not JSON
                    continue
                if text.strip():
                    yield number, text
    except OSError as error:
        raise FilmImportError(
            f"Cannot read {path.name}: {error.strerror or error}."
        ) from None


# --- The summary --------------------------------------------------------------------


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self, kind: str) -> str:
        return (
            f"{kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


@dataclass
class Summary(RejectedLines):
    films: Tally = field(default_factory=Tally)
    people: Tally = field(default_factory=Tally)
    aliases: Tally = field(default_factory=Tally)
    credits: Tally = field(default_factory=Tally)
    lines_read: int = 0
    skipped_jobs: int = 0
    unreadable: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(
            t.created or t.updated
            for t in (self.films, self.people, self.aliases, self.credits)
        )

    @property
    def rows_written(self) -> int:
        return sum(
            t.created + t.updated
            for t in (self.films, self.people, self.aliases, self.credits)
        )

    def lines(self) -> list[str]:
        lines = [
            self.films.line("films"),
            self.people.line("people"),
            self.aliases.line("aliases"),
            self.credits.line("credits"),
        ]
        if self.skipped_jobs:
            lines.append(
                f"crew credits skipped: {self.skipped_jobs} (jobs Heaven does not list)"
            )
        if self.rejected_count:
            lines.append(f"lines rejected: {self.rejected_count}")
            lines += [f"  line {n}: {why}" for n, why in self.rejected]
            if self.rejected_count > len(self.rejected):
                lines.append(f"  … and {self.rejected_count - len(self.rejected)} more")
        return lines


# --- Writing ------------------------------------------------------------------------


class SlugAllocator:
    """Free slugs for many new rows at once: one query per batch, plus one per base
    that is already taken."""

    def __init__(self, *querysets: models.QuerySet, fallback: str):
        self.querysets = querysets
        self.fallback = fallback

    def allocate(self, texts: list[str]) -> list[str]:
        bases = [base_slug(text, fallback=self.fallback) for text in texts]
        taken = set()
        for queryset in self.querysets:
            taken |= set(
                queryset.filter(slug__in=set(bases)).values_list("slug", flat=True)
            )
        used, slugs = set(), []
        for base in bases:
            candidate = base
            if candidate in taken or candidate in used:
                numbered = set()
                for queryset in self.querysets:
                    numbered |= set(
                        queryset.filter(slug__startswith=base + "-").values_list(
                            "slug", flat=True
                        )
                    )
                number = 2
                while (candidate := f"{base}-{number}") in numbered | used:
                    number += 1
            used.add(candidate)
            slugs.append(candidate)
        return slugs


def _is_native_script(name: str) -> bool:
    return any(
        c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in name
    )


class _Importer:
    def __init__(self, summary: Summary):
        self.summary = summary
        self.now = timezone.now()
        self.film_slugs = SlugAllocator(Film.objects.all(), fallback="film")
        self.person_slugs = SlugAllocator(
            Person.objects.all(), PersonAlias.objects.all(), fallback="person"
        )
        # Rows typed in by hand (no TMDb id) can be matched by name; rows with a
        # TMDb id are matched by it, so these indexes do not grow with the file.
        self.films_by_name: dict[tuple[str, int | None], set[int]] = defaultdict(set)
        for pk, title, original, year in Film.objects.filter(
            tmdb_id__isnull=True
        ).values_list("pk", "title", "original_title", "year"):
            for text in {title, original} - {""}:
                self.films_by_name[(fold(text), year)].add(pk)
        self.people_by_name: dict[str, set[int]] = defaultdict(set)
        for pk, name in Person.objects.filter(tmdb_id__isnull=True).values_list(
            "pk", "name"
        ):
            self.people_by_name[fold(name)].add(pk)
        for pk, name in PersonAlias.objects.filter(
            person__tmdb_id__isnull=True
        ).values_list("person_id", "name"):
            self.people_by_name[fold(name)].add(pk)

    # films

    def write_batch(self, records: list[FilmRecord]) -> None:
        films = self._films(records)
        people = self._people(records)
        self._credits(records, films, people)

    def _films(self, records: list[FilmRecord]) -> dict[int, Film]:
        """Film for each record's line; rejects lines whose ids contradict."""
        by_tmdb = {
            (f.tmdb_id, f.kind): f
            for f in Film.objects.filter(tmdb_id__in=[r.tmdb_id for r in records])
        }
        imdb_ids = [r.imdb_id for r in records if r.imdb_id]
        by_imdb = {f.imdb_id: f for f in Film.objects.filter(imdb_id__in=imdb_ids)}
        name_ids = {}
        for record in records:
            if (record.tmdb_id, record.kind) in by_tmdb or record.imdb_id in by_imdb:
                continue
            candidates = set()
            for text in {record.title, record.original_title} - {""}:
                candidates |= self.films_by_name.get((fold(text), record.year), set())
            if len(candidates) == 1:
                name_ids[record.line] = candidates.pop()
        by_pk = Film.objects.in_bulk(set(name_ids.values()))

        result, new, changed, claimed, imdb_lines = {}, [], {}, set(), {}
        for record in list(records):
            if record.imdb_id in imdb_lines:
                line = imdb_lines[record.imdb_id]
                self._reject(records, record, f"the same IMDb id as line {line}")
                continue
            if record.imdb_id:
                imdb_lines[record.imdb_id] = record.line
            film = by_tmdb.get((record.tmdb_id, record.kind))
            other = by_imdb.get(record.imdb_id) if record.imdb_id else None
            if film is None and other is not None:
                if other.tmdb_id not in (None, record.tmdb_id):
                    self._reject(
                        records,
                        record,
                        f"IMDb id {record.imdb_id} belongs to another film ({other})",
                    )
                    continue
                film = other
            elif film is not None and other is not None and other.pk != film.pk:
                self._reject(
                    records,
                    record,
                    f"IMDb id {record.imdb_id} belongs to another film ({other})",
                )
                continue
            by_name = film is None and record.line in name_ids
            if by_name:
                film = by_pk.get(name_ids[record.line])
            if film is not None and film.pk in claimed:
                self._reject(records, record, f"the same film as another line ({film})")
                continue
            if by_name:
                self._forget_film(film.pk)
            if film is None:
                film = Film(
                    tmdb_id=record.tmdb_id,
                    kind=record.kind,
                    title=record.title,
                    original_title=record.original_title,
                    release_date=record.release_date,
                    year=record.year,
                    runtime_minutes=record.runtime,
                    imdb_id=record.imdb_id,
                )
                new.append(film)
            else:
                fields = self._film_changes(film, record)
                if fields:
                    changed[film.pk] = (film, fields)
                else:
                    self.summary.films.unchanged += 1
            result[record.line] = film
            claimed.add(film.pk)

        labels = [f"{f.title} {f.year}" if f.year else f.title for f in new]
        for film, slug in zip(new, self.film_slugs.allocate(labels), strict=True):
            film.slug = slug
            film.created_at = film.updated_at = self.now
        Film.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.summary.films.created += len(new)
        self._bulk_update(Film, changed, self.summary.films)
        return result

    def _forget_film(self, pk: int) -> None:
        """A film matched by name gets its TMDb id: from now on it is matched by id."""
        for key in [k for k, pks in self.films_by_name.items() if pk in pks]:
            self.films_by_name[key].discard(pk)
            if not self.films_by_name[key]:
                del self.films_by_name[key]

    def _film_changes(self, film: Film, record: FilmRecord) -> set[str]:
        wanted = {
            "tmdb_id": record.tmdb_id,
            "kind": record.kind,
            "title": record.title,
            "original_title": record.original_title,
            "release_date": record.release_date,
            "year": record.year,
            "runtime_minutes": record.runtime,
            "imdb_id": record.imdb_id,
        }
        fields = set()
        for name, value in wanted.items():
            # The file fills and corrects facts; it never empties one.
            if value not in (None, "") and getattr(film, name) != value:
                setattr(film, name, value)
                fields.add(name)
        return fields

    def _bulk_update(self, model, changed: dict, tally: Tally) -> None:
        if not changed:
            return
        fields = set().union(*(f for _, f in changed.values()))
        objects = [obj for obj, _ in changed.values()]
        if any(f.name == "updated_at" for f in model._meta.fields):
            fields.add("updated_at")
            for obj in objects:
                obj.updated_at = self.now
        model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH_SIZE)
        tally.updated += len(objects)

    def _reject(self, records: list[FilmRecord], record: FilmRecord, reason: str):
        self.summary.reject(record.line, reason)
        records.remove(record)

    # people

    def _people(self, records: list[FilmRecord]) -> dict[int, Person]:
        wanted: dict[int, PersonRecord] = {}
        for record in records:
            for tmdb_id, person in record.people.items():
                if tmdb_id in wanted:
                    wanted[tmdb_id].aliases += person.aliases
                else:
                    wanted[tmdb_id] = PersonRecord(
                        tmdb_id, person.name, person.imdb_id, list(person.aliases)
                    )
        found = {p.tmdb_id: p for p in Person.objects.filter(tmdb_id__in=list(wanted))}
        imdb_ids = {p.imdb_id for p in wanted.values() if p.imdb_id}
        by_imdb = {p.imdb_id: p for p in Person.objects.filter(imdb_id__in=imdb_ids)}
        by_name: dict[int, int] = {}
        for tmdb_id, person in wanted.items():
            if tmdb_id in found:
                continue
            match = by_imdb.get(person.imdb_id) if person.imdb_id else None
            if match is not None and match.tmdb_id is None:
                found[tmdb_id] = match
                continue
            candidates = self.people_by_name.get(fold(person.name), set())
            if len(candidates) == 1:
                by_name[tmdb_id] = next(iter(candidates))
        named = Person.objects.in_bulk(set(by_name.values()))
        changed, new, claimed = {}, [], set()
        taken_imdb = set(by_imdb)  # an IMDb id goes to one person only
        for tmdb_id, record in wanted.items():
            person = found.get(tmdb_id) or named.get(by_name.get(tmdb_id))
            if person is not None and person.pk in claimed:
                person = None  # two TMDb people fold to one name: keep both
            if person is None:
                imdb_id = record.imdb_id if record.imdb_id not in taken_imdb else ""
                taken_imdb.add(imdb_id)
                person = Person(
                    name=record.name,
                    # bulk_create skips save(), which fills the folded name search uses
                    search_name=fold(record.name),
                    sort_name=record.name,
                    tmdb_id=tmdb_id,
                    imdb_id=imdb_id,
                    created_at=self.now,
                    updated_at=self.now,
                )
                new.append(person)
            else:
                claimed.add(person.pk)
                fields = set()
                if person.tmdb_id != tmdb_id:
                    person.tmdb_id = tmdb_id
                    fields.add("tmdb_id")
                    self._forget_person(person.pk)
                if (
                    record.imdb_id
                    and not person.imdb_id
                    and record.imdb_id not in taken_imdb
                ):
                    person.imdb_id = record.imdb_id
                    taken_imdb.add(record.imdb_id)
                    fields.add("imdb_id")
                if fields:
                    changed[person.pk] = (person, fields)
                else:
                    self.summary.people.unchanged += 1
            found[tmdb_id] = person
        for person, slug in zip(
            new, self.person_slugs.allocate([p.name for p in new]), strict=True
        ):
            person.slug = slug
        Person.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.summary.people.created += len(new)
        self._bulk_update(Person, changed, self.summary.people)
        self._aliases(wanted, found)
        return found

    def _forget_person(self, pk: int) -> None:
        for key in [k for k, pks in self.people_by_name.items() if pk in pks]:
            self.people_by_name[key].discard(pk)
            if not self.people_by_name[key]:
                del self.people_by_name[key]

    def _aliases(self, wanted: dict[int, PersonRecord], people: dict[int, Person]):
        """TMDb's also_known_as, and the TMDb name when the site credits the person
        under another, become aliases; existing ones are left alone."""
        pks = [p.pk for p in people.values()]
        have: dict[int, set[str]] = defaultdict(set)
        for person in people.values():
            have[person.pk].add(fold(person.name))
        for person_id, name in PersonAlias.objects.filter(
            person_id__in=pks
        ).values_list("person_id", "name"):
            have[person_id].add(fold(name))
        new, counted = [], set()
        for tmdb_id, record in wanted.items():
            person = people[tmdb_id]
            for name in [record.name, *record.aliases]:
                key = fold(name)
                if not key or not name:
                    continue
                if key in have[person.pk]:
                    if name != record.name and (person.pk, key) not in counted:
                        counted.add((person.pk, key))
                        self.summary.aliases.unchanged += 1
                    continue
                have[person.pk].add(key)
                native = _is_native_script(name)
                new.append(
                    PersonAlias(
                        person=person,
                        name=name,
                        search_name=fold(name),
                        kind=PersonAlias.Kind.NATIVE
                        if native
                        else PersonAlias.Kind.ROMANIZATION,
                        note="as listed on TMDb",
                    )
                )
        for alias, slug in zip(
            new, self.person_slugs.allocate([a.name for a in new]), strict=True
        ):
            alias.slug = slug
        PersonAlias.objects.bulk_create(new, batch_size=BATCH_SIZE)
        self.summary.aliases.created += len(new)

    # credits

    def _credits(self, records, films: dict[int, Film], people: dict[int, Person]):
        film_ids = [films[r.line].pk for r in records]
        existing = {
            (film_id, person_id, role, character): (pk, order)
            for pk, film_id, person_id, role, character, order in Credit.objects.filter(
                film_id__in=film_ids
            ).values_list(
                "pk", "film_id", "person_id", "role", "character", "billing_order"
            )
        }
        new, reorder = [], []
        for record in records:
            film = films[record.line]
            for credit in record.credits:
                person = people[credit.person_tmdb_id]
                key = (film.pk, person.pk, credit.role, credit.character)
                if key in existing:
                    pk, order = existing[key]
                    if order == credit.order:
                        self.summary.credits.unchanged += 1
                    else:
                        reorder.append(Credit(pk=pk, billing_order=credit.order))
                    continue
                existing[key] = (None, credit.order)
                new.append(
                    Credit(
                        film=film,
                        person=person,
                        role=credit.role,
                        character=credit.character,
                        billing_order=credit.order,
                    )
                )
        Credit.objects.bulk_create(new, batch_size=BATCH_SIZE)
        Credit.objects.bulk_update(reorder, ["billing_order"], batch_size=BATCH_SIZE)
        self.summary.credits.created += len(new)
        self.summary.credits.updated += len(reorder)


def import_films(
    *,
    path: Path,
    dry_run: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Import a JSON Lines file of films in one transaction (rolled back on --dry-run).
    Bad lines are reported with their numbers; the others are imported."""
    summary = Summary(dry_run=dry_run)
    with _without_statement_cache(), transaction.atomic():
        importer = _Importer(summary)
        for batch in _batches(read_lines(path), batch_size, summary):
            try:
                importer.write_batch(batch)
            except DatabaseError as error:
                lines = f"lines {batch[0].line}–{batch[-1].line}"
                raise FilmImportError(
                    f"The database refused {lines}, nothing was imported: "
                    + " ".join(str(error).split())
                ) from None
            if progress:
                progress(summary.lines_read)
        if summary.lines_read and summary.unreadable == summary.lines_read:
            first_line, reason = summary.rejected[0]
            raise FilmImportError(
                f"No line of {path.name} is a film in TMDb's shape "
                f"(line {first_line}: {reason})."
            )
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        # Bulk writes send no signals; the pages showing these films must go.
        page_cache.retire_all()
    return summary


@contextmanager
def _without_statement_cache() -> Iterator[None]:
    """On SQLite, run on a connection that keeps no prepared statements.

    Python's sqlite3 keeps the last 128 statements of a connection prepared. Bulk
    writes make a new statement shape in every batch (IN lists and INSERT tails of
    varying length), each holding a few hundred kilobytes, so the cache alone grew
    the import by 40 MB between 1,000 and 20,000 films. Re-preparing costs
    microseconds. Inside a caller's transaction (tests, the shell) the connection
    cannot be swapped, and is left alone.
    """
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    options = connection.settings_dict.setdefault("OPTIONS", {})
    had, before = "cached_statements" in options, options.get("cached_statements")
    connection.close()
    options["cached_statements"] = 0
    try:
        yield
    finally:
        connection.close()
        if had:
            options["cached_statements"] = before
        else:
            del options["cached_statements"]


def _batches(
    lines: Iterable[tuple[int, str]], size: int, summary: Summary
) -> Iterator[list[FilmRecord]]:
    batch: list[FilmRecord] = []
    ids: dict[tuple[int, str], int] = {}
    for number, text in lines:
        summary.lines_read += 1
        try:
            record = parse_line(text, line=number)
        except RejectedLine as error:
            summary.reject(number, str(error))
            summary.unreadable += 1
            continue
        key = (record.tmdb_id, record.kind)
        if key in ids:
            summary.reject(number, f"the same TMDb id as line {ids[key]}")
            continue
        ids[key] = number
        summary.skipped_jobs += record.skipped_jobs
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch, ids = [], {}
    if batch:
        yield batch

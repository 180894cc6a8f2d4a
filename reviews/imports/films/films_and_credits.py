"""Writing the file's films and their credits in bulk.

A film is matched on its TMDb id (with its kind: a film and a series may share an
id), then on its IMDb id, then on its folded title or original title plus the year
among the films with no TMDb id yet, i.e. those typed in by hand. A matched film
takes the file's facts: the file fills and corrects them, never empties one. Lines
whose ids contradict (an IMDb id of another film, two lines for one film) are
rejected.

Credits are only ever added or re-ordered, never deleted: an editor's own credits
survive a re-import.
"""

import datetime
from collections import defaultdict

from heaven.folding import fold_name as fold
from people.models import Person
from reviews.imports.films.bulk_writes import (
    BATCH_SIZE,
    SlugAllocator,
    update_changed,
)
from reviews.imports.films.summary import Summary
from reviews.imports.films.tmdb_lines import FilmRecord
from reviews.models import Credit, Film


class FilmWriter:
    """Finds or creates the film of each line of a batch."""

    def __init__(self, summary: Summary, *, now: datetime.datetime):
        self.summary = summary
        self.now = now
        self.film_slugs = SlugAllocator(Film.objects.all(), fallback="film")
        # Films typed in by hand (no TMDb id) can be matched by name; films with a
        # TMDb id are matched by it, so this index does not grow with the file.
        self.films_by_name: dict[tuple[str, int | None], set[int]] = defaultdict(set)
        for pk, title, original, year in Film.objects.filter(
            tmdb_id__isnull=True
        ).values_list("pk", "title", "original_title", "year"):
            for text in {title, original} - {""}:
                self.films_by_name[(fold(text), year)].add(pk)

    def write(self, records: list[FilmRecord]) -> dict[int, Film]:
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
        update_changed(Film, changed, self.summary.films, now=self.now)
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

    def _reject(self, records: list[FilmRecord], record: FilmRecord, reason: str):
        self.summary.reject(record.line, reason)
        records.remove(record)


def write_credits(
    records: list[FilmRecord],
    films: dict[int, Film],
    people: dict[int, Person],
    summary: Summary,
    episodes: dict | None = None,
) -> None:
    """Add the records' credits that are missing, and re-order those whose billing
    order changed. A guest star's or episode crew's credit names its episode
    (from `seasons.write_seasons`: (series pk, season, episode) → Episode)."""
    episodes = episodes or {}
    film_ids = [films[r.line].pk for r in records]
    existing = {
        (film_id, episode_id, person_id, role, character): (pk, order)
        for pk, film_id, episode_id, person_id, role, character, order in (
            Credit.objects.filter(film_id__in=film_ids, season__isnull=True)
            | Credit.objects.filter(film_id__in=film_ids, episode__isnull=False)
        ).values_list(
            "pk",
            "film_id",
            "episode_id",
            "person_id",
            "role",
            "character",
            "billing_order",
        )
    }
    new, reorder = [], []
    for record in records:
        film = films[record.line]
        for credit in record.credits:
            person = people[credit.person_tmdb_id]
            episode = None
            if credit.episode is not None:
                episode = episodes[(film.pk, credit.season, credit.episode)]
            key = (
                film.pk,
                episode.pk if episode else None,
                person.pk,
                credit.role,
                credit.character,
            )
            if key in existing:
                pk, order = existing[key]
                if order == credit.order:
                    summary.credits.unchanged += 1
                else:
                    reorder.append(Credit(pk=pk, billing_order=credit.order))
                continue
            existing[key] = (None, credit.order)
            new.append(
                Credit(
                    film=film,
                    season_id=episode.season_id if episode else None,
                    episode=episode,
                    person=person,
                    role=credit.role,
                    character=credit.character,
                    billing_order=credit.order,
                )
            )
    Credit.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Credit.objects.bulk_update(reorder, ["billing_order"], batch_size=BATCH_SIZE)
    summary.credits.created += len(new)
    summary.credits.updated += len(reorder)

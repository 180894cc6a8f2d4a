"""Running a film import: the file read line by line and written in batches, all in
one transaction.

Memory depends on the batch size, not on the file. Each batch is written films
first (where a line may still be rejected), then a series' seasons and episodes,
then the people credited on the lines left, then the credits (a guest star's on
their episode). Running the same file again changes nothing; a changed line
updates only the fields that changed.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from heaven import page_cache
from reviews.imports.films.bulk_writes import BATCH_SIZE
from reviews.imports.films.films_and_credits import FilmWriter, write_credits
from reviews.imports.films.people import PeopleWriter
from reviews.imports.films.seasons import write_seasons
from reviews.imports.films.summary import Summary
from reviews.imports.films.tmdb_lines import (
    FilmImportError,
    FilmRecord,
    RejectedLine,
    parse_line,
    read_lines,
)
from reviews.imports.films.tv_lines import parse_seasons


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
        now = timezone.now()
        film_writer = FilmWriter(summary, now=now)
        people_writer = PeopleWriter(summary, now=now)
        for batch in _batches(read_lines(path), batch_size, summary):
            try:
                # Films first: a line rejected there brings no people and no credits.
                films = film_writer.write(batch)
                _seasons, episodes = write_seasons(batch, films, summary)
                people = people_writer.write(batch)
                write_credits(batch, films, people, summary, episodes)
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
            if isinstance(text, RejectedLine):
                raise text
            record = parse_line(text, line=number, series_parts=parse_seasons)
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

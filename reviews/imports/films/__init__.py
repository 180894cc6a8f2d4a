"""Load films, people (with aliases) and credits in bulk: `import_films FILE.jsonl`.

The file is JSON Lines in the shape TMDb's API and exports use, one film a line. It
is read line by line and written in batches (``bulk_create`` / ``bulk_update``), so
memory depends on the batch size, not on the file. Films and people are matched on
their external ids first (TMDb, then IMDb), then on their folded name (plus the
year, for films) among rows that have no TMDb id yet, i.e. those typed in by hand.
Running the same file again changes nothing; a changed line updates only the fields
that changed. Credits are only ever added or re-ordered, never deleted: an editor's
own credits survive a re-import.

Where each part lives:

- ``tmdb_lines``: reading the file, a line at a time, and the reasons a line is
  rejected;
- ``films_and_credits``: matching and writing films, and their credits;
- ``people``: matching and merging people, and their aliases;
- ``bulk_writes``: the batch size, slugs for many new rows, bulk updates;
- ``run``: the import itself, its transaction and its batches;
- ``summary``: what the import reports.
"""

# `fold` is how the import compares names; tests fold names the same way.
from heaven.folding import fold_name as fold
from reviews.imports.films.bulk_writes import BATCH_SIZE
from reviews.imports.films.run import import_films
from reviews.imports.films.summary import Summary
from reviews.imports.films.tmdb_lines import FilmImportError

__all__ = [
    "BATCH_SIZE",
    "FilmImportError",
    "Summary",
    "fold",
    "import_films",
]

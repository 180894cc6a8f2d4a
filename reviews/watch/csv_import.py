"""Load where-to-watch options from a CSV file: `import_watch_options FILE.csv`.

Columns (a header row names them; order does not matter)::

    film,provider,region,kind,available_from,available_until,link,note

- film: the film's slug, its IMDb id (tt1234567) or its TMDb id (digits).
- provider: the provider's slug or name; an unknown provider rejects the row (add it
  in the admin first).
- region: an ISO 3166 alpha-2 code such as US or KR; empty or "worldwide" means
  worldwide.
- kind: one of WatchOption.Kind's values (subscription, free, rent, buy, cinema,
  physical).
- available_from, available_until: YYYY-MM-DD or empty. available_until is the day it
  leaves, as in the admin.

An option is matched on film, provider, region, kind and available_from; a matching
row updates its until date, link and note, any other row creates an option. Every
row is checked before anything is written: a rejected row is reported with its line
number and reason, and then nothing is written unless `skip_invalid` is given.
Importing the same file again changes nothing.
"""

import csv
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q

from heaven.text import clean_text
from reviews.imports.rejected_lines import RejectedLines
from reviews.models import Film, Provider, WatchOption
from reviews.watch.regions import ISO_3166_ALPHA2, WORLDWIDE
from reviews.watch.windows import describe, overlap

COLUMNS = (
    "film",
    "provider",
    "region",
    "kind",
    "available_from",
    "available_until",
    "link",
    "note",
)
REQUIRED_COLUMNS = ("film", "provider", "kind")
IMDB_TITLE = re.compile(r"^tt\d{7,9}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Bytes that were not UTF-8, as `errors="surrogateescape"` keeps them.
SURROGATE = re.compile("[\udc80-\udcff]")
# TMDb ids are PositiveIntegerFields.
MAX_ID = 2**31 - 1


class WatchImportError(Exception):
    """The file cannot be imported at all; the message is one line."""


class RejectedRow(ValueError):
    pass


def parse_region(value: str) -> str:
    """'' for worldwide, else the upper-case ISO 3166 alpha-2 code; raises
    ValueError for anything else."""
    value = value.strip()
    if not value or value.lower() == WORLDWIDE:
        return ""
    code = value.upper()
    if code not in ISO_3166_ALPHA2:
        raise ValueError(f"unknown region code {value!r} (use ISO 3166 alpha-2)")
    return code


@dataclass
class Summary(RejectedLines):
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows_read: int = 0
    dry_run: bool = False
    written: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        lines = [
            f"options: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        ]
        if self.rejected_count:
            lines.append(f"rows rejected: {self.rejected_count}")
            lines += [f"  line {n}: {why}" for n, why in self.rejected]
            if self.rejected_count > len(self.rejected):
                lines.append(f"  … and {self.rejected_count - len(self.rejected)} more")
        return lines


@dataclass
class _Row:
    line: int
    film: str
    provider: str
    region: str
    kind: str
    available_from: str
    available_until: str
    link: str
    note: str
    # Why the row cannot be used as read (bytes that are not UTF-8), or "".
    unreadable: str = ""


def read_rows(path: Path) -> Iterator[_Row]:
    """The file's data rows, numbered by the line each starts on (the header is
    line 1)."""
    try:
        # A line in another encoding is reported by its number (`_unreadable`)
        # rather than stopping the file: its bytes come through as surrogates.
        handle = path.open(newline="", encoding="utf-8-sig", errors="surrogateescape")
    except OSError as error:
        raise WatchImportError(f"Cannot read {path.name}: {error.strerror}.") from None
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = reader.fieldnames or []
        except (UnicodeDecodeError, csv.Error) as error:
            raise WatchImportError(
                f"{path.name} is not a UTF-8 CSV file ({error})."
            ) from None
        header = [name.strip().lower() for name in header]
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            raise WatchImportError(
                f"{path.name} has no {', '.join(missing)} column; the header must name "
                f"{', '.join(COLUMNS)}."
            )
        reader.fieldnames = header
        start = reader.line_num + 1
        while True:
            try:
                data = next(reader)
            except StopIteration:
                return
            except (UnicodeDecodeError, csv.Error) as error:
                raise WatchImportError(
                    f"{path.name} cannot be read as UTF-8 CSV after line "
                    f"{reader.line_num} ({error})."
                ) from None
            line, start = start, reader.line_num + 1
            if not any((value or "").strip() for value in data.values()):
                continue
            values = {name: (data.get(name) or "").strip() for name in COLUMNS}
            unreadable = _unreadable(" ".join(values.values()))
            # The text rule: the row's values are looked up and stored as they are.
            values = {k: clean_text(v, multiline=False) for k, v in values.items()}
            yield _Row(line=line, unreadable=unreadable, **values)


def _unreadable(text: str) -> str:
    """Why a row read with surrogateescape is not UTF-8, naming Latin-1 (or
    Windows-1252) when its bytes read as that; "" when it is UTF-8."""
    if not SURROGATE.search(text):
        return ""
    raw = text.encode("utf-8", "surrogateescape")
    try:
        raw.decode("cp1252")
        guess = "looks like Latin-1 or Windows-1252"
    except UnicodeDecodeError:
        guess = "an unknown encoding"
    return f"not UTF-8 ({guess}); save the file as UTF-8"


class _Lookups:
    """Films and providers named by the file, fetched in a handful of queries."""

    def __init__(self, rows: list[_Row]):
        keys = {row.film for row in rows}
        # isdigit() is true for "²" too, and a TMDb id fits a PositiveIntegerField.
        numbers = {k for k in keys if k.isascii() and k.isdigit()}
        slugs = {k for k in keys - numbers if not IMDB_TITLE.match(k)}
        imdb_ids = {k for k in keys if IMDB_TITLE.match(k)}
        tmdb_ids = {int(k) for k in numbers if len(k) <= 10 and int(k) <= MAX_ID}
        films = Film.objects.filter(
            Q(slug__in=slugs) | Q(imdb_id__in=imdb_ids) | Q(tmdb_id__in=tmdb_ids)
        ).only("pk", "slug", "imdb_id", "tmdb_id", "title", "year")
        self.films: dict[str, list[Film]] = {}
        for film in films:
            for key in (film.slug, film.imdb_id, str(film.tmdb_id or "")):
                if key in keys:
                    self.films.setdefault(key, []).append(film)
        self.providers: dict[str, Provider] = {}
        for provider in Provider.objects.all():
            self.providers.setdefault(provider.slug, provider)
            self.providers.setdefault(provider.name.casefold(), provider)
        self.options: dict[tuple, WatchOption] = {}
        film_ids = {f.pk for found in self.films.values() for f in found}
        for option in WatchOption.objects.filter(film__in=film_ids):
            self.options[_key(option)] = option

    def film(self, key: str) -> Film:
        if not key:
            raise RejectedRow("no film")
        found = self.films.get(key, [])
        if not found:
            raise RejectedRow(f"no film with slug, IMDb id or TMDb id {key!r}")
        if len(found) > 1:
            raise RejectedRow(f"{key!r} names more than one film; use the slug")
        return found[0]

    def provider(self, key: str) -> Provider:
        if not key:
            raise RejectedRow("no provider")
        provider = self.providers.get(key) or self.providers.get(key.casefold())
        if provider is None:
            raise RejectedRow(f"unknown provider {key!r}; add it in the admin first")
        return provider


def _key(option: WatchOption) -> tuple:
    return (
        option.film_id,
        option.provider_id,
        option.region,
        option.kind,
        option.available_from,
    )


def _date(value: str, column: str) -> datetime.date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RejectedRow(f"{column} is not a date (YYYY-MM-DD): {value!r}") from None


def _overlaps(a: WatchOption, b: WatchOption) -> bool:
    return overlap(
        a.available_from, a.available_until, b.available_from, b.available_until
    )


def _window(option: WatchOption) -> str:
    return describe(option.available_from, option.available_until)


def _option(row: _Row, lookups: _Lookups) -> tuple[WatchOption, bool]:
    """The option a row describes (unsaved changes on the matching option, or a new
    one) and whether it differs from what is saved; raises RejectedRow."""
    if row.unreadable:
        raise RejectedRow(row.unreadable)
    film = lookups.film(row.film)
    provider = lookups.provider(row.provider)
    try:
        region = parse_region(row.region)
    except ValueError as error:
        raise RejectedRow(str(error)) from None
    kind = row.kind.lower()
    if kind not in WatchOption.Kind.values:
        raise RejectedRow(
            f"unknown kind {row.kind!r} (one of {', '.join(WatchOption.Kind.values)})"
        )
    available_from = _date(row.available_from, "available_from")
    available_until = _date(row.available_until, "available_until")
    if available_from and available_until and available_until <= available_from:
        raise RejectedRow("available_until must be after available_from")
    if row.link:
        try:
            URLValidator(schemes=["http", "https"])(row.link)
        except ValidationError:
            raise RejectedRow(f"link is not a web address: {row.link!r}") from None
    key = (film.pk, provider.pk, region, kind, available_from)
    option = lookups.options.get(key)
    fields = {
        "available_until": available_until,
        "link": row.link,
        "note": row.note,
    }
    if option is None:
        option = WatchOption(
            film=film,
            provider=provider,
            region=region,
            kind=kind,
            available_from=available_from,
            **fields,
        )
        changed = True
    else:
        changed = any(getattr(option, k) != v for k, v in fields.items())
        for name, value in fields.items():
            setattr(option, name, value)
    # Overlaps are checked against the whole file and the saved options together,
    # by _without_overlaps, once every row is read.
    option.check_saved_overlaps = False
    try:
        option.full_clean(
            exclude=["film", "provider"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        reasons = [
            f"{name}: {' '.join(messages)}" if name != "__all__" else " ".join(messages)
            for name, messages in error.message_dict.items()
        ]
        raise RejectedRow("; ".join(reasons)) from None
    return option, changed


def import_watch_options(
    *, path: Path, dry_run: bool = False, skip_invalid: bool = False
) -> Summary:
    """Create or update the options `path` lists, in one transaction. Writes nothing
    when `dry_run`, or when any row is rejected and not `skip_invalid`."""
    summary = Summary(dry_run=dry_run)
    rows = list(read_rows(path))
    summary.rows_read = len(rows)
    with transaction.atomic():
        lookups = _Lookups(rows)
        accepted: list[tuple[_Row, WatchOption, bool]] = []
        seen: dict[tuple, int] = {}
        for row in rows:
            try:
                option, changed = _option(row, lookups)
                key = _key(option)
                if key in seen:
                    raise RejectedRow(f"the same option as line {seen[key]}")
            except RejectedRow as error:
                summary.reject(row.line, str(error))
                continue
            seen[key] = row.line
            accepted.append((row, option, changed))
        accepted = _without_overlaps(accepted, lookups, summary)
        summary.rejected.sort()
        for _row, option, changed in accepted:
            if not changed:
                summary.unchanged += 1
            elif option.pk is None:
                summary.created += 1
            else:
                summary.updated += 1
        if dry_run or (summary.rejected_count and not skip_invalid):
            return summary
        for _row, option, changed in accepted:
            if changed:
                option.save()
        summary.written = summary.changed
    return summary


def _without_overlaps(
    accepted: list[tuple[_Row, WatchOption, bool]],
    lookups: _Lookups,
    summary: Summary,
) -> list[tuple[_Row, WatchOption, bool]]:
    """Reject rows whose window overlaps another window for the same film, provider,
    region and kind, saved or in the file."""
    final: dict[tuple, tuple[int | None, WatchOption]] = {
        key: (None, option) for key, option in lookups.options.items()
    }
    for row, option, _changed in accepted:
        final[_key(option)] = (row.line, option)
    groups: dict[tuple, list[tuple[int | None, WatchOption]]] = {}
    for key, entry in final.items():
        groups.setdefault(key[:4], []).append(entry)
    kept = []
    for row, option, changed in accepted:
        key = _key(option)
        clash = next(
            (
                (line, other)
                for line, other in groups[key[:4]]
                if _key(other) != key and _overlaps(option, other)
            ),
            None,
        )
        if clash is None:
            kept.append((row, option, changed))
            continue
        line, other = clash
        where = f"line {line}" if line else "an option already saved"
        summary.reject(
            row.line,
            f"its window overlaps {_window(other)} ({where}) for the same film, "
            "provider, region and kind",
        )
    return sorted(kept, key=lambda item: item[0].line)

"""Matching the file's people to the people here, merging them, and their aliases.

A person is matched on their TMDb id, then on their IMDb id (only a person with no
TMDb id yet), then on their folded name or alias among the people with no TMDb id,
i.e. those typed in by hand; a matched person takes the TMDb id, and from then on is
matched by it. Two TMDb people whose names fold to one are kept apart, and an IMDb
id goes to one person only. TMDb's other names for a person become aliases.
"""

import datetime
import unicodedata
from collections import defaultdict

from heaven.folding import fold_name as fold
from people.models import Person, PersonAlias
from reviews.imports.films.bulk_writes import (
    BATCH_SIZE,
    SlugAllocator,
    update_changed,
)
from reviews.imports.films.summary import Summary
from reviews.imports.films.tmdb_lines import FilmRecord, PersonRecord


def _is_native_script(name: str) -> bool:
    return any(
        c.isalpha() and not unicodedata.name(c, "").startswith("LATIN") for c in name
    )


class PeopleWriter:
    """Finds or creates the people of each batch, and adds their aliases."""

    def __init__(self, summary: Summary, *, now: datetime.datetime):
        self.summary = summary
        self.now = now
        self.person_slugs = SlugAllocator(
            Person.objects.all(), PersonAlias.objects.all(), fallback="person"
        )
        # People typed in by hand (no TMDb id) can be matched by name; people with a
        # TMDb id are matched by it, so this index does not grow with the file.
        self.people_by_name: dict[str, set[int]] = defaultdict(set)
        for pk, name in Person.objects.filter(tmdb_id__isnull=True).values_list(
            "pk", "name"
        ):
            self.people_by_name[fold(name)].add(pk)
        for pk, name in PersonAlias.objects.filter(
            person__tmdb_id__isnull=True
        ).values_list("person_id", "name"):
            self.people_by_name[fold(name)].add(pk)

    def write(self, records: list[FilmRecord]) -> dict[int, Person]:
        """The person for each TMDb id credited on the records' lines."""
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
        update_changed(Person, changed, self.summary.people, now=self.now)
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

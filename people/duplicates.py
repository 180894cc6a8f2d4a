"""Possible duplicate people, for an editor to judge (and then merge).

Two people are listed when a name or alias of one folds (see
`people.search.fold_name`) to the same key as a name or alias of the other, or when
two keys are very similar (difflib's ratio, default at least 0.88: "junjongseo" and
"junjongsoe"). Similar keys are found by sorting all keys, forwards and reversed, and
comparing each with its next few neighbours, so the report stays near-linear on tens
of thousands of names while still catching a slip at either end of a name.
"""

from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.db.models import Count

from people.merge import person_relations
from people.models import Person, PersonAlias

NEIGHBOURS = 6
SIMILARITY = 0.88


@dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person
    first_name: str
    second_name: str
    similarity: float
    first_credits: int
    second_credits: int

    @property
    def same_folded_name(self) -> bool:
        return self.similarity >= 1.0


def all_names() -> list[tuple[str, int, str]]:
    """(folded key, person id, name as written) for every name and alias."""
    names = [
        (key, person_id, name)
        for person_id, key, name in Person.objects.values_list(
            "pk", "search_name", "name"
        )
    ]
    names.extend(
        (key, person_id, name)
        for person_id, key, name in PersonAlias.objects.values_list(
            "person_id", "search_name", "name"
        )
    )
    return [row for row in names if row[0]]


def candidate_pairs(
    names: list[tuple[str, int, str]], *, similarity: float
) -> dict[tuple[int, int], tuple[float, str, str]]:
    found: dict[tuple[int, int], tuple[float, str, str]] = {}

    def consider(one, other, score):
        if one[1] == other[1]:
            return
        first, second = sorted([one, other], key=lambda row: row[1])
        pair = (first[1], second[1])
        if pair not in found or score > found[pair][0]:
            found[pair] = (score, first[2], second[2])

    by_key = defaultdict(list)
    for row in names:
        by_key[row[0]].append(row)
    for rows in by_key.values():
        for index, one in enumerate(rows):
            for other in rows[index + 1 :]:
                consider(one, other, 1.0)

    for order in (lambda row: row[0], lambda row: row[0][::-1]):
        ranked = sorted(by_key.values(), key=lambda rows: order(rows[0]))
        for index, rows in enumerate(ranked):
            key = rows[0][0]
            for other_rows in ranked[index + 1 : index + 1 + NEIGHBOURS]:
                matcher = SequenceMatcher(None, key, other_rows[0][0])
                if matcher.real_quick_ratio() < similarity:
                    continue
                if matcher.quick_ratio() < similarity:
                    continue
                score = matcher.ratio()
                if score >= similarity:
                    for one in rows:
                        for other in other_rows:
                            consider(one, other, score)
    return found


def credit_counts(person_ids: set[int]) -> dict[int, int]:
    """How many rows of other apps (credits above all) point at each person."""
    totals: dict[int, int] = defaultdict(int)
    for model, field_name, _described in person_relations():
        rows = (
            model._base_manager.filter(**{f"{field_name}__in": person_ids})
            .values(field_name)
            .annotate(total=Count("pk"))
            .order_by()
        )
        for row in rows:
            totals[row[field_name]] += row["total"]
    return totals


def find_duplicate_people(*, similarity: float = SIMILARITY) -> list[DuplicatePair]:
    """Pairs of people who may be one, the surest first."""
    pairs = candidate_pairs(all_names(), similarity=similarity)
    person_ids = {person_id for pair in pairs for person_id in pair}
    people = Person.objects.in_bulk(person_ids)
    credits = credit_counts(person_ids)
    found = [
        DuplicatePair(
            first=people[first_id],
            second=people[second_id],
            first_name=first_name,
            second_name=second_name,
            similarity=score,
            first_credits=credits.get(first_id, 0),
            second_credits=credits.get(second_id, 0),
        )
        for (first_id, second_id), (score, first_name, second_name) in pairs.items()
    ]
    found.sort(key=lambda pair: (-pair.similarity, pair.first.name, pair.second.name))
    return found

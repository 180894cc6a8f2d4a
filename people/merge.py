"""Merging a duplicate person (the source, B) into the person to keep (the target, A).

One transaction, nothing lost:

- every row that points at B moves to A: credits, and anything another app relates
  to a person later. `people` does not import `reviews`; the relations are found
  through ``Person._meta.related_objects``. A moved row that would duplicate one A
  already has (the same credit on the same film) collapses into A's row, which keeps
  its own values and takes the dropped row's values only where it had none;
- every alias of B moves to A (an alias A already has by that name collapses into
  A's, and credits "credited as" it follow);
- B's name becomes an alias of A carrying B's slug, so ``/people/<B's slug>/``
  keeps answering with a 301 to A;
- A keeps its own facts and takes B's where it has none (IMDb and TMDb ids, birth
  date, bio, photo). Two different external ids are a conflict: the merge stops
  with a message and changes nothing.

`plan_merge` only reads: the admin's confirmation page, the command's ``--dry-run``
and `merge_people` itself all show or follow the same plan.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.options import Options

from people.models import Person, PersonAlias

# Facts A takes from B when A has none; the external ids also conflict when both
# have different values.
EXTERNAL_IDS = ["imdb_id", "tmdb_id"]
FILLABLE_FACTS = [*EXTERNAL_IDS, "birth_date", "bio", "photo"]
MERGED_ALIAS_NOTE = "Merged from a duplicate person"
SLUG_OR_ID = re.compile(r"[-\w]+")


class MergeConflict(Exception):
    """The two people cannot be merged as they are; the message says why."""


@dataclass
class RelatedRows:
    """Rows of one relation that point at the source person."""

    label: str
    label_one: str = ""
    moving: list[str] = field(default_factory=list)
    collapsing: list[str] = field(default_factory=list)

    def count(self, rows: list[str]) -> str:
        return f"{len(rows)} {self.label_one if len(rows) == 1 else self.label}"


@dataclass
class MergePlan:
    source: Person
    target: Person
    aliases_moving: list[str] = field(default_factory=list)
    aliases_collapsing: list[str] = field(default_factory=list)
    related: list[RelatedRows] = field(default_factory=list)
    facts_taken: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def new_alias(self) -> str:
        return self.source.name

    def summary(self) -> list[str]:
        """What the merge does, one line each, for the command and the admin."""
        source, target = self.source, self.target
        lines = [
            f"Merge {source} ({source.get_absolute_url()}) into {target} "
            f"({target.get_absolute_url()})."
        ]
        for rows in self.related:
            if rows.moving:
                lines.append(f"Moving to {target}: {rows.count(rows.moving)}.")
            if rows.collapsing:
                lines.append(
                    f"Already on {target}, so merged into theirs: "
                    f"{rows.count(rows.collapsing)}."
                )
        if self.aliases_moving:
            lines.append(f"Aliases move: {', '.join(self.aliases_moving)}.")
        if self.aliases_collapsing:
            lines.append(
                f"Aliases {target} already has: {', '.join(self.aliases_collapsing)}."
            )
        lines.append(
            f"“{source.name}” becomes an alias of {target}; /people/{source.slug}/ "
            f"redirects to /people/{target.slug}/."
        )
        lines.extend(f"{target} takes {fact}." for fact in self.facts_taken)
        lines.extend(self.warnings)
        return lines


def person_relations() -> Iterator[tuple[type[models.Model], str, Options]]:
    """(model, name of its field pointing at Person, the options of the model it
    describes) for every relation to a person except aliases, which the merge
    handles itself. For a many-to-many relation the model is its through table."""
    for relation in Person._meta.related_objects:
        if relation.related_model is PersonAlias:
            continue
        if relation.many_to_many:
            yield (
                relation.through,
                relation.field.m2m_reverse_field_name(),
                relation.related_model._meta,
            )
        else:
            yield (
                relation.related_model,
                relation.field.name,
                relation.related_model._meta,
            )


def alias_relations() -> Iterator[tuple[type[models.Model], str]]:
    for relation in PersonAlias._meta.related_objects:
        if not relation.many_to_many:
            yield relation.related_model, relation.field.name


def unique_field_sets(
    model: type[models.Model], field_name: str
) -> list[tuple[list[str], models.Q | None]]:
    """The unique constraints of ``model`` that include ``field_name``: their
    fields, and the condition under which a conditional one holds."""
    sets: list[tuple[list[str], models.Q | None]] = []
    for model_field in model._meta.concrete_fields:
        if model_field.unique and not model_field.primary_key:
            sets.append(([model_field.name], None))
    sets.extend((list(fields), None) for fields in model._meta.unique_together)
    # Conditional ones too (a credit is unique per level: film, season, episode).
    sets.extend(
        (list(constraint.fields), constraint.condition)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields
    )
    return [(fields, condition) for fields, condition in sets if field_name in fields]


def twin_of(row: models.Model, field_name: str, target: Person) -> models.Model | None:
    """The row ``target`` already has that ``row`` would duplicate once moved."""
    model = type(row)
    rows = model._base_manager
    for fields, condition in unique_field_sets(model, field_name):
        if condition is not None and not rows.filter(condition, pk=row.pk).exists():
            continue  # the constraint does not hold for this row
        lookup = {field_name: target}
        for name in fields:
            if name != field_name:
                attname = model._meta.get_field(name).attname
                lookup[attname] = getattr(row, attname)
        twins = rows.filter(**lookup).exclude(pk=row.pk)
        if condition is not None:
            twins = twins.filter(condition)
        twin = twins.first()
        if twin is not None:
            return twin
    return None


def is_blank(value) -> bool:
    return value is None or value == "" or (hasattr(value, "name") and not value)


def plan_merge(*, source: Person, target: Person) -> MergePlan:
    """What merging ``source`` into ``target`` would do; writes nothing."""
    plan = MergePlan(source=source, target=target)
    if source.pk == target.pk:
        plan.conflicts.append("A person cannot be merged into themselves.")
        return plan

    for name in EXTERNAL_IDS:
        theirs, ours = getattr(source, name), getattr(target, name)
        label = Person._meta.get_field(name).verbose_name
        if not is_blank(theirs) and not is_blank(ours) and theirs != ours:
            plan.conflicts.append(
                f"{source} has {label} {theirs} but {target} has {ours}: "
                "correct one of them first."
            )
    for name in FILLABLE_FACTS:
        theirs, ours = getattr(source, name), getattr(target, name)
        if is_blank(ours) and not is_blank(theirs):
            label = Person._meta.get_field(name).verbose_name
            shown = theirs if name in EXTERNAL_IDS or name == "birth_date" else "…"
            plan.facts_taken.append(f"{source}'s {label} ({shown})")

    target_alias_names = set(target.aliases.values_list("name", flat=True))
    for alias in source.aliases.all():
        if alias.name in target_alias_names:
            plan.aliases_collapsing.append(alias.name)
        else:
            plan.aliases_moving.append(alias.name)
    if source.name in target_alias_names or source.name in plan.aliases_moving:
        plan.warnings.append(
            f"{target} already has the alias “{source.name}”, so /people/"
            f"{source.slug}/ stops answering; its alias's own address keeps working."
        )

    for model, field_name, described in person_relations():
        rows = RelatedRows(
            label=str(described.verbose_name_plural),
            label_one=str(described.verbose_name),
        )
        for row in model._base_manager.filter(**{field_name: source}):
            twin = twin_of(row, field_name, target)
            if twin is None:
                rows.moving.append(str(row))
            elif [f for f, _ in unique_field_sets(model, field_name)] == [[field_name]]:
                plan.conflicts.append(
                    f"Both people have {model._meta.verbose_name} rows and only one "
                    "is allowed: remove one first."
                )
            else:
                rows.collapsing.append(str(row))
        if rows.moving or rows.collapsing:
            plan.related.append(rows)
    return plan


def merge_people(*, source: Person, target: Person, dry_run: bool = False) -> MergePlan:
    """Merge ``source`` into ``target`` and delete ``source``; returns the plan
    followed. Raises `MergeConflict` (changing nothing) when the plan has
    conflicts; with ``dry_run`` only plans."""
    with transaction.atomic():
        locked = Person.objects.select_for_update().in_bulk([source.pk, target.pk])
        if len(locked) < 2 and source.pk != target.pk:
            raise MergeConflict("One of the two people no longer exists.")
        source, target = locked.get(source.pk, source), locked.get(target.pk, target)
        plan = plan_merge(source=source, target=target)
        if plan.conflicts:
            raise MergeConflict(" ".join(plan.conflicts))
        if dry_run:
            return plan
        _move_aliases(source=source, target=target)
        _move_related(source=source, target=target)
        _take_facts_and_delete(source=source, target=target)
    return plan


def _move_aliases(*, source: Person, target: Person) -> None:
    target_aliases = {alias.name: alias for alias in target.aliases.all()}
    for alias in list(source.aliases.all()):
        twin = target_aliases.get(alias.name)
        if twin is None:
            alias.person = target
            alias.full_clean()
            alias.save(update_fields=["person"])
            continue
        for model, field_name in alias_relations():
            model._base_manager.filter(**{field_name: alias}).update(
                **{field_name: twin}
            )
        alias.delete()


def _move_related(*, source: Person, target: Person) -> None:
    for model, field_name, _described in person_relations():
        for row in list(model._base_manager.filter(**{field_name: source})):
            twin = twin_of(row, field_name, target)
            if twin is None:
                setattr(row, field_name, target)
                row.save(update_fields=[field_name])
                continue
            filled = []
            for model_field in model._meta.concrete_fields:
                if model_field.primary_key or model_field.name == field_name:
                    continue
                kept = getattr(twin, model_field.attname)
                dropped = getattr(row, model_field.attname)
                if is_blank(kept) and not is_blank(dropped):
                    setattr(twin, model_field.attname, dropped)
                    filled.append(model_field.name)
            row.delete()
            if filled:
                twin.save(update_fields=filled)


def _take_facts_and_delete(*, source: Person, target: Person) -> None:
    for name in FILLABLE_FACTS:
        if is_blank(getattr(target, name)) and not is_blank(getattr(source, name)):
            setattr(target, name, getattr(source, name))
    old_name, old_slug = source.name, source.slug
    source.delete()
    target.full_clean()
    target.save()
    if not target.aliases.filter(name=old_name).exists():
        alias = PersonAlias(
            person=target,
            name=old_name,
            slug=old_slug,
            kind=PersonAlias.Kind.ROMANIZATION,
            note=MERGED_ALIAS_NOTE,
        )
        alias.full_clean()
        alias.save()


def find_person(reference: str) -> Person:
    """A person by slug, alias slug or id, as a command or URL names them."""
    reference = (reference or "").strip()
    if not SLUG_OR_ID.fullmatch(reference):
        raise Person.DoesNotExist(f"“{reference[:80]}” is not a slug or an id.")
    person = Person.objects.filter(slug=reference).first()
    if person is None:
        alias = PersonAlias.objects.select_related("person").filter(slug=reference)
        person = next((found.person for found in alias[:1]), None)
    if person is None and reference.isdigit():
        person = Person.objects.filter(pk=int(reference)).first()
    if person is None:
        raise Person.DoesNotExist(f"No person with the slug or id “{reference}”.")
    return person

"""Backups of the editorial content, as one JSON file.

`export_content` writes every row of every model in `CONTENT_APPS` (people,
aliases, films, credits, providers, where-to-watch options, reviews, their tags,
their versions and revisions, redirects, the audit trail, and whatever models those
apps gain later), plus the users those rows point at and the groups of those users,
in dependency order. Users, groups and content types are written by natural key
(username, group name, app and model), so the file loads into any freshly migrated
database; every other row keeps its id, so links between rows and the ids inside
stored versions stay true. The format is Django's serialization JSON: `loaddata`
reads it too.

Media files (posters, photos, hero images) are not in the file: copy MEDIA_ROOT
alongside it. Password hashes of the exported users are, so keep the file private.
"""

import datetime
import itertools
import json
import tempfile
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, transaction
from django.db.models import ForeignKey, OneToOneField

CONTENT_APPS = ("people", "reviews", "taggit", "reversion")


class ExactEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a restore must not (feeds
    print the microseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupSerializer(JSONSerializer):
    """Users and groups by natural key (they may exist already in the target);
    content rows always with their ids, even where a model has a natural key
    (taggit's tagged items would otherwise collapse into one another)."""

    def get_dump_object(self, obj):
        data = super().get_dump_object(obj)
        if "pk" not in data and obj._meta.app_label in CONTENT_APPS:
            data = {"model": data["model"], "pk": obj.pk, "fields": data["fields"]}
        return data


class BackupError(Exception):
    """The file cannot be written or restored; the message says why."""


def content_models() -> list:
    """Every concrete model of the content apps, each after the models its
    foreign keys and many-to-many fields point at."""
    found = [
        model
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.proxy and model._meta.managed
    ]
    ordered: list = []

    def visit(model, path=()):
        if model in ordered or model in path:
            return  # done, or a cycle (e.g. a review's related reviews)
        for field in model._meta.get_fields():
            target = field.related_model
            forward = field.concrete or (field.many_to_many and not field.auto_created)
            if forward and target in found and target is not model:
                visit(target, (*path, model))
        ordered.append(model)

    for model in found:
        visit(model)
    return ordered


def needed_user_ids(models) -> set:
    """The users any exported row points at (bylines, versions, audit lines)."""
    user_model = get_user_model()
    ids = set()
    for model in models:
        for field in model._meta.concrete_fields:
            if isinstance(field, ForeignKey | OneToOneField) and (
                field.related_model is user_model
            ):
                ids.update(
                    model._base_manager.exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.attname, flat=True)
                    .distinct()
                )
    return ids


def export_rows(models):
    """The rows to write, users and groups first, each table in id order."""
    user_ids = needed_user_ids(models)
    users = get_user_model()._base_manager.filter(pk__in=user_ids).order_by("pk")
    groups = Group.objects.filter(user__in=user_ids).distinct().order_by("pk")
    tables = (model._base_manager.order_by("pk").iterator() for model in models)
    return itertools.chain(groups.iterator(), users.iterator(), *tables)


def export_content(path: Path) -> Counter:
    """Write the backup to `path`; returns the number of rows per model."""
    models = content_models()
    counts: Counter = Counter()

    def counted(rows):
        for row in rows:
            counts[row._meta.label] += 1
            yield row

    try:
        with transaction.atomic(), path.open("w", encoding="utf-8") as out:
            # One transaction: a consistent snapshot while editors keep working.
            BackupSerializer().serialize(
                counted(export_rows(models)),
                stream=out,
                indent=1,
                cls=ExactEncoder,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=True,
            )
    except OSError as error:
        raise BackupError(f"Cannot write {path}: {error.strerror}.") from None
    return counts


def existing_content() -> Counter:
    counts = Counter()
    for model in content_models():
        count = model._base_manager.count()
        if count:
            counts[model._meta.label] = count
    return counts


def read_rows(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(f"{path} is not a JSON backup: {error}.") from None
    if not isinstance(data, list) or not all(
        isinstance(row, dict) and "model" in row and "fields" in row for row in data
    ):
        raise BackupError(f"{path} is not a backup written by export_content.")
    return data


def existing_usernames(rows: list) -> list[str]:
    """The users in the file that the database already has, by username."""
    label = get_user_model()._meta.label_lower
    names = [row["fields"].get("username") for row in rows if row["model"] == label]
    return sorted(
        get_user_model()
        ._base_manager.filter(username__in=names)
        .values_list("username", flat=True)
    )


def import_content(
    path: Path, *, dry_run: bool = False, skip_existing_users: bool = False
) -> tuple[Counter, list[str]]:
    """Restore the backup at `path` into a database with no content yet; all or
    nothing. A user the database already has (same username) is never written
    over, their password and email least of all: the import is refused, or with
    `skip_existing_users` their rows are left out and the content naming them
    points at the user already there. Returns the number of rows per model and
    the usernames kept as they were."""
    rows = read_rows(path)
    present = existing_content()
    if present:
        label, count = present.most_common(1)[0]
        raise BackupError(
            "The database already has content "
            f"({count} rows of {label}); import_content restores into an empty one."
        )
    kept = existing_usernames(rows)
    if kept and not skip_existing_users:
        raise BackupError(
            f"The database already has {len(kept)} of the file's users "
            f"({', '.join(kept[:5])}{', …' if len(kept) > 5 else ''}); importing "
            "would replace their passwords and emails. Nothing was changed; "
            "--skip-existing-users keeps them as they are and restores the rest."
        )
    if kept:
        label = get_user_model()._meta.label_lower
        rows = [
            row
            for row in rows
            if not (row["model"] == label and row["fields"].get("username") in kept)
        ]
    counts = Counter(row["model"] for row in rows)
    with tempfile.TemporaryDirectory() as folder:
        # loaddata reads files; the one it reads holds just the rows to write.
        to_load = Path(folder) / "backup.json"
        to_load.write_text(json.dumps(rows), encoding="utf-8")
        try:
            with transaction.atomic():
                call_command("loaddata", str(to_load), format="json", verbosity=0)
                if dry_run:
                    transaction.set_rollback(True)
        except (DatabaseError, serializers.base.DeserializationError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error) else ""
            raise BackupError(f"{path} could not be restored: {first_line}") from None
    return counts, kept

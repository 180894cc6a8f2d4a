"""Reading review versions (django-reversion) side by side, field by field.

Versions are written by reversion itself (see the registration in models.py and
VersionAdmin in admin.py); this module only turns two of them into rows a person
can compare: the label, both values as the admin would show them, whether the
value changed, and for long text a line diff.
"""

import difflib
import re

from django.contrib.contenttypes.models import ContentType
from taggit.models import Tag, TaggedItem

from reviews.models import Review

# Fields shown when comparing versions, in form order; the rest are bookkeeping.
COMPARED_FIELDS = [
    "title",
    "slug",
    "film",
    "author",
    "status",
    "published_at",
    "excerpt",
    "body",
    "verdict",
    "rating",
    "has_spoilers",
    "hero",
    "content_warnings",
    "related_reviews",
    "seo_title",
    "seo_description",
]


def _version_tags(version) -> list[str]:
    tagged_item_type = ContentType.objects.get_for_model(TaggedItem)
    tag_ids = [
        item.field_dict["tag_id"]
        for item in version.revision.version_set.filter(content_type=tagged_item_type)
        if item.field_dict.get("object_id") == int(version.object_id)
    ]
    names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
    return sorted(names.get(pk, f"(deleted tag {pk})") for pk in tag_ids)


def _display(field, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.many_to_many:
        related = field.related_model.objects.filter(pk__in=value)
        return ", ".join(sorted(str(obj) for obj in related)) or "—"
    if field.is_relation:
        obj = field.related_model.objects.filter(pk=value).first()
        return str(obj) if obj else f"(deleted, id {value})"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _lines(text: str) -> list[str]:
    return [line for line in re.split(r"(?<=</p>)|\n", text) if line.strip()]


def compare(older, newer) -> list[dict]:
    """One row per field: its label, both values, and whether it changed; long
    text changes get a line-by-line diff."""
    differ = difflib.HtmlDiff(wrapcolumn=60)  # one differ: unique anchors per page
    rows = []
    for name in COMPARED_FIELDS:
        field = Review._meta.get_field(name)
        key = field.name if field.many_to_many else field.attname
        before, after = older.field_dict.get(key), newer.field_dict.get(key)
        if field.many_to_many:
            before, after = sorted(before or []), sorted(after or [])
        row = {
            "label": field.verbose_name,
            "before": _display(field, before),
            "after": _display(field, after),
            "changed": before != after,
            "diff": "",
        }
        if row["changed"] and name in {"body", "excerpt"}:
            row["diff"] = differ.make_table(
                _lines(str(before or "")),
                _lines(str(after or "")),
                "Older",
                "Newer",
                context=True,
            )
        rows.append(row)
    before_tags, after_tags = _version_tags(older), _version_tags(newer)
    rows.append(
        {
            "label": "tags",
            "before": ", ".join(before_tags) or "—",
            "after": ", ".join(after_tags) or "—",
            "changed": before_tags != after_tags,
            "diff": "",
        }
    )
    return rows

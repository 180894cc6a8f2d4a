"""Reading review versions (django-reversion) side by side, field by field.

Versions are written by reversion itself (see the registration in models.py and
VersionAdmin in admin.py); this module only turns two of them into rows a person
can compare: the label, both values as the admin would show them, whether the
value changed, and for the excerpt and body a diff of the words readers read.

Markup readers do not see (attribute order, quoting, whitespace between tags)
is not a change; a link or formatting change that leaves the words alone is
said in a sentence rather than shown as a diff of HTML.
"""

import difflib
from html.parser import HTMLParser

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
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


class _Reader(HTMLParser):
    """What readers read of a body (its words), and its markup in one canonical
    spelling (attributes sorted, entities decoded, whitespace collapsed)."""

    BLOCKS = {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "br",
        "figcaption",
        "td",
        "th",
        "tr",
        "div",
        "figure",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.canonical: list[str] = []
        self._text: list[str] = []

    def _flush(self):
        text = "".join(self._text)
        self._text = []
        self.words.extend(text.split())
        if text.strip():
            self.canonical.append(" ".join(text.split()))

    def handle_starttag(self, tag, attrs):
        self._flush()
        attributes = sorted((name, value or "") for name, value in attrs)
        self.canonical.append(f"<{tag} {attributes}>")
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            self.words.extend(alt.split())

    def handle_endtag(self, tag):
        self._flush()
        self.canonical.append(f"</{tag}>")

    def handle_data(self, data):
        self._text.append(data)

    def close(self):
        super().close()
        self._flush()


def read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup or "")
    reader.close()
    return reader


def word_diff(before: str, after: str):
    """The words of ``after`` with those added in <ins> and those removed in
    <del>, as safe HTML; long unchanged stretches are cut to a few words."""
    old, new = read(before).words, read(after).words
    parts = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            same = old[a1:a2]
            if len(same) > 24:
                same = [*same[:10], "…", *same[-10:]]
            parts.append(format_html("{} ", " ".join(same)))
            continue
        if a2 > a1:
            parts.append(format_html("<del>{}</del> ", " ".join(old[a1:a2])))
        if b2 > b1:
            parts.append(format_html("<ins>{}</ins> ", " ".join(new[b1:b2])))
    return format_html(
        '<p class="word-diff">{}</p>', format_html_join("", "{}", ((p,) for p in parts))
    )


def text_change(before: str, after: str) -> tuple[bool, str]:
    """Whether a body or excerpt changed for readers, and what to show."""
    old, new = read(before), read(after)
    if old.canonical == new.canonical:
        return False, ""  # the same to readers: e.g. attributes reordered
    if old.words == new.words:
        return True, format_html(
            '<p class="word-diff-same">{}</p>',
            "The words are the same; links or formatting changed.",
        )
    return True, word_diff(before, after)


def compare(older, newer) -> list[dict]:
    """One row per field: its label, both values, and whether it changed; the
    excerpt and body get a diff of their words."""
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
        if name in {"body", "excerpt"}:
            # Shown as readers read it, never as raw HTML.
            for side, value in (("before", before), ("after", after)):
                words = read(str(value or "")).words
                text = " ".join(words[:60]) + (" …" if len(words) > 60 else "")
                row[side] = text or "—"
        if row["changed"] and name in {"body", "excerpt"}:
            row["changed"], row["diff"] = text_change(
                str(before or ""), str(after or "")
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

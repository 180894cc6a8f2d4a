"""The text hygiene rule: what characters stored text may hold, applied to every
text field of the editorial models on save (`connect_signals`), by every importer,
and to whatever a feed writes.

Text arrives pasted from Word (its manual line break is a vertical tab, \\x0b),
from CSV files and WordPress exports written by other tools, and from JSON with
escaped NULs. XML 1.0 (feeds, sitemaps) refuses C0 control characters and
PostgreSQL refuses NUL in text, so one such character would break a feed or an
import. Tab and newline are kept; line breaks of other kinds become newlines;
every other control character is removed.
"""

import re

from django.db import models
from django.db.models.signals import pre_save

# The apps whose rows readers see; taggit's tag names are typed by writers too.
EDITORIAL_APPS = frozenset({"reviews", "people", "taggit"})

# Line breaks written by other tools: Word's manual line break (\x0b), form feed
# (a page break in Word), NEL (\x85, from text once decoded as Latin-1) and Unicode's
# line and paragraph separators (which also break JavaScript string literals). In a
# multi-line field they become a newline; in a one-line field a space, so the words
# either side stay apart.
LINE_BREAKS = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# Every other C0 and C1 control character but tab and newline, and the two
# non-characters XML also refuses. NUL among them: PostgreSQL refuses it in text.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# What the rule would change; a quick test before the substitutions.
UNCLEAN = re.compile("[\x00-\x08\x0b-\x0d\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """`value` by the rule: line breaks of every kind as newlines (as spaces when
    not `multiline`), other control characters but tab removed."""
    if not UNCLEAN.search(value):
        return value
    value = LINE_BREAKS.sub("\n" if multiline else " ", value)
    if not multiline:
        value = value.replace("\n", " ")
    return CONTROL.sub("", value)


def control_characters(value: str) -> list[str]:
    """The characters `clean_text` would remove or replace, named as U+XXXX, for an
    importer that refuses a value rather than changing it."""
    return sorted({f"U+{ord(ch):04X}" for ch in UNCLEAN.findall(value)})


def clean_fields(instance: models.Model) -> None:
    """Every text field of `instance` by the rule: TextFields keep their lines,
    one-line fields (CharField, SlugField, URLField…) get spaces."""
    for field in instance._meta.concrete_fields:
        if not isinstance(field, models.CharField | models.TextField):
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            multiline = isinstance(field, models.TextField)
            setattr(instance, field.attname, clean_text(value, multiline=multiline))


def row_saving(sender, instance, raw=False, **kwargs):
    if sender._meta.app_label in EDITORIAL_APPS:
        clean_fields(instance)


def connect_signals() -> None:
    """One receiver for every model, rather than a base class each model must
    remember: it also covers taggit's Tag and every model added later. Rows written
    without save() (bulk_create, QuerySet.update) are cleaned by their writers with
    `clean_text`; feeds clean what they write whatever is stored."""
    pre_save.connect(row_saving, dispatch_uid="text_hygiene_pre_save")

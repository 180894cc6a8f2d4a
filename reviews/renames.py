"""Old addresses follow renames: when a published review, a film, a person, an
author, a tag or a published page gets a new address (a new slug, or for a page a
new slug or parent, which moves its subpages too), the old address answers 301
with the new one.

`reviews.receivers` calls `note_address` before such a save and `follow_rename`
after it. Signals, not a call in each save: people and taggit's tags are saved by
code that knows nothing of redirects (`people` never imports `reviews`), and the
admin, the importers and a page moving its subpages all save through `save()`.

Chains collapse: every redirect that led to the old address now leads to the new
one, so A→B then B→C answers A→C. An address that is live again (renamed back, or
taken by a new row) loses its redirect, so nothing loops.
"""

from collections.abc import Iterable

from django.db import models, transaction
from taggit.models import Tag

from heaven.links import slug_url
from people.models import Author, Person
from reviews.models import Film, Page, Redirect, Review, address_holder

# The fields that say where a row answers (the first: what a rename changes) and
# whether readers can open it now.
FIELDS = {
    Review: ("slug", "status", "published_at"),
    Page: ("path", "status", "published_at"),
    Film: ("slug",),
    Person: ("slug",),
    Author: ("slug",),
    Tag: ("slug",),
}
MODELS = tuple(FIELDS)


def addresses(row: models.Model) -> list[str]:
    """Every address of ``row``: its page, and for authors and tags their feeds."""
    # taggit's Tag has no get_absolute_url of its own.
    url = slug_url("reviews:tag", row.slug) if isinstance(row, Tag) else None
    url = url or row.get_absolute_url()
    if isinstance(row, Author | Tag):
        return [url, f"{url}feed/", f"{url}feed/atom/"]
    return [url]


def is_public(row: models.Model) -> bool:
    return row.is_published() if isinstance(row, Review | Page) else True


def note_address(row: models.Model, update_fields: Iterable[str] | None) -> None:
    """Before a save: remember where readers found ``row`` until now (a save
    that leaves its slug or path alone costs nothing)."""
    row._address_before = None
    fields = FIELDS[type(row)]
    if row.pk is None or (update_fields is not None and fields[0] not in update_fields):
        return
    before = type(row)._base_manager.only(*fields).filter(pk=row.pk).first()
    if before is not None:
        row._address_before = (addresses(before), is_public(before))


def follow_rename(row: models.Model, *, created: bool) -> None:
    """After a save: the old addresses answer with the new ones."""
    noted, row._address_before = getattr(row, "_address_before", None), None
    if noted is None and not created:
        return
    before, was_public = noted or ([], False)
    now = addresses(row)
    if before == now:
        return
    with transaction.atomic():
        # An address that is live again (renamed back, or a new row took it).
        Redirect.objects.filter(old_path__in=now).delete()
        if not was_public:
            return  # a draft's address was never given out
        for old, new in zip(before, now, strict=False):
            move_address(
                old=old, new=new, review=row if isinstance(row, Review) else None
            )


def move_address(*, old: str, new: str, review: Review | None = None) -> None:
    """``old`` answers with ``new`` (with ``review``, which it then follows), and
    every redirect that led to ``old`` leads to ``new``."""
    with transaction.atomic():
        Redirect.objects.filter(target=old).update(target=new)
        if address_holder(old) is not None:
            return  # another row answers there now: it keeps its address
        redirect = Redirect.objects.filter(old_path=old).first() or Redirect(
            old_path=old
        )
        redirect.review, redirect.gone = review, False
        redirect.target = "" if review is not None else new
        redirect.full_clean()
        redirect.save()

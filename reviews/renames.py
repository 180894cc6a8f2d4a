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

from django.db import models, transaction
from taggit.models import Tag

from heaven.links import slug_url
from people.models import Author, Person
from reviews.models import Film, Page, Redirect, Review, address_holder

# The addresses a row answers at, and whether readers can open them now; the
# fields a rename changes are all a row needs to say so.
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
    # A draft's address was never given out, so its rename needs no redirect.
    return row.is_published() if isinstance(row, Review | Page) else True


def note_address(row: models.Model) -> None:
    """Before a save: remember where readers found ``row`` until now."""
    row._addresses_before = []
    if row.pk is None:
        return
    before = type(row)._base_manager.only(*FIELDS[type(row)]).filter(pk=row.pk)
    before = before.first()
    if before is not None and is_public(before):
        row._addresses_before = addresses(before)


def follow_rename(row: models.Model) -> None:
    """After a save: the old addresses answer with the new ones."""
    now = addresses(row)
    before = getattr(row, "_addresses_before", [])
    row._addresses_before = []
    with transaction.atomic():
        # An address that is live again (renamed back, or a new row took it).
        Redirect.objects.filter(old_path__in=now).delete()
        for old, new in zip(before, now, strict=False):
            if old != new:
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

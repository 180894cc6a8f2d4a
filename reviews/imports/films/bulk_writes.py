"""Writing many rows at once: the batch size, free slugs for a batch of new rows,
and saving only the fields that changed.

``bulk_create`` and ``bulk_update`` skip ``save()``, the signals and the fields'
``auto_now``; what ``save()`` would fill, the callers and ``update_changed`` fill
themselves.
"""

import datetime

from django.db import models

from heaven.slugs import base_slug
from reviews.imports.films.summary import Tally

BATCH_SIZE = 500


class SlugAllocator:
    """Free slugs for many new rows at once: one query per batch, plus one per base
    that is already taken."""

    def __init__(self, *querysets: models.QuerySet, fallback: str):
        self.querysets = querysets
        self.fallback = fallback

    def allocate(self, texts: list[str]) -> list[str]:
        bases = [base_slug(text, fallback=self.fallback) for text in texts]
        taken = set()
        for queryset in self.querysets:
            taken |= set(
                queryset.filter(slug__in=set(bases)).values_list("slug", flat=True)
            )
        used, slugs = set(), []
        for base in bases:
            candidate = base
            if candidate in taken or candidate in used:
                numbered = set()
                for queryset in self.querysets:
                    numbered |= set(
                        queryset.filter(slug__startswith=base + "-").values_list(
                            "slug", flat=True
                        )
                    )
                number = 2
                while (candidate := f"{base}-{number}") in numbered | used:
                    number += 1
            used.add(candidate)
            slugs.append(candidate)
        return slugs


def update_changed(
    model: type[models.Model],
    changed: dict,
    tally: Tally,
    *,
    now: datetime.datetime,
) -> None:
    """Save ``changed`` ({pk: (row, names of the fields that changed)}) in bulk."""
    if not changed:
        return
    fields = set().union(*(f for _, f in changed.values()))
    objects = [obj for obj, _ in changed.values()]
    if any(f.name == "updated_at" for f in model._meta.fields):
        fields.add("updated_at")
        for obj in objects:
            obj.updated_at = now
    model.objects.bulk_update(objects, sorted(fields), batch_size=BATCH_SIZE)
    tally.updated += len(objects)

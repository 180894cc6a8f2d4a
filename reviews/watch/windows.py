"""Whether two where-to-watch windows share a day.

A window runs from `available_from` (its first day; empty means always) up to
`available_until` (the day it leaves; empty means no end is announced). The
import, the model's validation and the admin's formset all ask `overlap`, so they
refuse the same things.
"""

import datetime


def overlap(
    a_from: datetime.date | None,
    a_until: datetime.date | None,
    b_from: datetime.date | None,
    b_until: datetime.date | None,
) -> bool:
    start_a = a_from or datetime.date.min
    start_b = b_from or datetime.date.min
    end_a = a_until or datetime.date.max
    end_b = b_until or datetime.date.max
    return start_a < end_b and start_b < end_a


def describe(available_from: datetime.date | None, until: datetime.date | None) -> str:
    start = available_from.isoformat() if available_from else "always"
    end = until.isoformat() if until else "open end"
    return f"{start} – {end}"


def seasons_overlap(
    a_first: int | None, a_last: int | None, b_first: int | None, b_last: int | None
) -> bool:
    """Whether two options of a series cover a season in common; empty ends mean
    from the first season or to the last one. Season 1 on one date and season 2
    on another are two windows that may both be open."""
    return (a_first or 0) <= (b_last if b_last is not None else 10_000) and (
        b_first or 0
    ) <= (a_last if a_last is not None else 10_000)

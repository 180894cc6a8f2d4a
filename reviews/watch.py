"""Where to watch, as a reader sees it today.

One function, `watch_line`, decides what an option says on a given day; every page
and feed asks it (through the `watch_line` filter and `watch_lines` tag). A window
runs from `available_from` (the first day) up to `available_until` (the day it
leaves, so that day is no longer shown).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.dateformat import format as format_date

from reviews.models import WatchOption

DATE_FORMAT = "j F Y"  # 6 October 2023

# What an option says while it is available, by kind.
NOW = {
    WatchOption.Kind.SUBSCRIPTION: "Streaming on {provider}",
    WatchOption.Kind.FREE: "Free with ads on {provider}",
    WatchOption.Kind.RENT: "Rent on {provider}",
    WatchOption.Kind.BUY: "Buy on {provider}",
    WatchOption.Kind.CINEMA: "In cinemas with {provider}",
    WatchOption.Kind.PHYSICAL: "On DVD and Blu-ray from {provider}",
}


@dataclass(frozen=True)
class WatchLine:
    option: WatchOption
    text: str
    upcoming: bool
    last_day: datetime.date | None = None

    @property
    def link(self) -> str:
        return self.option.link

    def __str__(self):
        return self.text


def watch_line(
    option: WatchOption, *, today: datetime.date | None = None
) -> WatchLine | None:
    """What `option` says on `today` (the site's local date by default), or None
    once it has left."""
    today = today or timezone.localdate()
    provider = option.provider.name
    region = f" ({option.region})" if option.region else ""
    if option.available_until is not None and today >= option.available_until:
        return None
    if option.available_from is not None and today < option.available_from:
        when = format_date(option.available_from, DATE_FORMAT)
        return WatchLine(option, f"Coming to {provider}{region} on {when}", True)
    text = NOW.get(option.kind, "On {provider}").format(provider=provider) + region
    last_day = (
        option.available_until - datetime.timedelta(days=1)
        if option.available_until
        else None
    )
    return WatchLine(option, text, False, last_day)


def watch_lines(
    options: Iterable[WatchOption], *, today: datetime.date | None = None
) -> list[WatchLine]:
    """The lines to show for `options`: available ones first, then what is coming
    soonest; options that have left are dropped."""
    today = today or timezone.localdate()
    lines = [line for o in options if (line := watch_line(o, today=today))]
    return sorted(
        lines,
        key=lambda line: (
            line.upcoming,
            line.option.available_from or datetime.date.min,
            line.option.provider.name,
        ),
    )

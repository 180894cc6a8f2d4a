"""Where to watch, as a reader sees it: the one rule.

`watch_status` decides the state of an option on a day: coming (before its first
day), available, leaving (it leaves within `LEAVING_SOON_DAYS`, counting today) or
gone (from the day it leaves). A window runs from `available_from` (the first day)
up to `available_until` (the day it leaves, so that day is no longer shown). "Today"
is the site's local date (settings.TIME_ZONE), so a state changes at local midnight.

`watch_line` words a status for readers and `watch_lines` picks, for a film and a
reader's region, what a page shows. Pages, feeds and the admin ask these; queries
that must select by state in the database use `state_q`, which says the same in SQL
(tests hold the two to each other at every boundary).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, TextChoices
from django.utils import timezone
from django.utils.dateformat import format as format_date

from reviews.models import WatchOption
from reviews.watch.regions import regions_seen_from

DATE_FORMAT = "j F Y"  # 6 October 2023
# "Leaving soon": it leaves within 14 days, counting today, so its last day is
# today or one of the next 13 days.
LEAVING_SOON_DAYS = 14
# "New": it arrived within 30 days, counting today, and is still there.
NEW_DAYS = 30

# What an option says while it is available, by kind.
NOW = {
    WatchOption.Kind.SUBSCRIPTION: "Streaming on {provider}",
    WatchOption.Kind.FREE: "Free with ads on {provider}",
    WatchOption.Kind.RENT: "Rent on {provider}",
    WatchOption.Kind.BUY: "Buy on {provider}",
    WatchOption.Kind.CINEMA: "In cinemas with {provider}",
    WatchOption.Kind.PHYSICAL: "On DVD and Blu-ray from {provider}",
}


class State(TextChoices):
    COMING = "coming", "Coming soon"
    AVAILABLE = "available", "Available now"
    LEAVING = "leaving", "Leaving soon"
    GONE = "gone", "Expired"


@dataclass(frozen=True)
class WatchStatus:
    state: State
    today: datetime.date
    # The first day (coming), the day it leaves (leaving, gone, and available
    # with an announced end), else None.
    on: datetime.date | None = None

    @property
    def visible(self) -> bool:
        return self.state != State.GONE

    @property
    def watchable(self) -> bool:
        return self.state in (State.AVAILABLE, State.LEAVING)

    @property
    def last_day(self) -> datetime.date | None:
        if self.watchable and self.on is not None:
            return self.on - datetime.timedelta(days=1)
        return None

    @property
    def days_left(self) -> int | None:
        """Days until it leaves: 1 on its last day."""
        return (self.on - self.today).days if self.watchable and self.on else None

    @property
    def label(self) -> str:
        """A short label for staff, e.g. "Leaving in 5 days (last day 29 November
        2026)"."""
        if self.state == State.COMING:
            return f"Coming on {format_date(self.on, DATE_FORMAT)}"
        if self.state == State.GONE:
            return "Gone"
        if self.state == State.AVAILABLE:
            return "Available"
        last = (
            "today"
            if self.last_day == self.today
            else format_date(self.last_day, DATE_FORMAT)
        )
        when = "tomorrow" if self.days_left == 1 else f"in {self.days_left} days"
        return f"Leaving {when} (last day {last})"


def watch_status(
    option: WatchOption, *, today: datetime.date | None = None
) -> WatchStatus:
    """The state of `option` on `today` (the site's local date by default)."""
    today = today or timezone.localdate()
    until = option.available_until
    if until is not None and today >= until:
        return WatchStatus(State.GONE, today, until)
    if option.available_from is not None and today < option.available_from:
        return WatchStatus(State.COMING, today, option.available_from)
    if until is not None and (until - today).days <= LEAVING_SOON_DAYS:
        return WatchStatus(State.LEAVING, today, until)
    return WatchStatus(State.AVAILABLE, today, until)


def state_q(state: State, *, today: datetime.date, prefix: str = "") -> Q:
    """`watch_status`'s rule as a filter, for counting and selecting in SQL.
    `prefix` reaches the option through a relation, e.g. "watch_options__"."""
    first, until = f"{prefix}available_from", f"{prefix}available_until"
    started = Q(**{f"{first}__isnull": True}) | Q(**{f"{first}__lte": today})
    if state == State.GONE:
        return Q(**{f"{until}__lte": today})
    if state == State.COMING:
        return Q(**{f"{first}__gt": today}) & ~Q(**{f"{until}__lte": today})
    leaves_soon = Q(
        **{
            f"{until}__gt": today,
            f"{until}__lte": today + datetime.timedelta(days=LEAVING_SOON_DAYS),
        }
    )
    if state == State.LEAVING:
        return started & leaves_soon
    return started & (
        Q(**{f"{until}__isnull": True})
        | Q(**{f"{until}__gt": today + datetime.timedelta(days=LEAVING_SOON_DAYS)})
    )


def watchable_q(*, today: datetime.date, prefix: str = "") -> Q:
    """Available now, leaving or not."""
    return state_q(State.AVAILABLE, today=today, prefix=prefix) | state_q(
        State.LEAVING, today=today, prefix=prefix
    )


@dataclass(frozen=True)
class WatchLine:
    option: WatchOption
    text: str
    status: WatchStatus

    @property
    def upcoming(self) -> bool:
        return self.status.state == State.COMING

    @property
    def leaving(self) -> bool:
        return self.status.state == State.LEAVING

    @property
    def last_day(self) -> datetime.date | None:
        return self.status.last_day

    @property
    def is_new(self) -> bool:
        """Arrived within `NEW_DAYS`, counting today, and watchable now."""
        start = self.option.available_from
        return (
            self.status.watchable
            and start is not None
            and (self.status.today - start).days < NEW_DAYS
        )

    @property
    def link(self) -> str:
        return self.option.link

    def __str__(self):
        return self.text


def watch_line(
    option: WatchOption, *, today: datetime.date | None = None
) -> WatchLine | None:
    """What `option` says to a reader on `today`, or None once it has left."""
    status = watch_status(option, today=today)
    if not status.visible:
        return None
    provider = option.provider.name
    region = f" ({option.region})" if option.region else ""
    # A series' option for some seasons says which, before the rest of the line.
    seasons = option.seasons_label
    if status.state == State.COMING:
        when = format_date(status.on, DATE_FORMAT)
        coming = f"{seasons} coming to" if seasons else "Coming to"
        return WatchLine(option, f"{coming} {provider}{region} on {when}", status)
    text = NOW.get(option.kind, "On {provider}").format(provider=provider) + region
    if seasons:
        text = f"{seasons}: {text[0].lower()}{text[1:]}"
    return WatchLine(option, text, status)


def in_region(option: WatchOption, region: str | None) -> bool:
    """Whether a reader in `region` sees `option`; None means every region (staff
    views and tests)."""
    return region is None or option.region in regions_seen_from(region)


def watch_lines(
    options: Iterable[WatchOption],
    *,
    region: str | None = None,
    today: datetime.date | None = None,
) -> list[WatchLine]:
    """The lines a reader in `region` sees for `options` on `today`: available ones
    first, then what is coming soonest; options that have left are dropped."""
    today = today or timezone.localdate()
    lines = [
        line
        for option in options
        if in_region(option, region) and (line := watch_line(option, today=today))
    ]
    return sorted(
        lines,
        key=lambda line: (
            line.upcoming,
            line.option.available_from or datetime.date.min,
            line.option.provider.name,
            line.option.region,
        ),
    )

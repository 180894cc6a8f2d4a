"""What an editor should know about where to watch: `watch_report`.

What starts and what ends in the next days for a region, and the stale wording:
published reviews whose body names a provider while their film is no longer there.
Whether an option is available, coming or gone is decided by `reviews.watch.state`
alone, on the site's local date.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.html import strip_tags

from reviews.models import Review, WatchOption
from reviews.watch.csv_import import parse_region
from reviews.watch.regions import default_region
from reviews.watch.state import State, watch_status

DEFAULT_DAYS = 14


@dataclass(frozen=True)
class StaleMention:
    review: Review
    provider_name: str
    left_on: datetime.date


@dataclass
class WatchReport:
    today: datetime.date
    days: int
    region: str
    starting: list[WatchOption] = field(default_factory=list)
    ending: list[WatchOption] = field(default_factory=list)
    stale: list[StaleMention] = field(default_factory=list)

    @property
    def horizon(self) -> datetime.date:
        return self.today + datetime.timedelta(days=self.days)

    @property
    def is_empty(self) -> bool:
        return not (self.starting or self.ending or self.stale)

    def lines(self) -> list[str]:
        """The report, grouped, one line per item; empty when there is nothing."""
        if self.is_empty:
            return []
        where = self.region or "worldwide"
        span = f"{self.today.isoformat()} to {self.horizon.isoformat()}"
        lines = [f"Starting, {span} ({where}): {len(self.starting)}"]
        lines += [
            f"  {o.available_from.isoformat()}  {_describe(o)}" for o in self.starting
        ]
        lines.append(f"Ending, {span} ({where}): {len(self.ending)}")
        lines += [
            f"  {o.available_until.isoformat()}  {_describe(o)} "
            f"(last day {(o.available_until - datetime.timedelta(days=1)).isoformat()})"
            for o in self.ending
        ]
        lines.append(f"Stale wording in published reviews: {len(self.stale)}")
        lines += [
            f"  {m.review.slug}: names {m.provider_name}, but {m.review.film} left "
            f"{m.provider_name} on {m.left_on.isoformat()}"
            for m in self.stale
        ]
        return lines


def _describe(option: WatchOption) -> str:
    region = option.region or "worldwide"
    return (
        f"{option.film} on {option.provider.name} "
        f"({region}, {option.get_kind_display()})"
    )


def watch_report(
    *,
    days: int = DEFAULT_DAYS,
    region: str | None = None,
    today: datetime.date | None = None,
) -> WatchReport:
    """What starts (first day from today up to `days` ahead) and ends (leaves after
    today, up to `days` ahead) for `region`, and the stale wording."""
    if days < 0:
        raise ValueError("days must not be negative")
    region = parse_region(default_region() if region is None else region)
    today = today or timezone.localdate()
    report = WatchReport(today=today, days=days, region=region)
    horizon = report.horizon
    options = (
        WatchOption.objects.with_provider()
        .select_related("film")
        .for_region(region)
        .filter(
            Q(available_from__gte=today, available_from__lte=horizon)
            | Q(available_until__gt=today, available_until__lte=horizon)
        )
        .order_by("available_from", "available_until", "film__title", "pk")
    )
    for option in options:
        status = watch_status(option, today=today)
        if not status.visible:
            continue
        starts_today = status.watchable and option.available_from == today
        if status.state == State.COMING or starts_today:
            if option.available_from <= horizon:
                report.starting.append(option)
        if status.watchable and status.on is not None and status.on <= horizon:
            report.ending.append(option)
    report.ending.sort(key=lambda o: (o.available_until, o.film.title, o.pk))
    report.stale = stale_mentions(region=region, today=today)
    return report


def stale_mentions(*, region: str, today: datetime.date) -> list[StaleMention]:
    """Published reviews whose body names a provider (as a whole word, any case)
    while the film has left that provider in `region` (or worldwide) and is not
    available there now."""
    reviews = (
        Review.objects.published()
        .filter(film__watch_options__isnull=False)
        .distinct()
        .select_related("film")
        .prefetch_related(
            Prefetch(
                "film__watch_options",
                queryset=WatchOption.objects.with_provider().for_region(region),
            )
        )
        .order_by("film__title", "slug")
    )
    found = []
    for review in reviews:
        left = providers_left(
            strip_tags(review.body), review.film.watch_options.all(), today=today
        )
        found += [StaleMention(review, name, on) for name, on in left]
    return found


def providers_left(
    text: str, options, *, today: datetime.date
) -> list[tuple[str, datetime.date]]:
    """(provider name, last day) for each provider `text` names (as a whole word,
    any case) that the film of `options` has left and is not available on now.
    A review's body or a list entry's note that says "on Netflix" is then stale."""
    by_provider: dict[str, list[WatchOption]] = {}
    for option in options:
        by_provider.setdefault(option.provider.name, []).append(option)
    left = []
    for name, named in sorted(by_provider.items()):
        if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            continue
        statuses = [watch_status(o, today=today) for o in named]
        if any(status.watchable for status in statuses):
            continue
        gone = [s.on for s in statuses if s.state == State.GONE]
        if gone:
            left.append((name, max(gone)))
    return left

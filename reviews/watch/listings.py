"""What the provider pages and the where-to-watch feeds list, for a reader's region.

Each list is a handful of queries whatever its length: the options with their film
and the film's published reviews (in `film.public_reviews`). Which option goes in
which section is `reviews.watch.state`'s decision alone.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from heaven.pagination import Page, uncounted_page
from reviews.models import Provider, Review, WatchOption
from reviews.watch.regions import regions_seen_from
from reviews.watch.state import (
    LEAVING_SOON_DAYS,
    State,
    WatchLine,
    state_q,
    watch_line,
    watchable_q,
)

FEED_LENGTH = 30
AVAILABLE_PER_PAGE = 60


def _with_film_and_reviews(options):
    return options.select_related("film", "film__poster", "provider").prefetch_related(
        Prefetch(
            "film__reviews",
            queryset=Review.objects.published().latest_first(),
            to_attr="public_reviews",
        )
    )


def providers_with_counts(*, region: str, today: datetime.date):
    """Every provider, with `film_count`: the films a reader in `region` can watch
    there today."""
    in_region = Q(watch_options__region__in=regions_seen_from(region))
    return Provider.objects.annotate(
        film_count=Count(
            "watch_options__film",
            distinct=True,
            filter=watchable_q(today=today, prefix="watch_options__") & in_region,
        )
    ).order_by("name")


@dataclass
class ProviderListing:
    """A provider page: the three short sections (on the first page only) and a
    page of everything available now, by film title."""

    today: datetime.date
    available_now: Page
    new_this_month: list[WatchLine] = field(default_factory=list)
    leaving_soon: list[WatchLine] = field(default_factory=list)
    coming_soon: list[WatchLine] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.coming_soon or self.available_now.object_list)


def provider_listing(
    provider: Provider,
    *,
    region: str,
    today: datetime.date | None = None,
    page: str | int | None = None,
) -> ProviderListing:
    """`provider`'s options for a reader in `region` on `today`: new this month
    (arrived since the 1st), leaving soon and coming soon, then page `page` of
    everything available now. Four queries, whatever the catalogue's size; a
    page past the end is a 404 (`heaven.pagination`)."""
    today = today or timezone.localdate()
    options = provider.watch_options.for_region(region)
    by_title = ("film__title", "film__year", "kind", "region", "pk")
    available = _with_film_and_reviews(
        options.filter(watchable_q(today=today)).order_by(*by_title)
    )
    available_now = uncounted_page(available, page, AVAILABLE_PER_PAGE)
    available_now.object_list = [
        line
        for option in available_now.object_list
        if (line := watch_line(option, today=today))
    ]
    listing = ProviderListing(today=today, available_now=available_now)
    if available_now.number > 1:
        return listing
    month_start = today.replace(day=1)
    highlights = _with_film_and_reviews(
        options.filter(
            state_q(State.COMING, today=today)
            | state_q(State.LEAVING, today=today)
            | (watchable_q(today=today) & Q(available_from__gte=month_start))
        ).order_by(*by_title)
    )
    for option in highlights:
        line = watch_line(option, today=today)
        if line is None:
            continue
        if line.upcoming:
            listing.coming_soon.append(line)
            continue
        if line.leaving:
            listing.leaving_soon.append(line)
        if option.available_from and option.available_from >= month_start:
            listing.new_this_month.append(line)
    listing.new_this_month.sort(key=lambda line: line.option.available_from)
    listing.new_this_month.reverse()
    listing.leaving_soon.sort(key=lambda line: line.option.available_until)
    listing.coming_soon.sort(key=lambda line: line.option.available_from)
    return listing


@dataclass(frozen=True)
class WatchEvent:
    """A feed item: an option arrived, or started leaving soon, on `day`."""

    line: WatchLine
    kind: str  # "arrived" or "leaving"
    day: datetime.date

    @property
    def film(self):
        return self.line.option.film

    @property
    def title(self) -> str:
        if self.kind == "leaving":
            return f"{self.film}: leaving {self.line.option.provider.name}"
        return f"{self.film}: {self.line.text}"

    @property
    def guid(self) -> str:
        return f"watch-option-{self.line.option.pk}-{self.kind}-{self.day.isoformat()}"

    @property
    def published(self) -> datetime.datetime:
        """The start of `day` in the site's time zone: when the state changed."""
        return timezone.make_aware(
            datetime.datetime.combine(self.day, datetime.time.min)
        )


def watch_events(
    *,
    region: str,
    provider: Provider | None = None,
    today: datetime.date | None = None,
    limit: int = FEED_LENGTH,
) -> list[WatchEvent]:
    """The newest events for a reader in `region`: what arrived (and is still
    there) and what started leaving soon, newest first."""
    today = today or timezone.localdate()
    options = WatchOption.objects.for_region(region)
    if provider is not None:
        options = options.filter(provider=provider)
    arrived = _with_film_and_reviews(
        options.filter(watchable_q(today=today), available_from__isnull=False).order_by(
            "-available_from", "-pk"
        )
    )[:limit]
    leaving = _with_film_and_reviews(
        options.filter(state_q(State.LEAVING, today=today)).order_by(
            "-available_until", "-pk"
        )
    )[:limit]
    soon = datetime.timedelta(days=LEAVING_SOON_DAYS)
    events = [
        WatchEvent(line, "arrived", option.available_from)
        for option in arrived
        if (line := watch_line(option, today=today))
    ] + [
        # It started leaving 14 days before it goes, or on arrival if it came later.
        WatchEvent(
            line,
            "leaving",
            max(
                option.available_until - soon,
                option.available_from or datetime.date.min,
            ),
        )
        for option in leaving
        if (line := watch_line(option, today=today)) and line.leaving
    ]
    events.sort(key=lambda event: (event.day, event.line.option.pk), reverse=True)
    return events[:limit]

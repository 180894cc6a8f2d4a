"""Whole anonymous pages from the cache, never stale.

Every cached page is filed under the *content version*: one token shared by all
processes through the cache. Any save, delete or many-to-many change of a model in
the editorial apps (`WATCHED_APPS`, whatever models they hold now or later) makes a
new token, so every page cached before (lists, feeds, sitemaps, related films,
people and authors alike) becomes unreachable at once; nothing has to know which
pages a row appears on. Time changes pages too: a scheduled review appears at its
time without a save, so the token also changes when the next scheduled publication
passes, and the key holds the site's local date (where-to-watch lines change with
the day).

The key is the token, a digest of the templates, code and static files (so a
deploy never serves pages the old code made, or linking a stylesheet it no longer
has), the date, the method, the full URL less its tracking
parameters (`heaven.tracking`) and the reader's region
(`reviews.watch.regions.reader_region`, registered by `reviews.receivers`;
never the raw cookie). Never cached: anything but
GET/HEAD, requests with a session (only they can be logged in: staff see every
change live), share-link previews, the paths in
`PAGE_CACHE_SKIP_PREFIXES`, and responses that are not a plain 200, set a cookie
or say private / no-cache / no-store.
"""

import datetime
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_migrate,
    post_save,
)
from django.utils import timezone
from django.utils.cache import (
    get_max_age,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date

from heaven import cache_tags
from heaven.cache_tags import UNSEEN_MODELS, WATCHED_APPS
from heaven.resilient_cache import back_after_dropped_writes
from heaven.tracking import path_without_tracking

logger = logging.getLogger("heaven.cache")
STATE_KEY = "heaven:content-state"
PREVIEW_PARAMETER = "preview"  # reviews.preview.TOKEN_PARAMETER
UNCACHEABLE = ("private", "no-cache", "no-store")


# What the apps tell the page cache (registered in their `ready()`, since this
# module imports neither): when the next scheduled publication falls, and what of
# a request besides its address changes the page (the reader's region).
_next_publication_sources: list = []
_key_parts: list = []


def register_next_publication(source) -> None:
    """`source(now)` gives the next aware datetime after `now` at which a page
    changes on the clock (a scheduled review going public), or None."""
    if source not in _next_publication_sources:
        _next_publication_sources.append(source)


def register_key_part(part) -> None:
    """`part(request)` gives a string that tells apart readers who get different
    pages at one address (their region)."""
    if part not in _key_parts:
        _key_parts.append(part)


def next_publication(now: datetime.datetime) -> float | None:
    """When the next scheduled change goes public (a timestamp), or None."""
    upcoming = [
        when
        for when in (source(now) for source in _next_publication_sources)
        if when is not None
    ]
    return min(upcoming).timestamp() if upcoming else None


def bump_content_version() -> dict:
    """Make every cached page unreachable; returns the new state."""
    state = {
        "version": uuid.uuid4().hex[:16],
        "until": next_publication(timezone.now()),
    }
    cache.set(STATE_KEY, state, timeout=None)
    return state


def retire_all() -> None:
    """For writes that send no row signal (bulk imports, queryset updates, a
    migration): retire every cached page and every cached part
    (`heaven.cache_tags`)."""
    bump_content_version()
    cache_tags.touch_everything()


def content_state(now: datetime.datetime, state: dict | None = None) -> dict:
    """The current state; `state` is what the cache just returned, if the caller
    already asked it."""
    if state is None:
        state = cache.get(STATE_KEY)
    if state is None:
        # Lost (evicted, or a cache restarted): a scheduled publication may have
        # passed unseen meanwhile, so cached review pages go too.
        cache_tags.touch_everything()
        return bump_content_version()
    until = state["until"]
    if until is not None and now.timestamp() >= until:
        # Every process that sees the same passed time derives the same token, so
        # several servers crossing it at once agree instead of overwriting.
        seed = f"{state['version']}|{until}".encode()
        state = {
            "version": hashlib.sha256(seed).hexdigest()[:16],
            "until": next_publication(now),
        }
        cache.set(STATE_KEY, state, timeout=None)
        # A review went public on the clock, in author boxes and related lists too.
        cache_tags.touch_everything()
    return state


def content_changed(sender, using=None, **kwargs) -> None:
    """Signal receiver: a row of a watched app changed."""
    if sender._meta.app_label not in WATCHED_APPS or sender.__module__ == "__fake__":
        return  # another app, or a migration's historical model
    if sender._meta.label_lower in UNSEEN_MODELS:
        return
    if not kwargs.get("action", "post_").startswith("post_"):
        return  # m2m_changed's pre_add, pre_remove, pre_clear
    # Now, so the same transaction's next page read (and a test) sees the change;
    # and again at commit, so a page rendered by another request from the old rows
    # while this transaction was open is not kept under the new token. Loading
    # fixtures (raw) waits for the commit: thousands of rows, one change.
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_content_version()
        return
    if not kwargs.get("raw"):
        bump_content_version()
    if not any(
        callback is bump_content_version for _, callback, _ in connection.run_on_commit
    ):
        transaction.on_commit(bump_content_version, using=using)


def migrated(sender, plan=None, **kwargs) -> None:
    """Signal receiver: `migrate` ran. A data migration writes with historical
    models, whose saves the receiver above ignores, or with `update()`, which
    sends nothing; so any migration applied to a watched app retires the pages."""
    if sender.label in WATCHED_APPS and plan:
        retire_all()


def cache_back(sender, **kwargs) -> None:
    """Signal receiver: Redis answers again, and this process dropped writes
    meanwhile. One may have retired the pages an edit changed; retire them all."""
    logger.warning("Redis cache back after dropped writes; retiring every cached page.")
    retire_all()


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{signal}")
    post_migrate.connect(migrated, dispatch_uid="page_cache_post_migrate")
    back_after_dropped_writes.connect(cache_back, dispatch_uid="page_cache_back")


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(tuple(settings.PAGE_CACHE_SKIP_PREFIXES)):
        return False
    if PREVIEW_PARAMETER in request.GET:
        return False
    # Only a request with a session can be logged in. Skipping them all (an
    # expired one too) lets a hit skip the session and auth layers entirely.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def is_cacheable_response(request, response) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in UNCACHEABLE):
        return False
    return "*" not in response.get("Vary", "")


def page_key(request, state: dict) -> str:
    parts = "|".join(
        (
            state["version"],
            cache_tags.CODE_VERSION,
            timezone.localdate().isoformat(),
            request.method,
            request.build_absolute_uri(path_without_tracking(request)),
            *(part(request) for part in _key_parts),
        )
    )
    return "heaven:page:" + hashlib.sha256(parts.encode()).hexdigest()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # The version this process saw last: a guess that lets one round trip to
        # the cache fetch both the current state and, usually, the page.
        self.seen = {"version": "", "until": None}

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        now = timezone.now()
        guessed_key = page_key(request, self.seen)
        found = cache.get_many([STATE_KEY, guessed_key])
        state = content_state(now, found.get(STATE_KEY))
        self.seen = state
        key = page_key(request, state)
        cached = found.get(key) if key == guessed_key else cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if is_cacheable_response(request, response):
            self.store(key, response, now, state["until"])
            response["X-Cache"] = "miss"
        return response

    def store(self, key, response, now, until) -> None:
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now.timestamp())
        if not response.has_header("ETag"):
            set_response_etag(response)
        if get_max_age(response) is None:
            # Browsers and proxies ask again each time (a 304 when unchanged), so
            # an edit is never hidden behind someone else's copy.
            patch_cache_control(response, max_age=0, must_revalidate=True)
        timeout = settings.PAGE_CACHE_SECONDS
        if until is not None:
            timeout = max(1, min(timeout, int(until - now.timestamp()) + 1))
        cache.set(key, response, timeout)

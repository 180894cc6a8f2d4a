"""Cached parts of pages that stay valid while the rows they show are unchanged.

The page cache (`heaven.page_cache`) retires every page at any edit: simple and
never stale, but after each save every page a reader asks for renders afresh at
once, the costly moment of a viral day with editors correcting. A *part* cached
here (a whole review page, say) is filed with the *tags* of the rows it
shows ("reviews.film:12", "people.person:7") and the logical time its render
started. It is valid while no tag has been touched since.

Touching: a save or delete of a row touches its own tag and the tags of the rows
it points to, before and after the change (a credit corrected to another film
touches both films); a many-to-many change touches both sides. A model can say
better with `touched_cache_tags()`: a review touches its author only when it is
among the reviews the author's "latest posts" box lists, and a person or alias
touches the films whose credits show it, so a review page depends on its film
rather than on each of fifty people. As with the content version, tags are
touched at once and again when the transaction commits, so a render that read
the old rows before the commit is stale by its start time. Writes that send no
row signal (bulk imports, a migration, a scheduled review going live on the
clock) and fixture loads touch `EVERYTHING`, a tag every part carries.

Times come from one counter in the cache, so every process and server agrees on
their order; with Redis, taking a time and giving it to the tags is one atomic
script. A tag with no recorded time (never touched, expired or evicted) counts
as touched just now: a part is never trusted on a forgotten record. With the
cache down nothing is stored and every part renders afresh.
"""

import hashlib
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
    pre_save,
)
from redis.exceptions import RedisError

CLOCK_KEY = "heaven:tag-clock"
EVERYTHING = "heaven:everything"
# The editorial apps, whatever models they hold now or later (the page cache
# watches the same).
WATCHED_APPS = frozenset({"reviews", "people", "taggit"})
# Rows of watched apps that no page shows. An autosave arrives every minute while
# anyone writes; counting it as a change would empty the cache all day.
UNSEEN_MODELS = frozenset({"reviews.reviewautosave"})


def tag(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def _time_key(name: str) -> str:
    return f"heaven:tag:{name}"


SOURCE_SUFFIXES = (".html", ".py", ".txt", ".xml")


def _code_version() -> str:
    """A digest of the templates, Python sources and static files, so a deploy
    that changes markup never serves parts rendered by the old code, nor pages
    that link a stylesheet by a hashed name the new deploy no longer has."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in ("templates", "heaven", "reviews", "people", "static"):
        for path in sorted((root / folder).rglob("*")):
            source = folder == "static" or path.suffix in SOURCE_SUFFIXES
            if source and path.is_file():
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


CODE_VERSION = _code_version()


# Every time handed out is at least this: the clock starts from the wall clock in
# microseconds (about 1.8e15 in 2026), so a clock made again after it was lost
# runs ahead of every time the lost one gave out.
CLOCK_FLOOR = 10**15

# One step in Redis, so no touch can land after a later one and leave a row's
# time earlier than its last change: take the next time (starting the clock
# afresh from the wall clock, ARGV[1], if it was lost) and give it to every tag
# in KEYS[2..], for ARGV[2] seconds.
CLOCK_AND_TOUCH = """
local now = redis.call('INCR', KEYS[1])
local floor = tonumber(ARGV[1])
if now < floor then
  now = floor
  redis.call('SET', KEYS[1], now)
end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], now, 'EX', ARGV[2])
end
return now
"""
_scripts = {}  # per Redis client
# The same for a cache in this process's memory (development, tests).
_local_clock = threading.Lock()


def _times_seconds() -> int:
    # A time only matters while a part that may depend on it lives; a forgotten
    # time counts as changed just now, so letting it expire is safe.
    return settings.PAGE_CACHE_SECONDS + 60


def _clock_and_touch(names) -> int | None:
    """The next logical time, given to every tag in `names`; None when the
    cache cannot give one."""
    floor = max(CLOCK_FLOOR, time.time_ns() // 1000)
    keys = [_time_key(name) for name in names]
    backend = caches[DEFAULT_CACHE_ALIAS]  # `cache` is a proxy to it
    if isinstance(backend, RedisCache):

        def clock_and_touch() -> int:
            client = backend._cache.get_client(write=True)
            script = _scripts.get(id(client))
            if script is None:
                script = _scripts[id(client)] = client.register_script(CLOCK_AND_TOUCH)
            made = [backend.make_and_validate_key(key) for key in (CLOCK_KEY, *keys)]
            return int(script(keys=made, args=[floor, _times_seconds()]))

        if hasattr(backend, "through_breaker"):
            # A hanging Redis is skipped here too (heaven/resilient_cache.py).
            return backend.through_breaker("touch", None, clock_and_touch)
        try:
            return clock_and_touch()
        except (RedisError, OSError):
            return None
    with _local_clock:
        value = cache.get(CLOCK_KEY, 0) + 1
        if value < CLOCK_FLOOR:
            value = floor
        cache.set(CLOCK_KEY, value, timeout=None)
        cache.set_many(dict.fromkeys(keys, value), timeout=_times_seconds())
        return value


def now() -> int | None:
    """The next logical time, or None when the cache cannot give one."""
    return _clock_and_touch(())


def touch(tags) -> None:
    """Mark `tags` as changed now."""
    names = set(tags)
    if _clock_and_touch(names) is None:
        # No clock: forget the times instead, which counts them as changed.
        cache.delete_many([_time_key(name) for name in names])


def touch_everything() -> None:
    touch([EVERYTHING])


def part_key(name: str, *parts) -> str:
    text = "|".join(str(part) for part in (CODE_VERSION, *parts))
    return f"heaven:part:{name}:" + hashlib.sha256(text.encode()).hexdigest()


# Each part's tags as this process last saw them: asking for the part and its
# tags' times together saves a round trip to the cache on every request.
_tags_seen: dict[str, list[str]] = {}
TAGS_SEEN_LIMIT = 20_000


def get_part(key: str):
    """The value stored under `key` if no tag it shows was touched since its
    render started; None otherwise."""
    guessed = _tags_seen.get(key, [])
    found = cache.get_many([key, *(_time_key(name) for name in guessed)])
    entry = found.pop(key, None)
    if entry is None:
        return None
    names = entry["tags"]
    if names == guessed:
        times = found
    else:
        times = cache.get_many([_time_key(name) for name in names])
        if len(_tags_seen) >= TAGS_SEEN_LIMIT:
            _tags_seen.clear()
        _tags_seen[key] = names
    missing = [name for name in names if _time_key(name) not in times]
    if missing:
        _record_unknown(missing)
        return None
    if any(touched_at >= entry["started"] for touched_at in times.values()):
        return None
    return entry["value"]


def store_part(key: str, value, *, started: int | None, tags) -> None:
    """File `value`, rendered from rows read after logical time `started`."""
    if started is None:
        return
    names = sorted(set(tags) | {EVERYTHING})
    times = cache.get_many([_time_key(name) for name in names])
    missing = [name for name in names if _time_key(name) not in times]
    if missing:
        # Record them now (as changed now): the next render can be trusted.
        _record_unknown(missing)
        return
    if any(touched_at >= started for touched_at in times.values()):
        return  # touched while rendering: this copy may hold old rows
    timeout = settings.PAGE_CACHE_SECONDS
    cache.set(key, {"tags": names, "started": started, "value": value}, timeout)


def _record_unknown(names) -> None:
    # As touched now: overwriting a time another process just wrote only ever
    # makes it later, which retires more, never less.
    touch(names)


# Signal receivers


def _watched(model) -> bool:
    meta = model._meta
    return (
        meta.app_label in WATCHED_APPS
        and model.__module__ != "__fake__"  # a migration's historical model
        and meta.label_lower not in UNSEEN_MODELS
    )


def _pointers(model) -> list:
    """The model's foreign keys to watched rows, and its generic foreign keys
    (a tagged item's to its review)."""
    from django.contrib.contenttypes.fields import GenericForeignKey

    return [
        field
        for field in model._meta.concrete_fields
        if (field.many_to_one or field.one_to_one) and _watched(field.related_model)
    ] + [
        field
        for field in model._meta.private_fields
        if isinstance(field, GenericForeignKey)
    ]


def _stored_in(field) -> tuple[str, ...]:
    """The fields that hold a pointer (a generic key's two)."""
    from django.contrib.contenttypes.fields import GenericForeignKey

    if isinstance(field, GenericForeignKey):
        return (field.ct_field, field.fk_field)
    return (field.name,)


def _named_by(field) -> set[str]:
    """What `update_fields` may call a pointer."""
    return {field.name, getattr(field, "attname", field.name)} | {
        name for stored in _stored_in(field) for name in (stored, f"{stored}_id")
    }


def _pointed_at(instance) -> set[str]:
    """The tags of the watched rows `instance` points to."""
    from django.contrib.contenttypes.fields import GenericForeignKey
    from django.contrib.contenttypes.models import ContentType

    names = set()
    for field in _pointers(type(instance)):
        if isinstance(field, GenericForeignKey):
            type_id = getattr(instance, f"{field.ct_field}_id")
            pk = getattr(instance, field.fk_field)
            model = type_id and ContentType.objects.get_for_id(type_id).model_class()
        else:
            model, pk = field.related_model, getattr(instance, field.attname)
        if model and pk is not None and _watched(model):
            names.add(tag(model, pk))
    return names


# What a row of another app's model shows up on, by model label: a person's
# credits and mentions belong to `reviews`, which `people` knows nothing of, so
# `reviews` registers the films and reviews a person's change retires.
_tag_sources: dict[str, list[Callable]] = {}


def register_tag_source(label_lower: str, source: Callable) -> None:
    """Have `source(row)` add tags to what a save or delete of a row of the model
    `label_lower` ("people.person") touches."""
    sources = _tag_sources.setdefault(label_lower, [])
    if source not in sources:
        sources.append(source)


def tags_of_row(instance) -> set[str]:
    """The row's own tag and those of the watched rows it points to, unless its
    model says better (`touched_cache_tags()`), with what other apps add."""
    if hasattr(instance, "touched_cache_tags"):
        names = instance.touched_cache_tags()
    else:
        names = {tag(type(instance), instance.pk)} | _pointed_at(instance)
    for source in _tag_sources.get(instance._meta.label_lower, ()):
        names |= source(instance)
    return names


def row_saving(sender, instance, raw=False, using=None, update_fields=None, **kw):
    """Before an update: the rows the stored row points to, which the save may
    change (a credit corrected to another film must leave the first film's
    pages too)."""
    if raw or not _watched(sender) or instance._state.adding or instance.pk is None:
        return
    if hasattr(instance, "touched_cache_tags"):
        return
    pointers = [
        field
        for field in _pointers(sender)
        if update_fields is None or _named_by(field) & set(update_fields)
    ]
    if not pointers:
        return
    stored = (
        sender._base_manager.using(using)
        .only(*(name for field in pointers for name in _stored_in(field)))
        .filter(pk=instance.pk)
        .first()
    )
    if stored is not None:
        instance._cache_tags_before = _pointed_at(stored)


class TouchAtCommit:
    """The tags a transaction touched, touched again once it commits: one
    callback per transaction however many rows it writes. A transaction that
    touches more than ``AT_COMMIT_LIMIT`` tags (an import of thousands of posts)
    touches every page's tag at commit instead of keeping each name, so its
    memory stays flat."""

    def __init__(self):
        self.names = set()
        self.everything = False

    def add(self, names) -> None:
        if self.everything:
            return
        self.names.update(names)
        if len(self.names) > AT_COMMIT_LIMIT:
            self.names, self.everything = set(), True

    def __call__(self):
        touch([EVERYTHING] if self.everything else self.names)


AT_COMMIT_LIMIT = 2_000


def touch_now_and_at_commit(names: set[str], using=None) -> None:
    connection = transaction.get_connection(using)
    touch(names)
    if not connection.in_atomic_block:
        return
    pending = next(
        (
            callback
            for _, callback, _ in connection.run_on_commit
            if isinstance(callback, TouchAtCommit)
        ),
        None,
    )
    if pending is None:
        pending = TouchAtCommit()
        transaction.on_commit(pending, using=using)
    pending.add(names)


def _once_at_commit(callback, using) -> None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        callback()
    elif not any(known is callback for _, known, _ in connection.run_on_commit):
        transaction.on_commit(callback, using=using)


def row_deleting(sender, instance, **kwargs) -> None:
    """Before a delete: what the row touches, while the rows that point at it
    still do (Django empties SET_NULL keys before `post_delete`)."""
    if _watched(sender) and instance.pk is not None:
        instance._cache_tags_before = tags_of_row(instance)


def row_changed(sender, instance, using=None, raw=False, **kwargs) -> None:
    if not _watched(sender) or instance.pk is None:
        return
    if raw:
        # Loading fixtures or a backup: thousands of rows in one transaction,
        # any of them shown anywhere. Everything goes once, when it commits.
        _once_at_commit(touch_everything, using)
        return
    names = tags_of_row(instance)
    names |= instance.__dict__.pop("_cache_tags_before", set())
    touch_now_and_at_commit(names, using)


def relation_changed(
    sender, instance, action, model, pk_set, using=None, **kwargs
) -> None:
    if not action.startswith("post_") or not _watched(type(instance)):
        return
    names = {tag(type(instance), instance.pk)}
    if _watched(model):
        names.update(tag(model, pk) for pk in pk_set or ())
    touch_now_and_at_commit(names, using)


def connect_signals() -> None:
    pre_save.connect(row_saving, dispatch_uid="cache_tags_pre_save")
    pre_delete.connect(row_deleting, dispatch_uid="cache_tags_pre_delete")
    post_save.connect(row_changed, dispatch_uid="cache_tags_post_save")
    post_delete.connect(row_changed, dispatch_uid="cache_tags_post_delete")
    m2m_changed.connect(relation_changed, dispatch_uid="cache_tags_m2m_changed")

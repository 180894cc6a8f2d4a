"""Django's Redis cache, minus the outage.

A cache is an optimisation: when Redis cannot be reached, reads are misses and
writes are dropped, the site keeps answering (uncached) and the log says why, at
most once a minute per process so an outage does not flood it.

A dropped write may have been the one that retired stale pages (an editor saved
while Redis was unreachable), and a Redis that comes back without a restart still
holds those pages. So a process that dropped a write sends `back_after_dropped_writes`
before its next read once Redis answers again (`heaven.page_cache` retires every
cached page on it), trying again every few seconds while it does not.

A Redis that hangs (accepts connections, never answers) is worse than one that
refuses: every call waits out the socket timeout, and a page makes many calls. So
a timeout opens a circuit breaker: for `REDIS_BREAKER_SECONDS` this process skips
Redis altogether (reads miss, writes are dropped and remembered), then lets one
call through as a probe; if it times out too, the breaker opens again. A page
then pays at most one timeout every few seconds instead of one per cache call.
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("heaven.cache")
LOG_EVERY_SECONDS = 60
FAILURES = (RedisError, OSError)
READS = {"get", "get_many", "has_key"}
RETRY_SECONDS = 5
# A hang shows as a timeout, from redis-py or from the socket itself.
HANGS = (RedisTimeoutError, TimeoutError)


class Skipped(RedisError):
    """Raised instead of calling Redis while the breaker is open."""


back_after_dropped_writes = Signal()


class ReusingRedisCacheClient(RedisCacheClient):
    """Django makes a new redis-py client object for every operation, and each
    builds a table of ~170 response callbacks: a fifth of a millisecond, half the
    time of a cached page. One client per connection pool does the same job (the
    client is thread-safe; the pool hands out connections)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._client(connection_pool=self._pools[index])
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0
    # Per process, like the connections: the process that dropped a write is the
    # one that knows it.
    _dropped_writes = False
    _retry_at = 0.0
    # The breaker: while monotonic time is before this, Redis is not called.
    _open_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self.breaker_seconds = float(getattr(settings, "REDIS_BREAKER_SECONDS", 5))

    @classmethod
    def breaker_is_open(cls) -> bool:
        return time.monotonic() < cls._open_until

    def guard(self) -> None:
        """Before every call: skip Redis while the breaker is open. Once it has
        run out, the next call is the probe; pushing the deadline on first means
        other threads keep skipping while it waits."""
        now = time.monotonic()
        if now < ResilientRedisCache._open_until:
            raise Skipped("Redis timed out recently; skipping it for now.")
        if ResilientRedisCache._open_until:
            ResilientRedisCache._open_until = now + self.breaker_seconds
            self._probing = True

    def answered(self) -> None:
        if getattr(self, "_probing", False):
            self._probing = False
            ResilientRedisCache._open_until = 0.0
            logger.warning("Redis cache answers again; using it.")

    def failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        self._probing = False
        if operation not in READS:
            ResilientRedisCache._dropped_writes = True
        if isinstance(error, HANGS):
            ResilientRedisCache._open_until = now + self.breaker_seconds
        elif isinstance(error, Skipped):
            return
        if now - ResilientRedisCache._last_logged >= LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            logger.warning(
                "Redis cache unavailable (%s: %s); serving without the cache.",
                operation,
                error,
            )

    def catch_up(self) -> None:
        """Before a read: let receivers redo what dropped writes may have done."""
        now = time.monotonic()
        if (
            not ResilientRedisCache._dropped_writes
            or now < ResilientRedisCache._retry_at
            or now < ResilientRedisCache._open_until
        ):
            return
        # Cleared first: a receiver's own writes that fail set it again, and the
        # next try waits a few seconds instead of slowing every request.
        ResilientRedisCache._dropped_writes = False
        ResilientRedisCache._retry_at = now + RETRY_SECONDS
        back_after_dropped_writes.send(sender=type(self), cache=self)

    def through_breaker(self, operation: str, fallback, call):
        """Run one Redis call through the breaker; on failure, `fallback`."""
        try:
            self.guard()
            result = call()
        except FAILURES as error:
            self.failed(operation, error)
            return fallback
        self.answered()
        return result

    def get(self, key, default=None, version=None):
        self.catch_up()
        return self.through_breaker(
            "get",
            default,
            lambda: super(ResilientRedisCache, self).get(key, default, version),
        )

    def get_many(self, keys, version=None):
        self.catch_up()
        return self.through_breaker(
            "get_many",
            {},
            lambda: super(ResilientRedisCache, self).get_many(keys, version),
        )

    def has_key(self, key, version=None):
        return self.through_breaker(
            "has_key",
            False,
            lambda: super(ResilientRedisCache, self).has_key(key, version),
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.through_breaker(
            "set",
            None,
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
        )

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self.through_breaker(
            "add",
            False,
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self.through_breaker(
            "set_many",
            list(data),
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.through_breaker(
            "touch",
            False,
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
        )

    def delete(self, key, version=None):
        return self.through_breaker(
            "delete",
            False,
            lambda: super(ResilientRedisCache, self).delete(key, version),
        )

    def delete_many(self, keys, version=None):
        self.through_breaker(
            "delete_many",
            None,
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
        )

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self.through_breaker(
            "incr",
            missing,
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
        )
        if result is missing:
            # What a missing key raises: the caller starts afresh.
            raise ValueError(f"Key {key!r} not found (cache unavailable).")
        return result

    def clear(self):
        self.through_breaker(
            "clear", None, lambda: super(ResilientRedisCache, self).clear()
        )

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz)."""
        return self.through_breaker(
            "ping", False, lambda: bool(self._cache.get_client(write=False).ping())
        )

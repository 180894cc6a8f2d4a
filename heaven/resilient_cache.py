"""Django's Redis cache, minus the outage.

A cache is an optimisation: when Redis cannot be reached, reads are misses and
writes are dropped, the site keeps answering (uncached) and the log says why, at
most once a minute per process so an outage does not flood it.

A dropped write may have been the one that retired stale pages (an editor saved
while Redis was unreachable), and a Redis that comes back without a restart still
holds those pages. So a process that dropped a write sends `back_after_dropped_writes`
before its next read once Redis answers again (`heaven.page_cache` retires every
cached page on it), trying again every few seconds while it does not.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import RedisError

logger = logging.getLogger("heaven.cache")
LOG_EVERY_SECONDS = 60
FAILURES = (RedisError, OSError)
READS = {"get", "get_many", "has_key"}
RETRY_SECONDS = 5

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

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def failed(self, operation: str, error: Exception) -> None:
        now = time.monotonic()
        if operation not in READS:
            ResilientRedisCache._dropped_writes = True
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
        ):
            return
        # Cleared first: a receiver's own writes that fail set it again, and the
        # next try waits a few seconds instead of slowing every request.
        ResilientRedisCache._dropped_writes = False
        ResilientRedisCache._retry_at = now + RETRY_SECONDS
        back_after_dropped_writes.send(sender=type(self), cache=self)

    def get(self, key, default=None, version=None):
        self.catch_up()
        try:
            return super().get(key, default, version)
        except FAILURES as error:
            self.failed("get", error)
            return default

    def get_many(self, keys, version=None):
        self.catch_up()
        try:
            return super().get_many(keys, version)
        except FAILURES as error:
            self.failed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except FAILURES as error:
            self.failed("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except FAILURES as error:
            self.failed("set", error)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except FAILURES as error:
            self.failed("add", error)
            return False

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except FAILURES as error:
            self.failed("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except FAILURES as error:
            self.failed("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except FAILURES as error:
            self.failed("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except FAILURES as error:
            self.failed("delete_many", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except FAILURES as error:
            self.failed("incr", error)
            # What a missing key raises: the caller starts afresh.
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from error

    def clear(self):
        try:
            super().clear()
        except FAILURES as error:
            self.failed("clear", error)

    def ping(self) -> bool:
        """Whether Redis answers now (for /healthz)."""
        try:
            return bool(self._cache.get_client(write=False).ping())
        except FAILURES:
            return False

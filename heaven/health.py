"""What /healthz reports: can this process reach its database and its cache?"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection

logger = logging.getLogger("heaven.health")


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.error("Health check: the database is unreachable: %s", error)
        return "unavailable"
    return "ok"


def cache_state() -> str:
    """A write and a read back; the resilient Redis cache turns an outage, a hang
    (after one short timeout) or an open breaker into a miss, so a value that does
    not come back means the cache is down."""
    key, value = "heaven:health", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    return "ok" if cache.get(key) == value else "unavailable"


def check() -> dict[str, str]:
    """`status` is "ok", "degraded" (the database answers, the cache does not: the
    site serves, slower) or "unavailable" (no database: the site cannot serve)."""
    state = {"database": database_state(), "cache": cache_state()}
    if state["database"] != "ok":
        state["status"] = "unavailable"
    elif state["cache"] != "ok":
        state["status"] = "degraded"
    else:
        state["status"] = "ok"
    return state

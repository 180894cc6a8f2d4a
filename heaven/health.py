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
    """A write and a read back; the resilient Redis cache turns an outage into a
    miss, so a value that does not come back means the cache is down."""
    key, value = "heaven:health", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    return "ok" if cache.get(key) == value else "unavailable"


def check() -> dict[str, str]:
    state = {"database": database_state(), "cache": cache_state()}
    state["status"] = "ok" if state["database"] == "ok" else "unavailable"
    return state

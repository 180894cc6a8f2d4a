"""A service that hangs or stalls costs a request seconds at most, never the site:
a Redis that accepts connections and never answers is skipped by a circuit
breaker (pages answer at uncached speed), /healthz says "degraded", and a
database that stalls fails a request within its connect or statement timeout."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import NEEDS_REDIS, make_review, redis_url
from tests.redis_relay import RedisRelay
from tests.silent_server import SilentServer

REPO = Path(__file__).resolve().parent.parent


def resilient_redis(location: str, prefix: str = "heaven-test-faults") -> dict:
    return {
        "default": {
            "BACKEND": "heaven.resilient_cache.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }


@pytest.fixture
def hung_redis(settings):
    with SilentServer() as server:
        settings.REDIS_BREAKER_SECONDS = 60
        settings.CACHES = resilient_redis(server.redis_url())
        yield server


def test_pages_answer_while_redis_hangs_asking_it_once(db, hung_redis, caplog):
    review = make_review("Ballerina (2023) – Review")
    urls = ["/", review.get_absolute_url(), review.film.get_absolute_url(), "/feed/"]

    responses = [Client().get(url) for url in urls * 3]

    assert [r.status_code for r in responses] == [200] * len(responses)
    assert "Ballerina (2023) – Review" in responses[1].text
    # Twelve pages, each making several cache calls, waited on the hung Redis
    # once: after that timeout the breaker skipped it.
    assert hung_redis.connections == 1
    assert "Redis cache unavailable" in caplog.text


def test_health_says_degraded_while_redis_hangs(db, hung_redis):
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "cache": "unavailable",
        "status": "degraded",
    }


def test_health_says_degraded_while_redis_refuses(db, settings):
    with SilentServer() as server:
        port = server.port
    settings.CACHES = resilient_redis(f"redis://127.0.0.1:{port}/0")

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"


@NEEDS_REDIS
def test_after_a_hang_the_breaker_probes_and_redis_serves_pages_again(db, settings):
    import time

    relay = RedisRelay(redis_url())
    settings.REDIS_BREAKER_SECONDS = 0.5
    settings.CACHES = resilient_redis(relay.url, "heaven-test-breaker")
    from django.core.cache import cache

    review = make_review("The Call (2020) – Review")
    url = review.get_absolute_url()
    cache.clear()
    try:
        Client().get(url)
        assert Client().get(url)["X-Cache"] == "hit"
        relay.hang()
        during = [Client().get(url) for _ in range(3)]
        tried_during_hang = relay.connections
        time.sleep(0.6)  # the breaker's interval runs out
        relay.reconnect()
        after = [Client().get(url) for _ in range(3)]
    finally:
        relay.reconnect()
        cache.clear()
        relay.close()

    assert [r.status_code for r in during + after] == [200] * 6
    assert all(r["X-Cache"] == "miss" for r in during)
    assert "The Call (2020) – Review" in during[-1].text
    # The probe found Redis answering: pages are cached again.
    assert after[-1]["X-Cache"] == "hit"
    assert relay.connections > tried_during_hang


def run_healthz(env: dict, timeout: int = 60) -> tuple[int, dict]:
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
            "DJANGO_SETTINGS_MODULE": "heaven.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    return int(status), json.loads(body)


def test_a_stalled_database_fails_the_request_within_its_connect_timeout():
    """PostgreSQL's port accepts and never answers; without a connect timeout the
    request would wait until the worker is killed (here: the 20 s limit)."""
    with SilentServer() as stalled:
        status, body = run_healthz(
            {
                "DATABASE_URL": f"postgres://postgres@127.0.0.1:{stalled.port}/heaven",
                "DATABASE_CONNECT_TIMEOUT": "2",
            },
            timeout=20,
        )

    assert status == 503
    assert body["database"] == "unavailable"
    assert body["status"] == "unavailable"


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL's statement timeout (set DATABASE_URL to a PostgreSQL server)",
)
def test_a_query_stuck_behind_a_lock_is_cancelled_within_its_timeout(
    django_db_setup, django_db_blocker
):
    """A migration holds the reviews table; a request that reads reviews fails
    after DATABASE_STATEMENT_TIMEOUT instead of waiting for it."""
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"]
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    holder = (
        "import django; django.setup(); from django.db import connection, "
        "transaction\n"
        "with transaction.atomic():\n"
        "    connection.cursor().execute("
        "'LOCK TABLE reviews_review IN ACCESS EXCLUSIVE MODE')\n"
        "    print('locked', flush=True)\n"
        "    import time; time.sleep(20)\n"
    )
    saver = (
        "import django; django.setup(); from reviews.models import Review\n"
        "from django.db import OperationalError\n"
        "try:\n"
        "    print('read', Review.objects.count())\n"
        "except OperationalError as error:\n"
        "    print('failed:', error)\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heaven.settings",
        "DATABASE_URL": url,
        "DATABASE_STATEMENT_TIMEOUT": "1",
    }
    env.pop("REDIS_URL", None)
    lock = subprocess.Popen(
        [sys.executable, "-c", holder],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert lock.stdout.readline().strip() == "locked"
        result = subprocess.run(
            [sys.executable, "-c", saver],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=15,
        )
    finally:
        lock.kill()
        lock.wait()

    assert "failed: canceling statement due to statement timeout" in result.stdout, (
        result.stdout + result.stderr
    )

"""/healthz tells a proxy whether this server can serve: 200 while the database
answers, whatever the cache does; 503 when the database is down."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_healthy_site_says_so(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_cache_down_is_reported_but_the_site_is_healthy(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "heaven.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/5",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_database_down_answers_503():
    """A real failure: a process whose database is a closed port."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode())"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "heaven.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/heaven",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {
        "database": "unavailable",
        "cache": "ok",
        "status": "unavailable",
    }

"""Settings come from the environment, and production refuses an unsafe start."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], "
    "s.CACHES['default']['BACKEND'], s.MEDIA_ROOT, s.TIME_ZONE)"
)


def run_settings(**env):
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"}
    }
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=REPO,
        env={**base, "DJANGO_SETTINGS_MODULE": "heaven.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_settings_come_from_the_environment(tmp_path):
    result = run_settings(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret",
        ALLOWED_HOSTS="reviews.example, www.reviews.example",
        DATABASE_URL="postgres://heaven@db.invalid:5432/heaven",
        REDIS_URL="redis://cache.invalid:6379/0",
        MEDIA_ROOT=str(tmp_path),
        TIME_ZONE="Europe/Copenhagen",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['reviews.example',",
        "'www.reviews.example']",
        "django.db.backends.postgresql",
        "heaven.resilient_cache.ResilientRedisCache",
        str(tmp_path),
        "Europe/Copenhagen",
    ]


def test_development_defaults_need_no_environment():
    result = run_settings()

    assert result.returncode == 0, result.stderr
    assert "django.db.backends.sqlite3" in result.stdout
    assert "LocMemCache" in result.stdout

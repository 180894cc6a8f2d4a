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


PRINT_EMAIL = (
    "from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL, s.DEFAULT_FROM_EMAIL)"
)


def run_email_settings(**env):
    return subprocess.run(
        [sys.executable, "-c", PRINT_EMAIL],
        cwd=REPO,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")},
            "DJANGO_SETTINGS_MODULE": "heaven.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_email_comes_from_email_url_with_an_encoded_password():
    result = run_email_settings(
        EMAIL_URL="smtp://desk%40reviews.example:p%40ss%2Fw0rd@mail.example:587/?tls=true",
        DEFAULT_FROM_EMAIL="Heaven desk <desk@reviews.example>",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example",
        "587",
        "desk@reviews.example",
        "p@ss/w0rd",
        "True",
        "False",
        "Heaven",
        "desk",
        "<desk@reviews.example>",
    ]


def test_email_comes_from_smtp_settings():
    result = run_email_settings(
        EMAIL_HOST="smtp.mail.example",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="desk",
        EMAIL_HOST_PASSWORD="secret",
        EMAIL_USE_TLS="false",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:7] == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.mail.example",
        "2525",
        "desk",
        "secret",
        "False",
        "False",
    ]


def test_development_prints_email_to_the_console():
    result = run_email_settings()

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("django.core.mail.backends.console.EmailBackend")


def test_a_malformed_email_url_is_refused_in_one_line():
    result = run_email_settings(EMAIL_URL="mail.example:587")

    assert result.returncode != 0
    assert "EMAIL_URL must look like smtp://" in result.stderr


def test_a_request_for_another_host_logs_one_line():
    """Scanners send Host headers that are not ours all day; each gets a 400 and
    one line in the log, not a traceback."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "print(Client().get('/', HTTP_HOST='203.0.113.50:8080').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", script],
        cwd=REPO,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "heaven.settings",
            "DEBUG": "false",
            "SECRET_KEY": "a-long-random-production-secret",
            "ALLOWED_HOSTS": "reviews.example",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == "400"
    assert result.stderr.splitlines() == [
        "Invalid HTTP_HOST header: '203.0.113.50:8080'. "
        "You may need to add '203.0.113.50' to ALLOWED_HOSTS."
    ]

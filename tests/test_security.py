"""Security a reader and an editor get without asking: headers on every public
page, a deploy check that passes with the documented production environment, and
admin logins locked out after repeated failures."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_review

REPO = Path(__file__).resolve().parent.parent

# The production environment README.md documents (secrets made up here).
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x3n!b9-production-like-secret-that-is-long-and-random-k2v8q7w4z",
    "ALLOWED_HOSTS": "reviews.example",
    "CSRF_TRUSTED_ORIGINS": "https://reviews.example",
    "DATABASE_URL": "postgres://heaven@127.0.0.1:5432/heaven",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("cached", [False, True], ids=["fresh", "cached"])
def test_every_security_header_on_a_public_page(client, db, cached):
    review = make_review()
    if cached:
        client.get(review.get_absolute_url(), secure=True)

    response = client.get(review.get_absolute_url(), secure=True)

    assert response.status_code == 200
    assert response["X-Cache"] == ("hit" if cached else "miss")
    hsts = response["Strict-Transport-Security"]
    assert "max-age=31536000" in hsts and "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_public_pages_have_no_inline_script_or_handler(client, demo):
    """The policy forbids inline scripts; a page that needed one would break."""
    import re

    for url in ["/", demo["ballerina"].get_absolute_url(), "/search/?q=jun"]:
        html = client.get(url).content.decode()
        scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
        # JSON-LD is data; any other script is a file of ours, never inline.
        assert all(
            'type="application/ld+json"' in attrs
            or ('src="/static/' in attrs and not body.strip())
            for attrs, body in scripts
        ), url
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), url


def test_a_nonce_is_offered_for_inline_scripts(rf):
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">go()</script>')

    request = rf.get("/")
    response = CSPMiddleware(view)(request)

    nonce = response.content.decode().split('nonce="')[1].split('"')[0]
    assert (
        f"'nonce-{nonce}'"
        in directives(response["Content-Security-Policy"])["script-src"]
    )


def run_manage(*args, **env):
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
        # The browser tests set it for their live server; no deployment does.
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_the_production_environment():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_fails_when_https_is_switched_off():
    """The check is not toothless: dropping the documented settings fails it."""
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **{**PRODUCTION_ENV, "SECURE_COOKIES": "false", "SECURE_HSTS_SECONDS": "0"},
    )

    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stderr

"""`make serve`: the production server refuses to start half-configured, and once
up serves hashed, compressed static files and healthy pages with DEBUG off."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def make_serve(env: dict, **kwargs):
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"}
        and not k.startswith("DJANGO_")
    }
    # This interpreter's virtualenv as it is (STAMP= skips the install step).
    command = ["make", "--no-print-directory", "serve", f"VENV={sys.prefix}", "STAMP="]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env={**base, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,
    )


def test_serve_refuses_without_a_secret_key():
    process = make_serve({"ALLOWED_HOSTS": "127.0.0.1"})
    _, stderr = process.communicate(timeout=60)

    assert process.returncode != 0
    assert "make serve: SECRET_KEY is not set; see README, Production." in stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers, response.read()


def test_serve_answers_with_compressed_hashed_static_files(tmp_path):
    port = free_port()
    env = {
        "SECRET_KEY": "test-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env={**os.environ, **env, "DEBUG": "false"},
        check=True,
        timeout=120,
    )
    server = make_serve(env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, body = get(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "make serve did not come up"
                time.sleep(0.3)
        assert status == 200 and b'"database": "ok"' in body

        _, headers, home = get(f"{base}/")
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home)
        assert stylesheet, "static files are not hashed"
        _, css_headers, _ = get(
            base + stylesheet.group(1).decode(), **{"Accept-Encoding": "gzip"}
        )
        assert css_headers["Content-Encoding"] == "gzip"
        assert "immutable" in css_headers["Cache-Control"]
        # DEBUG is off: an unknown page is the site's own 404, not Django's debug page.
        with pytest.raises(urllib.error.HTTPError) as missing:
            get(f"{base}/no-such-page/")
        assert missing.value.code == 404
        assert b"URLconf" not in missing.value.read()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=30)

"""Page latency while Redis hangs, against the same pages with no cache at all.

    python bench/redis_hang.py [--requests 300]

Builds bench/pages.py's small database (100 reviews) in a temporary folder, then
asks for review, film, home and feed pages with Django's test client, DEBUG off,
twice in alternating batches:

    uncached: Django's dummy cache, so every page renders whole;
    hanging:  the production Redis cache (heaven/resilient_cache.py) pointed at a
              loopback port that accepts connections and never answers, with the
              socket timeout and breaker interval from the environment
              (REDIS_TIMEOUT_SECONDS, REDIS_BREAKER_SECONDS) or their defaults.

Prints the median, 95th percentile and mean of each and exits with status 1 when
the hanging median or mean is over twice the uncached one. Not a test.
"""

import argparse
import os
import random
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
TARGET = 2.0
KINDS = ["review", "film", "home", "feed"]


def silent_port() -> int:
    """A loopback port that accepts every connection and never answers."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            client, _ = listener.accept()
            held.append(client)

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="per cache kind")
    parser.add_argument("--batch", type=int, default=20, help=argparse.SUPPRESS)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="heaven-bench-redis-hang-"))
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        DEBUG="false",
        SECRET_KEY="bench-only-not-secret",
        ALLOWED_HOSTS="testserver",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        REDIS_URL=f"redis://127.0.0.1:{silent_port()}/0",
        DJANGO_SETTINGS_MODULE="heaven.settings",
    )
    sys.path[:0] = [str(REPOSITORY), str(REPOSITORY / "bench")]
    try:
        return run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run(args, folder: Path) -> int:
    import django

    django.setup()
    import pages
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    print("building the small database …", file=sys.stderr, flush=True)
    hanging = settings.CACHES
    uncached = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(CACHES=uncached):
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        pages.build(pages.SIZES["small"])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        rng = random.Random(7)
        urls = [url for kind in KINDS for url in pages.sample_urls(kind, rng)]
        rng.shuffle(urls)
        client = Client()
        for url in urls:  # warm up: renditions, templates, SQLite's page cache
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

    timings = {"uncached": [], "hanging": []}
    served = 0
    print("timing …", file=sys.stderr, flush=True)
    started = time.perf_counter()
    for _ in range(args.requests // args.batch):
        for name, caches in (("uncached", uncached), ("hanging", hanging)):
            with override_settings(CACHES=caches):
                client = Client()
                for _ in range(args.batch):
                    url = urls[served % len(urls)]
                    served += 1
                    wall = time.perf_counter()
                    response = client.get(url)
                    timings[name].append((time.perf_counter() - wall) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
    elapsed = time.perf_counter() - started

    figures = {
        name: {
            "median": statistics.median(values),
            "p95": sorted(values)[max(0, int(len(values) * 0.95) - 1)],
            "mean": statistics.fmean(values),
        }
        for name, values in timings.items()
    }
    print(
        f"{args.requests} requests per kind over {elapsed:.1f} s (review, film, home "
        f"and feed pages), Django test client, SQLite, DEBUG off; Redis socket "
        f"timeout {settings.REDIS_TIMEOUT_SECONDS} s, breaker "
        f"{settings.REDIS_BREAKER_SECONDS} s"
    )
    print(f"{'cache':<10} {'median':>9} {'p95':>9} {'mean':>9}")
    for name, row in figures.items():
        print(
            f"{name:<10} {row['median']:>6.2f} ms {row['p95']:>6.2f} ms "
            f"{row['mean']:>6.2f} ms"
        )
    worst = max(
        figures["hanging"][key] / figures["uncached"][key] for key in ("median", "mean")
    )
    within = worst <= TARGET
    print(
        f"hanging Redis / uncached, worst of median and mean: {worst:.2f}× "
        f"({'within' if within else 'OVER'} the {TARGET:.0f}× target)"
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())

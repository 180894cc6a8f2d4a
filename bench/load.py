"""Requests per second and latency of the production server, page kind by kind.

    python bench/load.py [--postgres postgres://postgres@127.0.0.1:5432/heaven_bench_load]
                         [--redis redis://127.0.0.1:6379/5] [--duration 10]
                         [--connections 16] [--skip-build]

Builds the 10,000-review database of bench/pages.py on PostgreSQL (the database
name must contain "bench"; it is dropped and made again), starts `make serve` on
127.0.0.1 (gunicorn, DEBUG off, whitenoise, Redis cache), then loads it with wrk
(Debian's package: apt-get install wrk), the same settings for every kind:

    static     a hashed, compressed CSS file (whitenoise)
    cached     one review page, cached whole after the first request
    uncached   review pages the page cache does not have, as every page is after
               any edit on the site: a new query string per request, over 434
               reviews rendered twice before the run. The view takes the page
               from the review page cache unless an edit retired it
               (heaven.cache_tags, reviews.review_page). A best case: after a
               change every review page shows (a scheduled review going live,
               an import, publish_scheduled), readers get "cold"
    cold       nothing cached at all: every request a review no request of the
               run asked for before, so the whole page renders (all 9,565
               published reviews in turn, and it says so if a run wraps round)
    home       the home page, as readers get it (cached)
    search     /search/?q=… (never cached), a few queries in turn

while an editor saves a random published review every --edit-every seconds
(default 1; 0 for none) as the admin would, signals and all: each save retires
every page in the page cache, and the review pages that show that review. The kinds
run in --rounds rounds of every kind in turn, and it prints the median requests per
second, p50 and p99 latency, the errors, and each rate as a share of the static
file's in the same round (median over rounds). Targets: cached >= 50 %, uncached >= 15 %, no errors;
cold has no target of its own and is printed beside them.
Traffic goes to 127.0.0.1 only; each run is bounded by --duration.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse

REPOSITORY = Path(__file__).resolve().parent.parent
TARGETS = {"cached": 0.50, "uncached": 0.15}
SEARCHES = ["person 12", "film 7", "alias 40", "review 99", "nobody"]

# wrk scripts. Each thread knows its number, and the run counts the responses
# the page cache answered (`X-Cache: hit`), which the uncached and cold kinds
# must never get.
COUNTING_LUA = """
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end
function init(args)
  counter = 0
  hits = 0
end
function response(status, headers, body)
  if headers["X-Cache"] == "hit" then hits = hits + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("hits") end
  io.write("page-cache hits: " .. total .. "\\n")
end
"""
# The 434 reviews review-N with N % 23 == 1 (published: bench/pages.py drafts
# review-0, -23, -46, …), each request with a query string no request of any
# run used before (RUN is new for every run).
UNCACHED_LUA = (
    COUNTING_LUA
    + """
request = function()
  counter = counter + 1
  local review = (counter % 434) * 23 + 1
  return wrk.format("GET", "/reviews/review-" .. review .. "/?fresh=RUN-" .. id .. "-" .. counter)
end
"""
)
# The published reviews outside the uncached kind's 434 (N % 23 > 1), each
# thread taking every THREADS-th from START, so no review is asked for twice
# (until a run wraps round: the report says so) and no review page is cached.
COLD_LUA = (
    COUNTING_LUA
    + """
request = function()
  local n = (START + counter * THREADS + id) % COLD_REVIEWS
  counter = counter + 1
  local i = math.floor(n / 21) * 23 + n % 21 + 2
  return wrk.format("GET", "/reviews/review-" .. i .. "/")
end
"""
)
COLD_REVIEWS = sum(1 for number in range(10_000) if number % 23 > 1)
ROTATE_LUA = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def recreate_database(url: str) -> None:
    import psycopg2

    name = urlparse(url).path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"Refusing to drop {name!r}: a benchmark database name contains 'bench'."
        )
    admin = psycopg2.connect(url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def build_database(env: dict) -> None:
    """Migrate and fill the database with bench/pages.py's builder, in a child
    process so this one never holds a connection to it."""
    code = (
        f"import sys; sys.path.insert(0, {str(REPOSITORY)!r}); import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        "from bench.pages import SIZES, build; build(SIZES['large']); "
        "from django.db import connection; connection.cursor().execute('ANALYZE')"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        env={**env, "DJANGO_SETTINGS_MODULE": "heaven.settings"},
        check=True,
    )


def wait_until_up(base: str, process, seconds: int = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("make serve stopped before answering; see its output above.")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"make serve did not answer /healthz within {seconds} s.")


def fetch(url: str) -> tuple[int, dict, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def parse_wrk(output: str) -> dict:
    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        errors += int(non_2xx.group(1))
    hits = re.search(r"^page-cache hits: (\d+)$", output, re.M)
    return {
        "page_cache_hits": int(hits.group(1)) if hits else None,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": requests,
        "errors": errors,
    }


def run_wrk(url: str, *, script: str | None, args, folder: Path) -> dict:
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={args.duration}s",
        "--timeout=10s",
        "--latency",
    ]
    if script:
        path = folder / f"script-{abs(hash(script))}.lua"
        path.write_text(script)
        command.append(f"--script={path}")
    result = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=args.duration + 60
    )
    if result.returncode != 0:
        sys.exit(f"wrk failed: {result.stderr.strip() or result.stdout.strip()}")
    return parse_wrk(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres", default="postgres://postgres@127.0.0.1:5432/heaven_bench_load"
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument(
        "--duration", type=int, default=5, help="seconds per kind and round"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: CPUs)")
    parser.add_argument(
        "--skip-build", action="store_true", help="reuse the database as it is"
    )
    parser.add_argument(
        "--edit-every",
        type=float,
        default=1.0,
        help="seconds between an editor's saves during the run (0: no edits)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")

    folder = Path(tempfile.mkdtemp(prefix="heaven-load-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": args.postgres,
        "REDIS_URL": args.redis,
        "MEDIA_ROOT": str(folder / "media"),
        "STATIC_ROOT": str(folder / "static"),
        # Plain HTTP on the loopback: no proxy in front to terminate TLS.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": "ERROR",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    try:
        if not args.skip_build:
            print("building the 10,000-review database …", file=sys.stderr, flush=True)
            started = time.monotonic()
            recreate_database(args.postgres)
            build_database(env)
            print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
        venv = Path(sys.prefix)
        server = subprocess.Popen(
            # This interpreter's virtualenv, as it is (STAMP= skips the install).
            ["make", "--no-print-directory", "serve", f"VENV={venv}", "STAMP="],
            cwd=REPOSITORY,
            env=env,
            start_new_session=True,
        )
        try:
            wait_until_up(base, server)
            results = measure(base, args, folder, env)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report(results, args)


def clear_cache(args) -> None:
    """Empty the page cache: this Redis database number only."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.core.cache import cache; cache.clear()",
        ],
        cwd=REPOSITORY,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "heaven.settings",
            "REDIS_URL": args.redis,
        },
        check=True,
    )


# Saves as the admin does (save(), so every signal fires), a random published
# review at a time, until killed.
EDITOR = """
import random, sys, time
sys.path.insert(0, {repository!r})
import django
django.setup()
from reviews.models import Review
ids = list(Review.objects.published().values_list("pk", flat=True))
while True:
    review = Review.objects.get(pk=random.choice(ids))
    review.verdict = f"Worth it, said at {{time.time():.0f}}."
    review.save()
    time.sleep({every})
"""


def start_editor(env: dict, every: float):
    code = EDITOR.format(repository=str(REPOSITORY), every=every)
    return subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=REPOSITORY,
        env={**env, "DJANGO_SETTINGS_MODULE": "heaven.settings"},
    )


def measure(base: str, args, folder: Path, env: dict) -> dict:
    clear_cache(args)
    _, _, home = fetch(f"{base}/")
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', home).group(1)
    review = "/reviews/review-1/"
    for path in (review, "/", stylesheet):
        fetch(f"{base}{path}")
    status, headers, _ = fetch(f"{base}{review}")
    assert status == 200 and headers.get("X-Cache") == "hit", headers
    # Twice: a part is kept from its second render on, once every row it shows
    # has a recorded time (heaven.cache_tags).
    print("rendering the uncached kind's 434 reviews …", file=sys.stderr)
    for attempt in (1, 2):
        for number in range(434):
            url = f"{base}/reviews/review-{number * 23 + 1}/?warm={attempt}"
            status, _, _ = fetch(url)
            assert status == 200, url
    searches = ", ".join(f'"/search/?q={q.replace(" ", "+")}"' for q in SEARCHES)
    kinds = {
        "static": (stylesheet, None),
        "cached": (review, None),
        "uncached": ("/", UNCACHED_LUA),
        "cold": ("/", COLD_LUA),
        "home": ("/", None),
        "search": ("/", ROTATE_LUA % searches),
    }
    editor = start_editor(env, args.edit_every) if args.edit_every > 0 else None
    try:
        rounds, cold_start = run_rounds(base, args, folder, kinds)
    finally:
        if editor is not None:
            died = editor.poll()
            editor.kill()
            editor.wait()
    if editor is not None and died is not None:
        sys.exit(f"the editor process stopped early (exit status {died})")
    clear_cache(args)  # the uncached runs stored thousands of one-off pages
    if cold_start > COLD_REVIEWS:
        print(
            f"note: the cold runs asked for {cold_start} reviews, more than the "
            f"{COLD_REVIEWS} there are: some were rendered before",
            file=sys.stderr,
        )
    return combine(rounds)


def run_rounds(base: str, args, folder: Path, kinds: dict) -> tuple[list, int]:
    # Rounds run every kind in turn, so a busy moment on a shared machine slows
    # all kinds alike; each round's rate is divided by that round's static rate
    # and the report takes medians.
    rounds = []
    cold_start = 0
    for number in range(1, args.rounds + 1):
        measured = {}
        for kind, (path, script) in kinds.items():
            print(f"round {number}: {kind} …", file=sys.stderr, flush=True)
            if kind == "uncached":
                script = script.replace("RUN", uuid.uuid4().hex[:12])
            if kind == "cold":
                script = (
                    script.replace("START", str(cold_start))
                    .replace("THREADS", str(args.threads))
                    .replace("COLD_REVIEWS", str(COLD_REVIEWS))
                )
            measured[kind] = run_wrk(
                f"{base}{path}", script=script, args=args, folder=folder
            )
            if kind == "cold":
                cold_start += measured[kind]["requests"] + args.threads
        rounds.append(measured)
    return rounds, cold_start


def combine(rounds: list[dict]) -> dict:
    results = {}
    for kind in rounds[0]:
        runs = [measured[kind] for measured in rounds]
        results[kind] = {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50": statistics.median(r["p50"] for r in runs),
            "p99": statistics.median(r["p99"] for r in runs),
            "requests": sum(r["requests"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
            "page_cache_hits": sum(r["page_cache_hits"] or 0 for r in runs),
            "share": statistics.median(
                r["rps"] / measured["static"]["rps"]
                for r, measured in zip(runs, rounds, strict=True)
            ),
        }
    return results


def report(results: dict, args) -> None:
    print(
        f"wrk, {args.threads} threads, {args.connections} connections, "
        f"{args.rounds} rounds of {args.duration} s per kind (medians; requests and "
        f"errors summed); make serve (gunicorn, "
        f"{args.workers or 'CPU-count'} workers) on PostgreSQL + Redis, "
        "10,000 reviews; "
        + (
            f"an editor saving a review every {args.edit_every:g} s"
            if args.edit_every > 0
            else "no edits"
        )
    )
    print(
        f"{'kind':<9} {'req/s':>9} {'p50':>9} {'p99':>9} {'requests':>9} "
        f"{'errors':>6} {'of static':>9}"
    )
    failed = False
    for kind, r in results.items():
        share = r["share"]
        target = TARGETS.get(kind)
        verdict = ""
        if target is not None:
            verdict = (
                f"  (target {target:.0%}: {'met' if share >= target else 'MISSED'})"
            )
            failed |= share < target
        failed |= r["errors"] > 0
        print(
            f"{kind:<9} {r['rps']:>9.0f} {r['p50']:>7.2f}ms {r['p99']:>7.2f}ms "
            f"{r['requests']:>9} {r['errors']:>6} {share:>8.0%}{verdict}"
        )
    total_errors = sum(r["errors"] for r in results.values())
    print(f"errors during the run: {total_errors}")
    for kind in ("uncached", "cold"):
        hits = results[kind]["page_cache_hits"]
        print(f"{kind} requests the page cache answered: {hits} (must be 0)")
        failed |= hits > 0
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

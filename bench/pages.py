"""Time every public page kind on a small and a large database.

    python bench/pages.py [--requests 200]

Builds two throwaway SQLite databases in a temporary folder with bulk writes:

    large: 10,000 reviews, 2,000 films, 20,000 people, 100,000 credits
    small:    100 reviews,    20 films,    200 people,   1,000 credits

(the same shape: 5 reviews and 50 credits per film, 5 credits per person, 5
authors, 8 tags, 3 tags and one related review per review, 1 in 23 a draft, so
every list page and feed is full in both), then
requests each page kind many times with Django's test client and prints the median
and 95th percentile per kind for both, and the ratio large/small. Each database is
built and timed in its own subprocess, so the two never share a connection or cache.
Not a test: it prints figures.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SIZES = {
    "small": {"reviews": 100, "films": 20, "people": 200, "credits": 1_000},
    "large": {"reviews": 10_000, "films": 2_000, "people": 20_000, "credits": 100_000},
}
AUTHORS, TAGS, SAMPLES = 5, 8, 25
PAGE_KINDS = ["home", "review", "film", "person", "author", "tag", "feed", "sitemap"]


def build(size: dict) -> None:
    """Fill the empty, migrated database with `size` rows, in bulk."""
    import datetime

    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from taggit.models import Tag, TaggedItem

    from people.models import Author, Person, PersonAlias
    from reviews.demo import poster_image
    from reviews.library.models import add_to_library
    from reviews.models import Credit, Film, Provider, Review, WatchOption

    rng = random.Random(3)
    now = datetime.datetime.now(datetime.UTC)
    hero, _ = add_to_library(
        file=poster_image("Bench", ((90, 20, 50), (10, 10, 30))),
        name="bench.jpg",
        alt_text="A still.",
    )
    with transaction.atomic():
        authors = Author.objects.bulk_create(
            Author(display_name=f"Author {i}", slug=f"author-{i}", bio="Writes.")
            for i in range(AUTHORS)
        )
        people = Person.objects.bulk_create(
            (
                Person(name=f"Person {i}", sort_name=f"Person {i}", slug=f"person-{i}")
                for i in range(size["people"])
            ),
            batch_size=2_000,
        )
        PersonAlias.objects.bulk_create(
            (
                PersonAlias(person=p, name=f"Alias {i}", slug=f"alias-{i}")
                for i, p in enumerate(people)
                if i % 4 == 0
            ),
            batch_size=2_000,
        )
        films = Film.objects.bulk_create(
            (
                Film(
                    title=f"Film {i}",
                    slug=f"film-{i}",
                    year=1980 + i % 45,
                    release_date=datetime.date(1980 + i % 45, 1 + i % 12, 1),
                    runtime_minutes=90 + i % 60,
                    original_title=f"원제 {i}",
                    logline="A logline.",
                )
                for i in range(size["films"])
            ),
            batch_size=2_000,
        )
        per_film = size["credits"] // size["films"]
        credits = []
        for f, film in enumerate(films):
            for j in range(per_film):
                role = ("director", "writer")[j] if j < 2 else "cast"
                credits.append(
                    Credit(
                        film=film,
                        person=people[(f * per_film + j) % len(people)],
                        role=role,
                        character=f"Character {j}" if role == "cast" else "",
                        billing_order=j,
                    )
                )
        Credit.objects.bulk_create(credits, batch_size=5_000)
        netflix = Provider.objects.create(name="Netflix", slug="netflix")
        WatchOption.objects.bulk_create(
            (
                WatchOption(
                    film=film,
                    provider=netflix,
                    available_from=datetime.date(2023, 1, 1),
                )
                for film in films
            ),
            batch_size=2_000,
        )
        reviews = Review.objects.bulk_create(
            (
                Review(
                    film=films[i % len(films)],
                    author=authors[i % AUTHORS],
                    title=f"Review {i}",
                    slug=f"review-{i}",
                    excerpt="An excerpt. " * 10,
                    body="<p>A paragraph of review.</p>" * 12,
                    verdict="Worth it.",
                    rating=rng.randint(0, 20) / 2,
                    hero=hero,
                    status="draft" if i % 23 == 0 else "published",
                    published_at=now - datetime.timedelta(hours=i + 1),
                )
                for i in range(size["reviews"])
            ),
            batch_size=2_000,
        )
        tags = Tag.objects.bulk_create(
            Tag(name=f"tag {i}", slug=f"tag-{i}") for i in range(TAGS)
        )
        review_type = ContentType.objects.get_for_model(Review)
        TaggedItem.objects.bulk_create(
            (
                TaggedItem(content_type=review_type, object_id=r.pk, tag=tags[t])
                for i, r in enumerate(reviews)
                for t in {i % TAGS, (i * 7) % TAGS, (i * 13 + 1) % TAGS}
            ),
            batch_size=5_000,
        )
        Related = Review.related_reviews.through
        Related.objects.bulk_create(
            (
                Related(from_review=r, to_review=reviews[(i + 1) % len(reviews)])
                for i, r in enumerate(reviews)
            ),
            batch_size=5_000,
        )


def sample_urls(kind: str, rng: random.Random) -> list[str]:
    from taggit.models import Tag

    from people.models import Author, Person
    from reviews.models import Film, Review

    def pick(queryset):
        pks = list(queryset.values_list("pk", flat=True))
        chosen = rng.sample(pks, min(SAMPLES, len(pks)))
        return [obj.get_absolute_url() for obj in queryset.filter(pk__in=chosen)]

    if kind == "home":
        return ["/", "/?page=2", "/?page=3"]
    if kind == "review":
        return pick(Review.objects.published())
    if kind == "film":
        return pick(Film.objects.all())
    if kind == "person":
        return pick(Person.objects.filter(credits__isnull=False).distinct())
    if kind == "author":
        return pick(Author.objects.all())
    if kind == "tag":
        return [f"/tags/{slug}/" for slug in Tag.objects.values_list("slug", flat=True)]
    if kind == "feed":
        return ["/feed/", "/feed/atom/", "/authors/author-1/feed/", "/tags/tag-1/feed/"]
    if kind == "sitemap":
        return ["/sitemap.xml"]
    raise ValueError(kind)


def worker(name: str, folder: Path) -> None:
    """Runs in a subprocess: build the `name` database in `folder`, say "ready",
    then answer commands on stdin ("time <kind> <count>") with timings as JSON."""
    os.environ.update(
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        DEBUG="false",
        SECRET_KEY="bench-only-not-secret",
        ALLOWED_HOSTS="testserver",
        SECURE_COOKIES="false",
    )
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heaven.settings")
    sys.path.insert(0, str(REPOSITORY))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # as in production
    build(SIZES[name])
    with connection.cursor() as cursor:
        # Give SQLite's planner statistics, as `PRAGMA optimize` does on a live
        # site (PostgreSQL's autovacuum does the same); without them it guesses.
        cursor.execute("ANALYZE")
    print(json.dumps({"ready": round(time.perf_counter() - started, 1)}), flush=True)

    client = Client()
    rng = random.Random(7)
    urls = {kind: sample_urls(kind, rng) for kind in PAGE_KINDS}
    served = dict.fromkeys(PAGE_KINDS, 0)
    for kind in PAGE_KINDS:  # warm up: renditions, templates, SQLite page cache
        for url in urls[kind]:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
    print(json.dumps({"warm": True}), flush=True)
    for line in sys.stdin:
        command, kind, count = line.split()
        timings = []
        for _ in range(int(count)):
            url = urls[kind][served[kind] % len(urls[kind])]
            served[kind] += 1
            wall, cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append(
                (
                    (time.perf_counter() - wall) * 1000,
                    (time.process_time() - cpu) * 1000,
                )
            )
            assert response.status_code == 200, url
        print(json.dumps(timings), flush=True)


def summary(timings: list[tuple[float, float]]) -> dict:
    walls = sorted(t[0] for t in timings)
    cpus = sorted(t[1] for t in timings)
    return {
        "median": statistics.median(walls),
        "p95": walls[max(0, int(len(walls) * 0.95) - 1)],
        "cpu": statistics.median(cpus),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="per page kind")
    parser.add_argument("--batch", type=int, default=10, help=argparse.SUPPRESS)
    parser.add_argument("--worker", choices=SIZES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        folder = Path(tempfile.mkdtemp(prefix=f"heaven-bench-{args.worker}-"))
        try:
            worker(args.worker, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return

    print("building the small and the large database …", file=sys.stderr, flush=True)
    workers = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--worker", name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in SIZES
    }
    built = {}
    for name, process in workers.items():
        built[name] = json.loads(process.stdout.readline())["ready"]
        json.loads(process.stdout.readline())  # warmed up
    # Batches alternate between the two databases, so a busy moment on a shared
    # machine slows both alike instead of skewing the ratio.
    timings = {name: {kind: [] for kind in PAGE_KINDS} for name in SIZES}
    for kind in PAGE_KINDS:
        print(f"timing {kind} …", file=sys.stderr, flush=True)
        for _ in range(args.requests // args.batch):
            for name, process in workers.items():
                process.stdin.write(f"time {kind} {args.batch}\n")
                process.stdin.flush()
                timings[name][kind] += json.loads(process.stdout.readline())
    for process in workers.values():
        process.stdin.close()
        process.wait()

    small = {kind: summary(timings["small"][kind]) for kind in PAGE_KINDS}
    large = {kind: summary(timings["large"][kind]) for kind in PAGE_KINDS}
    print(
        f"{args.requests} requests per page kind and database, Django test client, "
        f"SQLite, DEBUG off; built small in {built['small']} s, large in "
        f"{built['large']} s"
    )
    print(
        f"{'page':<8} {'small median':>12} {'small p95':>10} "
        f"{'large median':>12} {'large p95':>10} {'ratio':>6} {'cpu ratio':>9}"
    )
    worst = 0.0
    for kind in PAGE_KINDS:
        s, g = small[kind], large[kind]
        ratio, cpu_ratio = g["median"] / s["median"], g["cpu"] / s["cpu"]
        worst = max(worst, ratio)
        print(
            f"{kind:<8} {s['median']:>9.2f} ms {s['p95']:>7.2f} ms "
            f"{g['median']:>9.2f} ms {g['p95']:>7.2f} ms {ratio:>5.2f}× {cpu_ratio:>8.2f}×"
        )
    print(
        f"worst page ratio (median wall time, large/small, every page kind): "
        f"{worst:.2f}× "
        f"({'within' if worst <= 1.5 else 'OVER'} the 1.5× budget)"
    )


if __name__ == "__main__":
    main()

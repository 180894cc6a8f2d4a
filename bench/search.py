"""Search latency on a realistic amount of content. A script, not a test.

    python bench/search.py --postgres postgres://USER@HOST:PORT/heaven_bench_search
    python bench/search.py --sqlite-only

Builds 10,000 published reviews, 2,000 films, 50,000 people and 20,000 aliases in a
throwaway database (the PostgreSQL database named in the URL, which must contain
"bench" and is dropped and created again; SQLite in a temporary file), then runs 50
mixed queries (titles, names, aliases in Latin and Hangul, misspellings, review
words) through the search page and prints the median and 95th percentile latency per
database. Each backend runs in its own process, because settings read
``DATABASE_URL`` once. Budget: p95 under 50 ms on PostgreSQL.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent

REVIEWS, FILMS, PEOPLE, ALIASES = 10_000, 2_000, 50_000, 20_000
ROUNDS = 3

FAMILY = [
    ("Kim", "김", "Gim"), ("Lee", "이", "Yi"), ("Park", "박", "Pak"),
    ("Choi", "최", "Choe"), ("Jung", "정", "Jeong"), ("Kang", "강", "Gang"),
    ("Cho", "조", "Jo"), ("Yoon", "윤", "Yun"), ("Jang", "장", "Chang"),
    ("Lim", "임", "Im"), ("Han", "한", "Hahn"), ("Oh", "오", "O"),
    ("Seo", "서", "Suh"), ("Shin", "신", "Sin"), ("Kwon", "권", "Gwon"),
    ("Hwang", "황", "Hwang"), ("Ahn", "안", "An"), ("Song", "송", "Soung"),
    ("Jun", "전", "Jeon"), ("Hong", "홍", "Houng"),
]  # fmt: skip
GIVEN = [
    ("ji", "지"), ("hoon", "훈"), ("min", "민"), ("seo", "서"), ("jong", "종"),
    ("yeon", "연"), ("hye", "혜"), ("woo", "우"), ("jin", "진"), ("soo", "수"),
    ("young", "영"), ("hyun", "현"), ("eun", "은"), ("ho", "호"), ("na", "나"),
    ("rim", "림"), ("yu", "유"), ("sook", "숙"), ("chul", "철"), ("kyung", "경"),
    ("ha", "하"), ("bin", "빈"), ("won", "원"), ("sung", "성"), ("mi", "미"),
    ("joon", "준"), ("hee", "희"), ("dong", "동"), ("tae", "태"), ("ra", "라"),
    ("gyu", "규"), ("seok", "석"), ("hwan", "환"), ("yong", "용"), ("il", "일"),
    ("sang", "상"), ("kwang", "광"), ("jae", "재"), ("beom", "범"), ("chan", "찬"),
    ("da", "다"), ("bo", "보"), ("a", "아"), ("in", "인"), ("ye", "예"),
    ("si", "시"), ("u", "우"), ("gun", "건"), ("han", "한"), ("geum", "금"),
]  # fmt: skip
# Western names: common first names and surnames made of common parts, so 50,000
# people are mostly distinct, as on a real site.
WESTERN_FIRST = (
    "Anna Karina Zoë Søren Mads Amélie José Ingrid Lars Noomi Björn Chloé Renée "
    "Tomás Agnès Jürgen Łukasz Emily John Michael Sarah David Laura James Olivia "
    "Lucas Emma Noah Mia Liam Sofia Oliver Ella Jack Ava Henry Isabel Leo Marie "
    "Pierre Giulia Marco Elena Pablo Lucía Hugo Nora Felix Greta Oskar Astrid Ida"
).split()
SURNAME_HEADS = (
    "Adel Mikkel Kra Du Lars Ra Nyq Mül Kowal Almo Hög Brand Ek Mor Lind Berg Holm "
    "Sand Fisch Wein Rosen Gold Ash Black Whit Hart Wood Stan Ben Fer Gar Mart "
    "Hernan Lo Ross Bian Ricc Kovac Novak Petr"
).split()
SURNAME_TAILS = (
    "gaard sen vitz pont son pace vist ler ski dóvar lund t berg eau qvist strom "
    "ford field ley ton man mann stein er ez ini elli ová ić enko"
).split()
TITLE_WORDS = "Silent Ballerina Call Night House Blood Revenge Winter Ghost Mirror Hunt Burning Train Mother River Shadow Lake Wolf Sister Garden Devil Killer Dream Island Room Storm Moon Stranger Forest Heaven".split()
HANGUL_TITLE = "발레리나 콜 밤 집 피 복수 겨울 유령 거울 사냥 버닝 기차 마더 강 그림자 호수 늑대".split()
BODY_WORDS = (
    "the film horror thriller revenge netflix director cast brutal tense slow "
    "twist ending gore scream haunted family secret killer police night camera "
    "score performance character story plot pacing atmosphere dread violence "
    "animal sister mother friend bodyguard gangster korean danish japanese "
    "remake sequel streaming cinema premiere festival verdict rating solid"
).split()


def vocabulary(rng, size=4000):
    """Made-up words with a Zipf-like frequency, so that a review's words are
    as varied as real prose: a few very common, most rare."""
    letters = "bcdfghjklmnprstvwz"
    vowels = "aeiouy"
    words = set()
    while len(words) < size:
        words.add(
            "".join(
                rng.choice(letters) + rng.choice(vowels)
                for _ in range(rng.choice([2, 3, 3, 4]))
            )
        )
    words = BODY_WORDS + sorted(words)
    weights = [1 / (rank + 1) for rank in range(len(words))]
    return words, weights


def korean_name(rng):
    family = rng.choice(FAMILY)
    first, second = rng.sample(GIVEN, 2)
    latin = f"{family[0]} {first[0].title()}-{second[0]}"
    hangul = f"{family[1]}{first[1]}{second[1]}"
    alternate = f"{family[2]} {first[0].title()}{second[0]}"
    return latin, hangul, alternate


def build(rng):
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from heaven.folding import fold_name
    from people.models import Author, Person, PersonAlias
    from reviews.models import Film, Review

    started = time.perf_counter()
    user = get_user_model().objects.create(username="bench")
    authors = [
        Author.objects.create(
            display_name=f"Bench Author {n}", user=user if n == 0 else None
        )
        for n in range(10)
    ]
    people, aliases, samples = [], [], {"names": [], "aliases": [], "hangul": []}
    for number in range(PEOPLE):
        if number % 2:
            surname = rng.choice(SURNAME_HEADS) + rng.choice(SURNAME_TAILS)
            name = f"{rng.choice(WESTERN_FIRST)} {surname}"
            hangul = alternate = None
        else:
            name, hangul, alternate = korean_name(rng)
        people.append(
            Person(
                name=name,
                slug=f"{slugify(name) or 'person'}-{number}",
                sort_name=name,
                search_name=fold_name(name),
            )
        )
        if hangul and len(aliases) < ALIASES:
            alias_name = hangul if (number // 2) % 2 else alternate
            aliases.append((number, alias_name))
    with transaction.atomic():
        Person.objects.bulk_create(people, batch_size=2000)
        PersonAlias.objects.bulk_create(
            [
                PersonAlias(
                    person=people[number],
                    name=alias_name,
                    slug=f"alias-{number}",
                    search_name=fold_name(alias_name),
                    kind="native" if not alias_name.isascii() else "romanization",
                )
                for number, alias_name in aliases
            ],
            batch_size=2000,
        )
    films = []
    for number in range(FILMS):
        title = " ".join(rng.sample(TITLE_WORDS, rng.choice([1, 2, 3])))
        films.append(
            Film(
                title=f"The {title}" if number % 3 == 0 else title,
                original_title=" ".join(rng.sample(HANGUL_TITLE, 2))
                if number % 2
                else "",
                slug=f"{slugify(title)}-{number}",
                year=rng.randint(1970, 2025),
                logline=" ".join(rng.choices(BODY_WORDS, k=25)),
            )
        )
    now = timezone.now()
    words, weights = vocabulary(rng)
    # One query of words in nearly every review, two of rarer words.
    samples["review words"] = ["the film"] + [
        " ".join(rng.choices(words[40:400], k=2)) for _ in range(2)
    ]
    with transaction.atomic():
        Film.objects.bulk_create(films, batch_size=1000)
        reviews = []
        for number in range(REVIEWS):
            film = films[number % FILMS]
            paragraphs = "".join(
                "<p>" + " ".join(rng.choices(BODY_WORDS, k=60)) + "</p>"
                for _ in range(5)
            )
            reviews.append(
                Review(
                    film=film,
                    author=authors[number % len(authors)],
                    title=f"{film.title} ({film.year}) – Review | {rng.choice(['Netflix', 'Shudder', 'Cinema'])} {rng.choice(['Horror', 'Thriller', 'Drama'])}",
                    slug=f"review-{number}",
                    excerpt=" ".join(rng.choices(words, weights, k=30)),
                    verdict=" ".join(rng.choices(words, weights, k=12)),
                    body=paragraphs,
                    status=Review.Status.PUBLISHED,
                    published_at=now - timezone.timedelta(hours=number),
                )
            )
        Review.objects.bulk_create(reviews, batch_size=500)
    samples["names"] = [person.name for person in rng.sample(people, 10)]
    alias_names = [name for _number, name in aliases]
    samples["aliases"] = [n for n in alias_names if n.isascii()][:5] + [
        n for n in alias_names if not n.isascii()
    ][:5]
    samples["titles"] = [film.title for film in rng.sample(films, 10)]
    return samples, time.perf_counter() - started


def misspell(name, rng):
    letters = list(name)
    spots = [i for i, char in enumerate(letters) if char.isalpha()][1:-1]
    del letters[rng.choice(spots)]
    return "".join(letters)


def queries(samples, rng):
    mixed = []
    mixed += [(name, "title") for name in samples["titles"]]
    mixed += [(name, "name") for name in samples["names"]]
    mixed += [
        (name.lower().replace("-", " "), "name, other spacing")
        for name in samples["names"][:5]
    ]
    mixed += [(name, "alias") for name in samples["aliases"]]
    mixed += [(misspell(name, rng), "misspelling") for name in samples["names"][:10]]
    mixed += [
        (hangul[-2:], "two Hangul syllables") for hangul in samples["aliases"][5:7]
    ]
    mixed += [(words, "review words") for words in samples["review words"]]
    return mixed[:50]


def run_backend():
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heaven.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)  # response.context, no query log
    call_command("migrate", verbosity=0)
    rng = random.Random(2023)
    samples, build_seconds = build(rng)
    with connection.cursor() as cursor:
        # A settled database, as autovacuum leaves it: statistics gathered and the
        # GIN indexes' pending lists merged after the bulk load.
        cursor.execute(
            "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
        )
    mixed = queries(samples, rng)
    client = Client()
    for query, _kind in mixed:  # warm caches and connections
        client.get("/search/", {"q": query})
    timings, found, by_kind = [], 0, {}
    for _round in range(ROUNDS):
        for query, kind in mixed:
            started = time.perf_counter()
            response = client.get("/search/", {"q": query})
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            by_kind.setdefault(kind, []).append(elapsed)
            assert response.status_code == 200, query
            if _round == 0 and response.context["results"].count:
                found += 1
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{connection.vendor:>10}: built {REVIEWS} reviews, {FILMS} films, {PEOPLE} people, "
        f"{ALIASES} aliases in {build_seconds:.0f} s; {len(mixed)} queries x {ROUNDS}: "
        f"median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms; {found}/{len(mixed)} queries found something"
    )
    print(
        "            median by kind: "
        + ", ".join(
            f"{kind} {statistics.median(values):.0f} ms"
            for kind, values in by_kind.items()
        )
    )
    print("            sample queries: " + " | ".join(q for q, _ in mixed[::6]))


def recreate_postgres_database(url):
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


def main():
    if os.environ.get("HEAVEN_BENCH_CHILD"):
        run_backend()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="A PostgreSQL URL whose database name contains 'bench' (dropped and "
        "created again). Default: $BENCH_DATABASE_URL.",
    )
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    targets = []
    if args.postgres and not args.sqlite_only:
        recreate_postgres_database(args.postgres)
        targets.append(args.postgres)
    elif not args.sqlite_only:
        print("No --postgres URL given: PostgreSQL skipped.")
    with tempfile.TemporaryDirectory() as folder:
        targets.append(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        for url in targets:
            env = {**os.environ, "DATABASE_URL": url, "HEAVEN_BENCH_CHILD": "1"}
            subprocess.run([sys.executable, __file__], env=env, check=True, cwd=ROOT)


if __name__ == "__main__":
    main()

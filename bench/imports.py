"""Benchmark the two imports: rows per second and peak memory, on SQLite and PostgreSQL.

    python bench/imports.py                      # SQLite only
    DATABASE_URL=postgres://USER@HOST:5432/NAME python bench/imports.py
                                                 # SQLite, then PostgreSQL

It generates, in a temporary folder,
- WordPress exports (WXR 1.2) of 500 and 5,000 posts (plus their attachments, a
  page per hundred posts and some comments), and
- JSON Lines files of 1,000 and 20,000 films in TMDb's shape, ten credits a film
  (200,000 credits for the large one), drawing on a pool of people so that most
  people appear in several films, some with aliases.

Each import runs in a fresh process on a fresh, migrated throwaway database (a
temporary SQLite file; on PostgreSQL a database named after DATABASE_URL's with a
``_bench`` suffix, dropped afterwards), and reports its wall time, rows written per
second and peak resident memory (``resource.getrusage``); the large files are then
imported a second time into the same database ("same again": nothing should be
written). The budget: peak memory of the 20,000-film import is at most 20% above the
1,000-film one, and of the 5,000-post import at most 20% above the 500-post one;
the script exits with status 1 when either is over.

A script, never run by the tests. Sizes can be changed, e.g. ``--posts 500
--films 2000`` for a quick look.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
MEMORY_BUDGET = 1.20


# --- Generating the files -----------------------------------------------------------


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_wxr(path: Path, posts: int, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    states = ["publish"] * 14 + ["draft", "future", "pending", "private", "trash"]
    tags = [f"Tag {n}" for n in range(60)]
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"'
            ' xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
            "<title>Bench</title><link>https://bench.example.com</link>\n"
            "<wp:wxr_version>1.2</wp:wxr_version>\n"
            "<wp:base_blog_url>https://bench.example.com</wp:base_blog_url>\n"
        )
        for n in range(5):
            out.write(
                f"<wp:author><wp:author_login>{cdata(f'writer{n}')}</wp:author_login>"
                f"<wp:author_display_name>{cdata(f'Writer {n}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        next_id = posts + 1
        for n in range(1, posts + 1):
            year = 1970 + n % 55
            status = rng.choice(states)
            named = n % 10 != 0
            title = (
                f"Film {n} ({year}) – Review | A bench thriller"
                if named
                else f"Our favourite films, part {n}"
            )
            date = f"{2000 + n % 25}-{1 + n % 12:02d}-{1 + n % 28:02d} 10:00:00"
            if status == "future":
                date = "2031-01-01 10:00:00"
            body = (
                "<!-- wp:paragraph -->\n<p>"
                + "A paragraph of the review, with <em>emphasis</em>. " * 8
                + "</p>\n<!-- /wp:paragraph -->\n\n"
                f'[caption id="attachment_{next_id}" width="640"]'
                f'<img src="https://bench.example.com/wp-content/uploads/{n}.jpg" '
                f'alt="Still {n}" width="640" height="360" /> A still.[/caption]\n\n'
                "<!-- wp:heading --><h2>Verdict</h2><!-- /wp:heading -->\n"
                "<!-- wp:paragraph --><p>Worth it.</p><!-- /wp:paragraph -->"
            )
            categories = "".join(
                f'<category domain="post_tag" nicename="t">{cdata(t)}</category>'
                for t in rng.sample(tags, 3)
            )
            comments = (
                "<wp:comment><wp:comment_id>1</wp:comment_id>"
                f"<wp:comment_content>{cdata('Nice')}</wp:comment_content></wp:comment>"
                if n % 7 == 0
                else ""
            )
            out.write(
                f"<item><title>{cdata(title)}</title>"
                f"<link>https://bench.example.com/{year}/post-{n}/</link>"
                f"<dc:creator>{cdata(f'writer{n % 5}')}</dc:creator>"
                f"<content:encoded>{cdata(body)}</content:encoded>"
                f"<excerpt:encoded>{cdata('A short teaser.')}</excerpt:encoded>"
                f"<wp:post_id>{n}</wp:post_id>"
                f"<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>"
                f"<wp:post_name>{cdata(f'post-{n}')}</wp:post_name>"
                f"<wp:status>{cdata(status)}</wp:status>"
                f"<wp:post_type>{cdata('post')}</wp:post_type>{categories}"
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{next_id}</wp:meta_value></wp:postmeta>"
                f"{comments}</item>\n"
                f"<item><title>{cdata(f'still {n}')}</title>"
                f"<wp:post_id>{next_id}</wp:post_id>"
                f"<wp:post_type>{cdata('attachment')}</wp:post_type>"
                f"<wp:status>{cdata('inherit')}</wp:status>"
                "<wp:attachment_url>"
                f"https://bench.example.com/wp-content/uploads/{n}.jpg"
                "</wp:attachment_url></item>\n"
            )
            next_id += 1
            if n % 100 == 0:
                out.write(
                    f"<item><title>Page {n}</title><wp:post_id>{next_id}</wp:post_id>"
                    "<wp:post_type>page</wp:post_type></item>\n"
                )
                next_id += 1
        out.write("</channel>\n</rss>\n")


def write_jsonl(path: Path, films: int, *, credits_per_film: int = 10, seed=11):
    """Films whose people come from a pool a quarter the size of the credits."""
    rng = random.Random(seed)
    pool = max(50, films * credits_per_film // 4)
    jobs = ["Director", "Screenplay", "Producer", "Original Music Composer", "Editor"]
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, films + 1):
            people = rng.sample(range(1, pool + 1), credits_per_film)
            cast, crew = people[: credits_per_film - 3], people[credits_per_film - 3 :]
            line = {
                "id": n,
                "title": f"Film {n}",
                "original_title": f"Film originale {n}",
                "release_date": f"{1970 + n % 55}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                "runtime": 80 + n % 60,
                "imdb_id": f"tt{n:07d}",
                "credits": {
                    "cast": [
                        {
                            "id": p,
                            "name": f"Person {p}",
                            "character": f"Role {i}",
                            "order": i,
                            **(
                                {"also_known_as": [f"Persona {p}"]}
                                if p % 10 == 0
                                else {}
                            ),
                        }
                        for i, p in enumerate(cast)
                    ],
                    "crew": [
                        {"id": p, "name": f"Person {p}", "job": jobs[i % len(jobs)]}
                        for i, p in enumerate(crew)
                    ],
                },
            }
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


# --- One import in a fresh process --------------------------------------------------


def child(kind: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heaven.settings")
    import django

    django.setup()
    from reviews.imports.films import import_films
    from reviews.imports.wordpress import import_export, scan_export

    started = time.perf_counter()
    if kind == "films":
        summary = import_films(path=Path(path))
        rows = summary.rows_written
        done = summary.films
    else:
        summary = import_export(export=scan_export(Path(path)))
        rows = sum(t.created + t.updated for t in summary.tallies.values())
        done = summary["reviews"]
    # Items handled (created, updated or found unchanged), and rows written.
    items = done.created + done.updated + done.unchanged
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "rows": rows, "items": items, "kb": peak_kb}))


def run_child(kind: str, path: Path, database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    env.setdefault("SECRET_KEY", "bench-only")
    env["MEDIA_ROOT"] = str(path.parent / "media")
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"],
        env=env,
        check=True,
        cwd=ROOT,
    )
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


class Databases:
    """Throwaway databases: SQLite files, or PostgreSQL databases on the server that
    DATABASE_URL names."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.postgres = None
        url = os.environ.get("DATABASE_URL", "")
        if url.startswith(("postgres://", "postgresql://")):
            self.postgres = urlsplit(url)

    def engines(self) -> list[str]:
        return ["sqlite"] + (["postgresql"] if self.postgres else [])

    def fresh(self, engine: str, label: str) -> str:
        if engine == "sqlite":
            path = self.folder / f"{label}.sqlite3"
            path.unlink(missing_ok=True)
            return f"sqlite:///{path}"
        name = f"{self.postgres.path.strip('/') or 'heaven'}_bench_{label}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')
        self.created = [*getattr(self, "created", []), name]
        return urlunsplit(self.postgres._replace(path="/" + name))

    def drop_all(self) -> None:
        if self.postgres:
            self._admin(
                *(
                    f'DROP DATABASE IF EXISTS "{n}"'
                    for n in getattr(self, "created", [])
                )
            )

    def _admin(self, *statements: str) -> None:
        import psycopg2

        url = urlunsplit(self.postgres._replace(path="/postgres"))
        connection = psycopg2.connect(url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=5000)
    parser.add_argument("--small-posts", type=int, default=500)
    parser.add_argument("--films", type=int, default=20000)
    parser.add_argument("--small-films", type=int, default=1000)
    parser.add_argument("--credits-per-film", type=int, default=10)
    parser.add_argument(
        "--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    with tempfile.TemporaryDirectory(prefix="heaven-bench-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        wxr, small_wxr = folder / "export.xml", folder / "export-small.xml"
        write_wxr(wxr, args.posts)
        write_wxr(small_wxr, args.small_posts)
        small, large = folder / "films-small.jsonl", folder / "films-large.jsonl"
        write_jsonl(small, args.small_films, credits_per_film=args.credits_per_film)
        write_jsonl(large, args.films, credits_per_film=args.credits_per_film)
        print(
            f"Generated {args.posts:,} posts ({wxr.stat().st_size / 1e6:.1f} MB), "
            f"{args.small_films:,} and {args.films:,} films with "
            f"{args.films * args.credits_per_film:,} credits "
            f"({large.stat().st_size / 1e6:.1f} MB) in "
            f"{time.perf_counter() - started:.1f} s."
        )
        databases = Databases(folder)
        failed = False
        try:
            for engine in databases.engines():
                print(f"\n{engine}")
                # (kind, file, label, on a fresh database or again on the last one)
                runs = [
                    ("wordpress", small_wxr, f"{args.small_posts:,} posts", True),
                    ("wordpress", wxr, f"{args.posts:,} posts", True),
                    ("wordpress", wxr, "same again", False),
                    ("films", small, f"{args.small_films:,} films", True),
                    ("films", large, f"{args.films:,} films", True),
                    ("films", large, "same again", False),
                ]
                peaks, url = {}, ""
                for kind, path, label, fresh in runs:
                    if fresh:
                        url = databases.fresh(engine, path.stem)
                    result = run_child(kind, path, url)
                    peaks.setdefault(path, result["kb"])
                    unit = "posts" if kind == "wordpress" else "films"
                    print(
                        f"  {kind:<9} {label:>13}: {result['seconds']:7.1f} s, "
                        f"{result['items'] / result['seconds']:8,.0f} {unit}/s, "
                        f"{result['rows'] / result['seconds']:8,.0f} rows/s "
                        f"({result['rows']:,} rows), "
                        f"peak {result['kb'] / 1024:6.1f} MB"
                    )
                posts_growth = peaks[wxr] / peaks[small_wxr]
                posts_ok = posts_growth <= MEMORY_BUDGET
                failed |= not posts_ok
                print(
                    f"  peak memory {args.posts:,} vs {args.small_posts:,} posts: "
                    f"{(posts_growth - 1) * 100:+.1f}% (budget +20%): "
                    + ("ok" if posts_ok else "OVER BUDGET")
                )
                growth = peaks[large] / peaks[small]
                ok = growth <= MEMORY_BUDGET
                failed |= not ok
                print(
                    f"  peak memory {args.films:,} vs {args.small_films:,} films: "
                    f"{(growth - 1) * 100:+.1f}% (budget +20%): "
                    + ("ok" if ok else "OVER BUDGET")
                )
        finally:
            databases.drop_all()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Benchmark a film with a 500-credit cast in the admin: server time to open its
change page and to save it.

    python bench/large_cast.py            # 500 credits, 10 rounds
    python bench/large_cast.py --credits 2000

Builds a fresh, migrated SQLite database in a temporary folder, creates the film
and its cast, logs an editor in with Django's test client (no network), and times
GET and POST of /admin/reviews/film/<id>/change/ in this process. Prints the
median and the worst of each and exits non-zero when either worst is over the
target (1 s). A script, never run by the tests.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credits", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="heaven-bench-cast-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heaven.settings")
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from people.models import Person
    from reviews.models import Credit, Film

    # So that responses carry their context, for the form's fields to send back.
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    film = Film.objects.create(title="The Long Cast", year=2024)
    people = Person.objects.bulk_create(
        Person(name=f"Actor {n}", slug=f"actor-{n}") for n in range(args.credits)
    )
    Credit.objects.bulk_create(
        Credit(film=film, person=p, role=Credit.Role.CAST, character=f"Role {n}")
        for n, p in enumerate(people)
    )
    editor = User.objects.create_superuser("bench", "bench@example.com", None)
    client = Client()
    client.force_login(editor)
    url = reverse("admin:reviews_film_change", args=[film.pk])

    opens, saves = [], []
    for round_ in range(args.rounds):
        started = time.perf_counter()
        page = client.get(url)
        opens.append(time.perf_counter() - started)
        assert page.status_code == 200, page.status_code
        form = page.context["adminform"].form
        data = {
            form.add_prefix(name): form[name].value()
            for name in form.fields
            if form[name].value() is not None and name != "poster"
        }
        data["genres"] = []
        for inline in page.context["inline_admin_formsets"]:
            management = inline.formset.management_form
            for name in management.fields:
                data[management.add_prefix(name)] = management[name].value()
            # No new rows: the blank extra form stays unsent.
            data[management.add_prefix("TOTAL_FORMS")] = management[
                "INITIAL_FORMS"
            ].value()
        data["runtime_minutes"] = str(100 + round_)
        started = time.perf_counter()
        response = client.post(url, data)
        saves.append(time.perf_counter() - started)
        assert response.status_code == 302, response.status_code
    assert Credit.objects.filter(film=film).count() == args.credits

    print(f"film with {args.credits} credits, {args.rounds} rounds (SQLite)")
    for label, times in [("open", opens), ("save", saves)]:
        print(
            f"  {label}: median {statistics.median(times) * 1000:.0f} ms, "
            f"worst {max(times) * 1000:.0f} ms"
        )
    worst = max(opens + saves)
    if worst > TARGET_SECONDS:
        print(f"MISSED: {worst:.2f} s is over the {TARGET_SECONDS:.0f} s target")
        return 1
    print(f"OK: every open and save under {TARGET_SECONDS:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

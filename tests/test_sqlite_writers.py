"""Two writers at once on SQLite wait for each other instead of failing with
"database is locked"."""

import threading

import pytest
from django.db import connection, transaction

from people.models import Person

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's locking only matters on SQLite"
)


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db(transaction=True)
def test_concurrent_read_then_write_transactions_all_succeed():
    errors = []

    def writer(name):
        try:
            for number in range(15):
                with transaction.atomic():
                    # Read first, then write: the pattern that deadlocks with
                    # SQLite's default deferred transactions.
                    Person.objects.filter(name__startswith=name).count()
                    Person.objects.create(name=f"{name} {number}")
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(f"W{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Person.objects.count() == 45

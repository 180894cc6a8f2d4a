"""PostgreSQL full-text search over reviews and films (nothing on SQLite).

Each document is an immutable SQL function of the row's own columns, weighted: titles
A, excerpt and verdict B, logline and body C, in the ``heaven_simple`` configuration
(``simple`` with accents folded). A GIN index on the same expression serves the
``@@`` match in `heaven.search`.
"""

from django.db import migrations

POSTGRES_FORWARDS = [
    """
    CREATE FUNCTION heaven_review_document(
        title text, excerpt text, verdict text, body text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('heaven_simple'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('heaven_simple'::regconfig,
                   coalesce(excerpt, '') || ' ' || coalesce(verdict, '')), 'B')
            || setweight(to_tsvector('heaven_simple'::regconfig, coalesce(body, '')), 'C')
    $$
    """,
    """
    CREATE FUNCTION heaven_film_document(
        title text, original_title text, logline text
    ) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT setweight(to_tsvector('heaven_simple'::regconfig,
                   coalesce(title, '') || ' ' || coalesce(original_title, '')), 'A')
            || setweight(to_tsvector('heaven_simple'::regconfig, coalesce(logline, '')), 'C')
    $$
    """,
    "CREATE INDEX review_search_document ON reviews_review USING gin "
    "(heaven_review_document(title, excerpt, verdict, body))",
    "CREATE INDEX film_search_document ON reviews_film USING gin "
    "(heaven_film_document(title, original_title, logline))",
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS film_search_document",
    "DROP INDEX IF EXISTS review_search_document",
    "DROP FUNCTION IF EXISTS heaven_film_document(text, text, text)",
    "DROP FUNCTION IF EXISTS heaven_review_document(text, text, text, text)",
]


def run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("reviews", "0001_initial"),
        ("people", "0002_search"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgres(POSTGRES_FORWARDS), run_on_postgres(POSTGRES_BACKWARDS)
        ),
    ]

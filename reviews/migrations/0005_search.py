"""PostgreSQL full-text search over reviews and films (nothing on SQLite).

Each document is an immutable SQL function of the row's own columns, weighted: titles
A, excerpt and verdict B, logline and body C, in the ``heaven_simple`` configuration
(``simple`` with accents folded). PostgreSQL stores it in a column,
``search_document`` kept by a trigger, with a GIN index that serves the ``@@`` match in `heaven.search`.
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
    # Stored, so ranking reads the document instead of parsing every body again.
    # Django does not know these columns (it never selects or writes them); a
    # trigger keeps them current on every insert and update, bulk ones included.
    # A trigger rather than a generated column, so that a later migration may
    # still change the type of the title or body columns.
    "ALTER TABLE reviews_review ADD COLUMN search_document tsvector",
    "ALTER TABLE reviews_film ADD COLUMN search_document tsvector",
    """
    CREATE FUNCTION heaven_review_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := heaven_review_document(
            NEW.title, NEW.excerpt, NEW.verdict, NEW.body);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE FUNCTION heaven_film_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := heaven_film_document(
            NEW.title, NEW.original_title, NEW.logline);
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER review_search_document BEFORE INSERT OR UPDATE ON reviews_review "
    "FOR EACH ROW EXECUTE FUNCTION heaven_review_search_trigger()",
    "CREATE TRIGGER film_search_document BEFORE INSERT OR UPDATE ON reviews_film "
    "FOR EACH ROW EXECUTE FUNCTION heaven_film_search_trigger()",
    "UPDATE reviews_review SET search_document = "
    "heaven_review_document(title, excerpt, verdict, body)",
    "UPDATE reviews_film SET search_document = "
    "heaven_film_document(title, original_title, logline)",
    "CREATE INDEX review_search_document ON reviews_review "
    "USING gin (search_document)",
    "CREATE INDEX film_search_document ON reviews_film USING gin (search_document)",
    # Search ranks the newest few hundred matches by walking review_newest_idx
    # (published_at DESC, id DESC, from 0004_public_site) newest first.
]
POSTGRES_BACKWARDS = [
    "DROP INDEX IF EXISTS film_search_document",
    "DROP INDEX IF EXISTS review_search_document",
    "DROP TRIGGER IF EXISTS film_search_document ON reviews_film",
    "DROP TRIGGER IF EXISTS review_search_document ON reviews_review",
    "DROP FUNCTION IF EXISTS heaven_film_search_trigger()",
    "DROP FUNCTION IF EXISTS heaven_review_search_trigger()",
    "ALTER TABLE reviews_film DROP COLUMN IF EXISTS search_document",
    "ALTER TABLE reviews_review DROP COLUMN IF EXISTS search_document",
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
        ("reviews", "0004_public_site"),
        ("people", "0002_search"),
    ]

    operations = [
        migrations.RunPython(
            run_on_postgres(POSTGRES_FORWARDS), run_on_postgres(POSTGRES_BACKWARDS)
        ),
    ]

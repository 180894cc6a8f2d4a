"""Folded names for matching, plus PostgreSQL's search machinery.

On every database: a ``search_name`` column on people and aliases, filled for the rows
that already exist. On PostgreSQL only: the ``unaccent`` and ``pg_trgm`` extensions, a
``heaven_simple`` text search configuration (PostgreSQL's ``simple`` with accents
folded, since there is no Korean stemmer) and trigram indexes on the folded names. The
PostgreSQL steps do nothing on SQLite, forwards and backwards.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models

from people.search import fold_name

POSTGRES_FORWARDS = [
    "CREATE TEXT SEARCH CONFIGURATION heaven_simple (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION heaven_simple ALTER MAPPING FOR "
    "asciihword, asciiword, hword, hword_asciipart, hword_part, word "
    "WITH unaccent, simple",
    "CREATE INDEX person_search_name_trgm ON people_person "
    "USING gin (search_name gin_trgm_ops)",
    "CREATE INDEX alias_search_name_trgm ON people_personalias "
    "USING gin (search_name gin_trgm_ops)",
    # pg_trgm declares its similarity operator (%) as cheap as an equality test, so
    # the planner scans every name rather than use the trigram index: 100 ms
    # instead of 15 ms on 50,000 people. Its true cost is far higher.
    "ALTER FUNCTION similarity_op(text, text) COST 100",
]
POSTGRES_BACKWARDS = [
    "ALTER FUNCTION similarity_op(text, text) COST 1",
    "DROP INDEX IF EXISTS alias_search_name_trgm",
    "DROP INDEX IF EXISTS person_search_name_trgm",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS heaven_simple",
]


def run_on_postgres(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class GuardedExtension:
    """Django's extension operations create only on PostgreSQL but try to drop on
    any database; these skip the drop elsewhere too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Unaccent(GuardedExtension, UnaccentExtension):
    pass


class Trigram(GuardedExtension, TrigramExtension):
    pass


def fill_search_names(apps, schema_editor):
    for model_name in ["Person", "PersonAlias"]:
        model = apps.get_model("people", model_name)
        rows = list(model.objects.only("pk", "name"))
        for row in rows:
            row.search_name = fold_name(row.name)
        model.objects.bulk_update(rows, ["search_name"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='search_name',
            field=models.CharField(blank=True, editable=False, help_text='The name folded for matching (no case, accents or spaces); filled on save.', max_length=200),
        ),
        migrations.AddField(
            model_name='personalias',
            name='search_name',
            field=models.CharField(blank=True, editable=False, help_text='The alias folded for matching; filled on save.', max_length=200),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
        Unaccent(),
        Trigram(),
        migrations.RunPython(
            run_on_postgres(POSTGRES_FORWARDS), run_on_postgres(POSTGRES_BACKWARDS)
        ),
    ]

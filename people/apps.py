from django.apps import AppConfig
from django.db.backends.signals import connection_created


def register_sqlite_functions(sender, connection, **kwargs):
    """Give SQLite the name folding PostgreSQL gets from ``unaccent``: search on
    titles calls ``heaven_fold()`` (see `heaven.search`)."""
    if connection.vendor == "sqlite":
        from heaven.folding import fold_name

        connection.connection.create_function(
            "heaven_fold", 1, fold_name, deterministic=True
        )


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "People and authors"

    def ready(self):
        connection_created.connect(
            register_sqlite_functions, dispatch_uid="people_sqlite_functions"
        )

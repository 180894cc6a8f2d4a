"""Finding a person however their name is spelled.

Names are matched by their folded key (`heaven.folding.fold_name`: "Jeon Jong-seo",
"jeon jongseo" and "Jéon Jong Seo" all fold to ``jeonjongseo``).

People and aliases store the key in ``search_name`` on save, so the same matching runs
on SQLite and PostgreSQL with an ordinary ``LIKE``. On PostgreSQL a trigram index on the
key serves that ``LIKE`` and lets site search (`heaven.search`) find near misses too
("Jun Jongso").
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

# Re-exported: migration people 0002 and older callers import them from here.
from heaven.folding import MAX_QUERY_LENGTH, fold_name, fold_query

__all__ = [
    "MAX_QUERY_LENGTH",
    "fold_name",
    "fold_query",
    "name_match",
    "people_matching",
]


def name_match(key: str, *, field: str = "search_name") -> Q:
    """Rows whose folded name contains the folded ``key``."""
    return Q(**{f"{field}__contains": key})


def people_matching(people: QuerySet, text: str) -> QuerySet:
    """``people`` narrowed to those whose name or any alias matches ``text``.

    The alias test is an ``EXISTS`` subquery, so a person with two matching aliases
    is listed once.
    """
    key = fold_query(text)
    if not key:
        return people.none()
    # The alias model through the relation, since people.models imports this one.
    alias_model = people.model._meta.get_field("aliases").related_model
    aliases = alias_model.objects.filter(name_match(key), person=OuterRef("pk"))
    return people.filter(name_match(key) | Q(Exists(aliases)))

"""Site search: reviews, films and people in one page, best first.

`site_search(text)` answers with three short lists and runs three queries (four when a
name needs the misspelling search), however many rows match:

- people: one ``UNION ALL`` of people and aliases whose folded name (see
  `people.search.fold_name`) contains the folded query. On PostgreSQL, when that
  finds almost nobody and no film or review matched either, a fourth query adds
  trigram near misses ("Jun Jongso"). A
  person found through an alias carries the alias, so the page can say
  "Jun Jong-seo — matched Jeon Jong-seo".
- films and reviews: on PostgreSQL, full-text search over weighted documents (titles
  above excerpts above bodies) in the ``heaven_simple`` configuration — ``simple``
  with accents folded — served by GIN indexes (see the ``0002_search`` migrations).
  Every word of the query must match, each as a prefix. On SQLite, every folded word
  must be a substring of a film's folded titles, and every word as typed (ASCII case
  ignored, accents not) a substring of a review's title, excerpt, verdict or body;
  substrings still find two-syllable Hangul such as 종서.

Models are looked up by label (`apps.get_model`), as a foreign key names them:
this project-wide module imports neither app, so either can import it.

Any text is safe: it is cut to `MAX_QUERY_LENGTH`, split into letters and digits only,
and sent as parameters; a query with no letters or digits finds nothing.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Cast, Concat, Greatest, Length
from django.urls import reverse

from heaven.folding import MAX_QUERY_LENGTH, fold_name, fold_query

RESULTS_PER_GROUP = 20
# Rank at most this many of the newest matching reviews: a word found in thousands
# of reviews ("the") says little, and ranking each costs a read of its document.
RANK_CANDIDATES = 200
MAX_WORDS = 8
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class PersonHit:
    """A person in the results; ``matched`` is the alias that found them, if any."""

    name: str
    slug: str
    matched: str = ""

    def get_absolute_url(self) -> str:
        return reverse("people:person", kwargs={"slug": self.slug})


@dataclass
class SearchResults:
    query: str
    people: list[PersonHit] = field(default_factory=list)
    films: list = field(default_factory=list)  # of reviews.Film
    reviews: list = field(default_factory=list)  # of reviews.Review

    @property
    def count(self) -> int:
        return len(self.people) + len(self.films) + len(self.reviews)


def query_words(text: str) -> list[str]:
    """The folded words of a query: letters and digits only, at most `MAX_WORDS`."""
    words = []
    for word in WORD.findall((text or "")[:MAX_QUERY_LENGTH]):
        folded = fold_name(word)
        if folded and folded not in words:
            words.append(folded)
    return words[:MAX_WORDS]


def site_search(text: str, *, limit: int = RESULTS_PER_GROUP) -> SearchResults:
    text = (text or "").strip()
    results = SearchResults(query=text[:MAX_QUERY_LENGTH])
    key, words = fold_query(text), query_words(text)
    if not key or not words:
        return results
    results.films = list(search_films(words)[:limit])
    results.reviews = list(search_reviews(words, text=results.query)[:limit])
    results.people = search_people(
        key, limit=limit, near_misses=not (results.films or results.reviews)
    )
    return results


# People ---------------------------------------------------------------------------


def substring_score(key: str) -> Case:
    """Exact folded name first, then names that start with the query, then names
    that contain it; shorter names first among equals. Always at least 1, above
    any near miss."""
    closeness = Cast(Value(len(key)), FloatField()) / Cast(
        Greatest(Length("search_name"), Value(1)), FloatField()
    )
    return Case(
        When(search_name=key, then=Value(3.0)),
        When(search_name__startswith=key, then=Value(2.0) + closeness),
        default=Value(1.0) + closeness,
        output_field=FloatField(),
    )


def name_rows(key: str, *, near_misses: bool = False) -> QuerySet:
    """(person id, name, slug, alias matched or "", score) for every person and
    alias whose folded name contains ``key`` or, with ``near_misses`` (PostgreSQL),
    is trigram-similar to it (`pg_trgm.similarity_threshold`, 0.3 by default),
    best first, in one ``UNION ALL`` query."""
    if near_misses:
        condition = Q(search_name__trigram_similar=key)
        score = TrigramSimilarity("search_name", key)
    else:
        condition, score = Q(search_name__contains=key), substring_score(key)
    columns = ["hit_person", "hit_name", "hit_slug", "hit_matched", "hit_score"]
    own_names = (
        apps.get_model("people", "Person")
        .objects.filter(condition)
        .annotate(
            hit_person=F("pk"),
            hit_name=F("name"),
            hit_slug=F("slug"),
            hit_matched=Value(""),
            hit_score=score,
        )
        .values_list(*columns)
        .order_by()
    )
    aliases = (
        apps.get_model("people", "PersonAlias")
        .objects.filter(condition)
        .annotate(
            hit_person=F("person_id"),
            hit_name=F("person__name"),
            hit_slug=F("person__slug"),
            hit_matched=F("name"),
            hit_score=score,
        )
        .values_list(*columns)
        .order_by()
    )
    return own_names.union(aliases, all=True).order_by("-hit_score", "hit_name")


def search_people(key: str, *, limit: int, near_misses: bool = True) -> list[PersonHit]:
    """People whose name or alias contains the folded query. On PostgreSQL, when
    nobody's does (and ``near_misses`` allows: site search skips it when a film or
    review matched the words as typed), a second query looks for trigram near
    misses ("Jun Jongso")."""
    best: dict[int, tuple] = {}

    def keep(rows):
        for person_id, name, slug, matched, score in rows:
            current = best.get(person_id)
            # A person's own name wins a tie against their alias: no "matched" note.
            if current is None or (score, not matched) > (current[3], not current[2]):
                best[person_id] = (name, slug, matched, score)

    keep(name_rows(key)[: limit * 4])
    if near_misses and connection.vendor == "postgresql" and not best and len(key) >= 3:
        keep(name_rows(key, near_misses=True)[: limit * 2])
    ranked = sorted(best.values(), key=lambda hit: (-hit[3], hit[0]))
    return [
        PersonHit(name=name, slug=slug, matched=matched)
        for name, slug, matched, _score in ranked[:limit]
    ]


# Films and reviews ----------------------------------------------------------------


class Fold(Func):
    """SQLite's ``heaven_fold()``: `fold_name` registered on each connection (see
    `people.apps`)."""

    function = "heaven_fold"
    arity = 1
    output_field = TextField()


class StoredDocument(Expression):
    """PostgreSQL's weighted document of a film or review: the ``search_document``
    column the ``reviews`` migration adds and a trigger keeps current. Django's
    models do not declare it, so this names it on the query's own table (which a
    subquery renames)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.search_document", []


def prefix_query(words: list[str]) -> SearchQuery:
    """Every word as a prefix: ``ball:* & 2023:*``. Words hold only letters and
    digits, so the tsquery syntax cannot be broken by user input."""
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words),
        config="heaven_simple",
        search_type="raw",
    )


def all_words_in(lookup: str, words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(**{lookup: word})
    return condition


def search_films(words: list[str]) -> QuerySet:
    films = apps.get_model("reviews", "Film").objects.all()
    if connection.vendor == "postgresql":
        query = prefix_query(words)
        return (
            films.alias(document=StoredDocument())
            .filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
            .order_by("-rank", "title", "pk")
        )
    films = films.alias(
        folded_title=Fold(Concat("title", Value(" "), "original_title"))
    )
    matches_words = all_words_in("folded_title__contains", words)
    return films.filter(matches_words).order_by(Length("title"), "title", "pk")


def search_reviews(words: list[str], *, text: str) -> QuerySet:
    Review = apps.get_model("reviews", "Review")
    reviews = Review.objects.published().with_cards()
    if connection.vendor == "postgresql":
        query = prefix_query(words)
        candidates = (
            Review.objects.published()
            .alias(document=StoredDocument())
            .filter(document=query)
            .order_by("-published_at", "-pk")
            .values("pk")[:RANK_CANDIDATES]
        )
        return (
            reviews.filter(pk__in=candidates)
            .alias(document=StoredDocument())
            .annotate(rank=SearchRank(F("document"), query))
            .order_by("-rank", "-published_at", "-pk")
        )
    # SQLite: calling heaven_fold() on 10,000 excerpts costs a second, so reviews
    # match the words as typed, lower-cased (LIKE ignores ASCII case only).
    plain = [word.lower() for word in WORD.findall(text)][:MAX_WORDS]
    in_title = all_words_in("title__icontains", plain)
    in_teaser = Q()
    in_text = Q()
    for word in plain:
        in_teaser &= Q(excerpt__icontains=word) | Q(verdict__icontains=word)
        in_text &= (
            Q(title__icontains=word)
            | Q(excerpt__icontains=word)
            | Q(verdict__icontains=word)
            | Q(body__icontains=word)
        )
    return (
        reviews.filter(in_text)
        .alias(
            rank=Case(
                When(in_title, then=Value(3)),
                When(in_teaser, then=Value(2)),
                default=Value(1),
            )
        )
        .order_by("-rank", "-published_at", "-pk")
    )

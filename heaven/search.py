"""Site search: reviews, films and people in one page, best first.

`site_search(text)` answers with three short lists and always runs the same three
queries, however many rows match:

- people: one ``UNION ALL`` of people and aliases whose folded name (see
  `people.search.fold_name`) contains the folded query or, on PostgreSQL, is a trigram
  near miss of it ("Jun Jongso"). A person found through an alias carries the alias,
  so the page can say "Jun Jong-seo — matched Jeon Jong-seo".
- films and reviews: on PostgreSQL, full-text search over weighted documents (titles
  above excerpts above bodies) in the ``heaven_simple`` configuration — ``simple``
  with accents folded — served by GIN indexes (see the ``0002_search`` migrations).
  Every word of the query must match, each as a prefix. On SQLite, every folded word
  must be a substring of the folded titles or excerpt (or of the body, case-folded
  only), which still finds two-syllable Hangul such as 종서.

Any text is safe: it is cut to `MAX_QUERY_LENGTH`, split into letters and digits only,
and sent as parameters; a query with no letters or digits finds nothing.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
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
from django.db.models.functions import Cast, Concat, Greatest, Length
from django.urls import reverse

from people.models import Person, PersonAlias
from people.search import MAX_QUERY_LENGTH, fold_name, fold_query, name_match
from reviews.models import Film, Review

RESULTS_PER_GROUP = 20
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
    films: list[Film] = field(default_factory=list)
    reviews: list[Review] = field(default_factory=list)

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
    results.people = search_people(key, limit=limit)
    results.films = list(search_films(words)[:limit])
    results.reviews = list(search_reviews(words)[:limit])
    return results


# People ---------------------------------------------------------------------------


def name_score(key: str) -> Case | Greatest:
    """Exact folded name first, then names that start with the query, then names
    that contain it; shorter names first among equals; on PostgreSQL near misses
    rank by trigram similarity."""
    closeness = Cast(Value(len(key)), FloatField()) / Cast(
        Greatest(Length("search_name"), Value(1)), FloatField()
    )
    score = Case(
        When(search_name=key, then=Value(3.0)),
        When(search_name__startswith=key, then=Value(2.0) + closeness),
        When(search_name__contains=key, then=Value(1.0) + closeness),
        default=Value(0.0),
        output_field=FloatField(),
    )
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return Greatest(score, TrigramSimilarity("search_name", key))
    return score


def search_people(key: str, *, limit: int) -> list[PersonHit]:
    own_names = (
        Person.objects.filter(name_match(key))
        .annotate(
            hit_name=F("name"),
            hit_slug=F("slug"),
            hit_matched=Value(""),
            hit_score=name_score(key),
            hit_person=F("pk"),
        )
        .values_list("hit_person", "hit_name", "hit_slug", "hit_matched", "hit_score")
        .order_by()
    )
    aliases = (
        PersonAlias.objects.filter(name_match(key))
        .annotate(
            hit_name=F("person__name"),
            hit_slug=F("person__slug"),
            hit_matched=F("name"),
            hit_score=name_score(key),
            hit_person=F("person_id"),
        )
        .values_list("hit_person", "hit_name", "hit_slug", "hit_matched", "hit_score")
        .order_by()
    )
    rows = own_names.union(aliases, all=True).order_by("-hit_score", "hit_name")
    best: dict[int, tuple] = {}
    for person_id, name, slug, matched, score in rows[: limit * 4]:
        current = best.get(person_id)
        # A person's own name wins a tie against their alias: no "matched" note.
        if current is None or (score, not matched) > (current[3], not current[2]):
            best[person_id] = (name, slug, matched, score)
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


class ReviewDocument(Func):
    """PostgreSQL's weighted document of a review; indexed by the same expression."""

    function = "heaven_review_document"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("title"), F("excerpt"), F("verdict"), F("body"))


class FilmDocument(Func):
    function = "heaven_film_document"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("title"), F("original_title"), F("logline"))


def prefix_query(words: list[str]) -> SearchQuery:
    """Every word as a prefix: ``ball:* & 2023:*``. Words hold only letters and
    digits, so the tsquery syntax cannot be broken by user input."""
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words),
        config="heaven_simple",
        search_type="raw",
    )


def all_words_in(expression, words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition &= Q(**{f"{expression}__contains": word})
    return condition


def search_films(words: list[str]) -> QuerySet:
    films = Film.objects.all()
    if connection.vendor == "postgresql":
        query = prefix_query(words)
        return (
            films.alias(document=FilmDocument())
            .filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
            .order_by("-rank", "title", "pk")
        )
    films = films.alias(
        folded_title=Fold(Concat("title", Value(" "), "original_title"))
    )
    matches_words = all_words_in("folded_title", words)
    return films.filter(matches_words).order_by(Length("title"), "title", "pk")


def search_reviews(words: list[str]) -> QuerySet:
    reviews = Review.objects.published().with_cards()
    if connection.vendor == "postgresql":
        query = prefix_query(words)
        return (
            reviews.alias(document=ReviewDocument())
            .filter(document=query)
            .annotate(rank=SearchRank(F("document"), query))
            .order_by("-rank", "-published_at", "-pk")
        )
    reviews = reviews.alias(
        folded_title=Fold("title"),
        folded_teaser=Fold(
            Concat("excerpt", Value(" "), "verdict", output_field=TextField())
        ),
    )
    in_title = all_words_in("folded_title", words)
    in_teaser = all_words_in("folded_teaser", words)
    in_text = Q()
    for word in words:
        in_text &= (
            Q(folded_title__contains=word)
            | Q(folded_teaser__contains=word)
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

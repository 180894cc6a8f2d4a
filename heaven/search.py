"""Site search: reviews, films (and series), seasons, episodes and people in one
page, best first.

`site_search(text)` answers with four short lists and runs four queries (five when a
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
- seasons and episodes: every word must be in the series' titles or the season's or
  episode's own title ("Season 2" for an untitled season), and at least one in its
  own, so "hellbound" finds the series, not its every episode; "hellbound season 1"
  and "hellbound episode 2" find those. Seasons and episodes are one ``UNION ALL``. On PostgreSQL each word is a prefix in the
  ``heaven_simple`` configuration; on SQLite a substring of the folded titles.

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
    SearchVector,
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
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, Length, NullIf
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
    episodes: list = field(default_factory=list)  # of EpisodeHit

    @property
    def count(self) -> int:
        return (
            len(self.people) + len(self.films) + len(self.episodes) + len(self.reviews)
        )


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
    results.episodes = search_seasons_and_episodes(words, limit=limit)
    results.reviews = list(search_reviews(words, text=results.query)[:limit])
    results.people = search_people(
        key,
        limit=limit,
        near_misses=not (results.films or results.episodes or results.reviews),
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


# Seasons and episodes -------------------------------------------------------------


def any_word_in(lookup: str, words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(**{lookup: word})
    return condition


def titled(rows: QuerySet, series: str, own_title, words: list[str]) -> QuerySet:
    """`rows` whose series' titles and `own_title` hold every word, and
    `own_title` at least one (see the module's docstring)."""
    series_titles = [f"{series}__title", f"{series}__original_title"]
    if connection.vendor == "postgresql":
        every = prefix_query(words)
        some = SearchQuery(
            " | ".join(f"{word}:*" for word in words),
            config="heaven_simple",
            search_type="raw",
        )
        return rows.alias(
            all_titles=SearchVector(*series_titles, own_title, config="heaven_simple"),
            own=SearchVector(own_title, config="heaven_simple"),
        ).filter(all_titles=every, own=some)
    parts = []
    for title in [*series_titles, own_title]:
        parts += [title, Value(" ")]
    rows = rows.alias(all_titles=Fold(Concat(*parts)), own=Fold(own_title))
    return rows.filter(
        all_words_in("all_titles__contains", words), any_word_in("own__contains", words)
    )


@dataclass(frozen=True)
class EpisodeHit:
    """A season (``episode`` 0) or an episode in the results."""

    series_title: str
    series_slug: str
    season: int
    season_title: str
    episode: int = 0
    episode_title: str = ""

    def __str__(self) -> str:
        if not self.episode:
            return f"{self.series_title}: {self.season_title}"
        return (
            f"{self.series_title} S{self.season:02d}E{self.episode:02d}: "
            f"{self.episode_title}"
        )

    def get_absolute_url(self) -> str:
        if not self.episode:
            kwargs = {"slug": self.series_slug, "season": self.season}
            return reverse("reviews:season", kwargs=kwargs)
        kwargs = {
            "slug": self.series_slug,
            "season": self.season,
            "episode": self.episode,
        }
        return reverse("reviews:episode", kwargs=kwargs)


def search_seasons_and_episodes(words: list[str], *, limit: int) -> list[EpisodeHit]:
    """Seasons, then episodes, matching the words, in one ``UNION ALL`` query."""
    columns = [
        "hit_series_title",
        "hit_series_slug",
        "hit_season",
        "hit_season_title",
        "hit_episode",
        "hit_episode_title",
    ]
    season_title = Coalesce(
        NullIf("title", Value("")),
        Concat(Value("Season "), Cast("number", TextField())),
        output_field=TextField(),
    )
    seasons = (
        titled(
            apps.get_model("reviews", "Season").objects.all(),
            "series",
            season_title,
            words,
        )
        .annotate(
            hit_series_title=F("series__title"),
            hit_series_slug=F("series__slug"),
            hit_season=F("number"),
            hit_season_title=Case(
                When(number=0, title="", then=Value("Specials")),
                default=season_title,
                output_field=TextField(),
            ),
            hit_episode=Value(0),
            hit_episode_title=Value("", output_field=TextField()),
        )
        .values_list(*columns)
        .order_by()
    )
    episodes = (
        titled(
            apps.get_model("reviews", "Episode").objects.all(),
            "season__series",
            F("title"),
            words,
        )
        .annotate(
            hit_series_title=F("season__series__title"),
            hit_series_slug=F("season__series__slug"),
            hit_season=F("season__number"),
            hit_season_title=Value("", output_field=TextField()),
            hit_episode=F("number"),
            hit_episode_title=F("title"),
        )
        .values_list(*columns)
        .order_by()
    )
    rows = seasons.union(episodes, all=True).order_by(
        "hit_series_title", "hit_series_slug", "hit_season", "hit_episode"
    )
    return [EpisodeHit(*row) for row in rows[:limit]]

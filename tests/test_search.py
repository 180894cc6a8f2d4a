"""Site search at /search/: reviews, films and people, any spelling, never a 500."""

import pytest
from django.urls import reverse

from heaven.search import site_search
from reviews.models import Film
from tests.conftest import make_alias, make_film, make_person, make_review

SEARCH = reverse("search")


@pytest.mark.parametrize(
    "spelling",
    ["Jun Jong-seo", "jun jongseo", "JUN JONG SEO", "Jun Jong Seo", "jun-jong-seo"],
)
def test_every_spelling_of_her_name_finds_jun_jong_seo(demo, client, spelling):
    response = client.get(SEARCH, {"q": spelling})
    assert response.status_code == 200
    people = response.context["results"].people
    assert [person.name for person in people] == ["Jun Jong-seo"]
    assert people[0].matched == ""
    assert 'href="/people/jun-jong-seo/"' in response.text


@pytest.mark.parametrize(
    ("spelling", "alias"),
    [
        ("Jeon Jong-seo", "Jeon Jong-seo"),
        ("jeon jongseo", "Jeon Jong-seo"),
        ("Jeon Jong-Seo", "Jeon Jong-seo"),
        ("JEON JONG SEO", "Jeon Jong-seo"),
        ("전종서", "전종서"),
        ("종서", "전종서"),
    ],
)
def test_a_person_found_by_an_alias_says_which(demo, client, spelling, alias):
    response = client.get(SEARCH, {"q": spelling})
    assert response.status_code == 200
    assert "Jun Jong-seo</a>" in response.text
    assert f"— matched {alias}" in response.text


def test_small_misspellings_find_the_person_on_postgresql(
    demo, client, connection_vendor
):
    if connection_vendor != "postgresql":
        pytest.skip("trigram similarity is PostgreSQL's; SQLite matches substrings")
    for misspelling in ["Jun Jongso", "Jeon Jongsoe", "Jun Jung-seo"]:
        results = site_search(misspelling)
        assert "Jun Jong-seo" in [person.name for person in results.people], misspelling


def test_titles_find_films_and_reviews(demo, client):
    response = client.get(SEARCH, {"q": "ballerina"})
    results = response.context["results"]
    assert [film.title for film in results.films] == ["Ballerina"]
    assert results.reviews[0].title.startswith("Ballerina (2023)")
    assert "Ballerina (2023) – Review | Netflix Revenge Thriller</a>" in response.text


def test_an_original_title_in_hangul_finds_the_film(demo):
    assert [film.title for film in site_search("발레리나").films] == ["Ballerina"]


def test_words_from_the_review_text_find_the_review(demo):
    titles = [review.title for review in site_search("netflix thriller").reviews]
    assert any(title.startswith("Ballerina") for title in titles)


def test_a_title_match_ranks_above_a_mention_in_the_text(demo):
    titles = [review.title for review in site_search("the call").reviews]
    assert titles[0].startswith("The Call (2020)")


def test_exact_name_ranks_above_a_longer_name_that_contains_it(db):
    make_person("Kim Ji-hoon Park")
    make_person("Kim Ji-hoon")
    assert [person.name for person in site_search("kim jihoon").people][:2] == [
        "Kim Ji-hoon",
        "Kim Ji-hoon Park",
    ]


def test_drafts_are_never_found(db):
    make_review("Secret Draft Ballerina", published=False)
    assert site_search("secret draft").reviews == []


def test_accents_do_not_matter_in_film_titles(db):
    make_film("Amélie")
    assert [film.title for film in site_search("AMELIE").films] == ["Amélie"]


def test_accents_do_not_matter_in_reviews_on_postgresql(db, connection_vendor):
    make_review("Zoë and the Killer")
    assert [review.title for review in site_search("zoë killer").reviews] == [
        "Zoë and the Killer"
    ]
    if connection_vendor != "postgresql":
        pytest.skip("SQLite matches review text as typed, accents included")
    assert [review.title for review in site_search("zoe KILLER").reviews] == [
        "Zoë and the Killer"
    ]


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        "x" * 10_000,
        "Jeon " * 2_000,
        "'; DROP TABLE people_person; --",
        '" OR 1=1 --',
        "%_%",
        "\\",
        ".*(?:[a-z]+)+$",
        "[[[",
        "a & b | !c <-> d:*",
        "title:* & ",
        "🎬🍿",
        "전종서 🎬 Jeon",
        "濱口竜介 Hamaguchi Ryûsuke",
        "\u0000",
        "\u200b\u0301",
    ],
)
def test_any_query_gets_a_normal_page(demo, client, query):
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.text


def test_control_characters_never_reach_the_page(demo, client):
    response = client.get(SEARCH, {"q": "\x00Ballerina\x1b\n"})

    assert "\x00" not in response.text and "\x1b" not in response.text
    assert 'value="Ballerina"' in response.text
    assert "Ballerina (2023)" in response.text  # still found


def test_mixed_scripts_find_what_each_part_names(demo, client):
    # The English title and the Hangul original title name the same film.
    response = client.get(SEARCH, {"q": "Ballerina 발레리나"})
    assert response.status_code == 200
    assert [film.title for film in response.context["results"].films] == ["Ballerina"]
    assert 'href="/films/ballerina-2023/"' in response.text


def test_the_empty_page_shows_the_form_and_runs_no_queries(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(SEARCH)
    assert response.status_code == 200
    assert 'name="q"' in response.text
    assert "result" not in response.text


def test_nothing_found_says_so(demo, client):
    response = client.get(SEARCH, {"q": "nosuchthingatall"})
    assert "Nothing found for “nosuchthingatall”" in response.text


@pytest.mark.parametrize("each", [1, 10])
def test_the_page_runs_the_same_queries_for_3_or_30_results(
    db, client, django_assert_max_num_queries, each
):
    for number in range(each):
        person = make_person(f"Lookalike Person {number}")
        make_alias(person, f"Lookalike Alias {number}")
        film = make_film(f"Lookalike Film {number}")
        make_review(f"Lookalike Review {number}", film=film)
        series = make_film(f"Lookalike Series {number}", kind=Film.Kind.SERIES)
        season = series.seasons.create(number=1, title="Lookalike Season")
        season.episodes.create(number=1, title="Lookalike Episode")
    with django_assert_max_num_queries(4):
        response = client.get(SEARCH, {"q": "lookalike"})
    assert response.context["results"].count == 6 * each
    assert response.text.count("Lookalike Review") == each


@pytest.fixture
def connection_vendor(db):
    from django.db import connection

    return connection.vendor


def test_a_misspelt_name_costs_at_most_one_more_query(
    demo, client, django_assert_max_num_queries, connection_vendor
):
    with django_assert_max_num_queries(5):
        response = client.get(SEARCH, {"q": "Jun Jongso"})
    assert response.status_code == 200
    if connection_vendor == "postgresql":  # the near miss is found
        assert "Jun Jong-seo</a>" in response.text
    else:  # SQLite matches substrings only, and says it found nothing
        assert "Nothing found for “Jun Jongso”" in response.text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/people/jun-jong-seo/", 200),
        ("/people/전종서/", 301),
        ("/people/jeon-jong-seo/", 301),
        ("/people/%F0%9F%8E%AC/", 404),
        ("/people/" + "x" * 10_000 + "/", 404),
        ("/people/jun'--/", 404),
    ],
)
def test_the_person_page_never_answers_500(demo, client, path, status):
    assert client.get(path).status_code == status


def test_series_seasons_and_episodes_are_found_by_title(demo, client):
    series = client.get(SEARCH, {"q": "Hellbound"}).context["results"]
    assert [film.title for film in series.films] == ["Hellbound"]
    assert series.episodes == []  # the series, not its every episode

    response = client.get(SEARCH, {"q": "hellbound season 1"})
    assert [str(hit) for hit in response.context["results"].episodes] == [
        "Hellbound: Season 1"
    ]
    assert (
        '<a href="/films/hellbound-2021/season-1/">Hellbound: Season 1</a>'
        in response.text
    )

    response = client.get(SEARCH, {"q": "Hellbound Episode 2"})
    assert [str(hit) for hit in response.context["results"].episodes] == [
        "Hellbound S01E02: Episode 2"
    ]
    link = "/films/hellbound-2021/season-1/episode-2/"
    assert f'<a href="{link}">Hellbound S01E02: Episode 2</a>' in response.text
    assert client.get(link).status_code == 200


def test_an_episode_is_found_by_its_own_title_and_the_series_original_title(db, client):
    series = make_film("Sweet Home", original_title="스위트홈", kind=Film.Kind.SERIES)
    season = series.seasons.create(number=2)
    season.episodes.create(number=3, title="Café de la Mort")

    hits = client.get(SEARCH, {"q": "스위트홈 cafe"}).context["results"].episodes
    assert [str(hit) for hit in hits] == ["Sweet Home S02E03: Café de la Mort"]

"""A person's page opens with what they are known for here: the titles we
reviewed most, with their posters, before the full filmography."""

import re

import pytest

from reviews.models import Credit
from tests.conftest import (
    make_credit,
    make_film,
    make_library_image,
    make_person,
    make_review,
)

pytestmark = pytest.mark.django_db


def known_for_titles(html: str) -> list[str]:
    section = re.search(
        r'<section aria-labelledby="known-for">(.*?)</section>', html, re.S
    )
    if section is None:
        return []
    return re.findall(r'<a href="/films/[^"]+">([^<]+)</a>', section.group(1))


def test_known_for_lists_the_most_reviewed_titles_first(client):
    jun = make_person("Jun Jong-seo")
    burning = make_film(
        title="Burning",
        year=2018,
        poster=make_library_image("Burning poster", size=(400, 600), name="b.jpg"),
    )
    the_call = make_film(title="The Call", year=2020)
    ballerina = make_film(title="Ballerina", year=2023)
    unreviewed = make_film(title="Mona Lisa and the Blood Moon", year=2021)
    drafted = make_film(title="Wolf Hiding", year=2024)
    for film in (burning, the_call, ballerina, unreviewed, drafted):
        make_credit(film, jun, character="Lead")
    make_review("Burning – Review", film=burning)
    make_review("Burning, five years on", film=burning)
    make_review("The Call – Review", film=the_call)
    make_review("Ballerina – Review", film=ballerina)
    make_review("Wolf Hiding – Draft", film=drafted, published=False)

    html = client.get(jun.get_absolute_url()).content.decode()

    # Most reviewed first; among equals the newer film first; a draft counts not.
    assert known_for_titles(html) == ["Burning", "Ballerina", "The Call"]
    assert "2 reviews" in html
    assert html.index('id="known-for"') < html.index("<h2>Filmography</h2>")


def test_someone_we_never_reviewed_has_no_known_for_row(client):
    person = make_person("Lee Chung-hyun")
    make_credit(
        make_film(title="The Call", year=2020), person, role=Credit.Role.DIRECTOR
    )

    html = client.get(person.get_absolute_url()).content.decode()

    assert 'id="known-for"' not in html and "The Call" in html


@pytest.mark.parametrize("films", [1, 8])
def test_the_person_page_runs_the_same_queries_at_1_and_8_reviewed_films(
    client, films, django_assert_max_num_queries
):
    jun = make_person("Jun Jong-seo")
    for n in range(films):
        film = make_film(title=f"Film Nº{n}", year=2000 + n)
        make_credit(film, jun, character=f"Role {n}")
        make_review(f"Film Nº{n} – Review", film=film)

    with django_assert_max_num_queries(5):
        html = client.get(jun.get_absolute_url()).content.decode()

    assert len(known_for_titles(html)) == min(films, 4)

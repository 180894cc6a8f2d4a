"""Every name gets a working, unique address, whatever script it is written in."""

import pytest

from tests.conftest import make_alias, make_author, make_film, make_person, make_review

pytestmark = pytest.mark.django_db


def test_a_hangul_name_keeps_its_letters_and_its_page_answers(client):
    person = make_person("전종서")

    assert person.slug == "전종서"
    assert person.get_absolute_url() == "/people/%EC%A0%84%EC%A2%85%EC%84%9C/"
    response = client.get(person.get_absolute_url())
    assert response.status_code == 200
    assert "전종서" in response.text


def test_accents_fold_to_plain_letters():
    assert make_person("Zoë Kravitz").slug == "zoe-kravitz"
    assert make_film("Amélie", year=2001).slug == "amelie-2001"


def test_a_title_mixing_hangul_and_digits_keeps_its_hangul(client):
    film = make_film("파친코", year=2022)

    assert film.slug == "파친코-2022"
    assert client.get(film.get_absolute_url()).status_code == 200


def test_a_name_without_letters_still_gets_a_slug():
    assert make_person("???").slug == "person"
    assert make_review("!!!", published=False).slug == "review"


def test_the_same_name_twice_gets_a_numbered_slug():
    first, second = make_person("Kim Ji-hoon"), make_person("Kim Ji-hoon")

    assert (first.slug, second.slug) == ("kim-ji-hoon", "kim-ji-hoon-2")


def test_an_alias_never_takes_a_persons_slug():
    make_person("Jeon Jong-seo")
    jun = make_person("Jun Jong-seo")

    alias = make_alias(jun, "Jeon Jong-seo")

    assert alias.slug == "jeon-jong-seo-2"


def test_film_slugs_include_the_year_so_remakes_do_not_collide():
    assert make_film("Suspiria", year=1977).slug == "suspiria-1977"
    assert make_film("Suspiria", year=2018).slug == "suspiria-2018"


def test_an_alias_address_redirects_permanently_to_the_person(client):
    jun = make_person("Jun Jong-seo")
    alias = make_alias(jun, "전종서")

    response = client.get(alias.get_absolute_url())

    assert response.status_code == 301
    assert response["Location"] == jun.get_absolute_url()


def test_an_author_byline_carries_the_nickname():
    author = make_author("Karina Adelgaard", nickname="ScreamQueen")

    assert author.byline == 'Karina "ScreamQueen" Adelgaard'
    assert author.slug == "karina-adelgaard"

"""The film page a reader looks at: poster, a cast grid with faces, facts in
words (South Korea, Korean), where to watch with the provider's logo, and our
reviews; its queries do not grow with the cast."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from people.models import Person
from reviews.library.renditions import renditions
from reviews.models import Credit, WatchOption
from tests.conftest import (
    make_alias,
    make_credit,
    make_film,
    make_library_image,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
)

pytestmark = pytest.mark.django_db


def cast_cards(html: str) -> list[str]:
    return re.findall(r'<li class="cast-member">(.*?)</li>', html, flags=re.S)


def test_facts_name_countries_and_languages_instead_of_codes(client):
    film = make_film(
        title="Burning", year=2018, countries="KR, JP", languages="ko, ja, en"
    )

    html = client.get(film.get_absolute_url()).content.decode()

    assert "<dt>Countries</dt><dd>South Korea, Japan</dd>" in html
    assert "<dt>Languages</dt><dd>Korean, Japanese, English</dd>" in html


def test_a_language_code_the_standard_lacks_shows_as_typed(client):
    film = make_film(title="Burning", year=2018, countries="KR", languages="ko, qaa")

    html = client.get(film.get_absolute_url()).content.decode()

    assert "<dt>Languages</dt><dd>Korean, qaa</dd>" in html


def test_the_cast_grid_shows_photos_and_a_placeholder_for_people_without(client):
    film = make_film(title="Burning", year=2018)
    yoo = make_person(
        "Yoo Ah-in",
        photo=make_library_image("Yoo Ah-in", size=(400, 600), name="yoo.jpg"),
    )
    jeon = make_person("Jun Jong-seo")
    alias = make_alias(jeon, "Jeon Jong-seo")
    make_credit(film, yoo, character="Lee Jong-su", billing_order=0)
    make_credit(film, jeon, character="Shin Hae-mi", billing_order=1, credited_as=alias)
    make_credit(film, make_person("Lee Chang-dong"), role=Credit.Role.DIRECTOR)

    html = client.get(film.get_absolute_url()).content.decode()

    first, second = cast_cards(html)
    assert "Yoo Ah-in" in first and "<img " in first and "no-photo" not in first
    assert "Jun Jong-seo" in second and "<img " not in second
    assert 'class="cast-photo no-photo" aria-hidden="true"' in second
    assert "as Shin Hae-mi,</span>" in second
    assert "credited as Jeon Jong-seo" in second
    # The director is crew, in the facts, not a face in the cast grid.
    assert "Lee Chang-dong" not in "".join(cast_cards(html))
    assert re.search(r"<dt>Director</dt><dd>.*Lee Chang-dong", html)


def test_where_to_watch_shows_the_providers_logo(client):
    film = make_film(title="Burning", year=2018)
    buffer = io.BytesIO()
    PILImage.new("RGB", (256, 256), (229, 9, 20)).save(buffer, format="PNG")
    netflix = make_provider("Netflix")
    netflix.logo.save("netflix.png", ContentFile(buffer.getvalue()))
    make_watch_option(film, netflix, kind=WatchOption.Kind.SUBSCRIPTION)
    make_watch_option(film, make_provider("Cinema Nova"), kind=WatchOption.Kind.CINEMA)

    html = client.get(film.get_absolute_url()).content.decode()

    lines = re.findall(r'<li class="watch-line[^"]*">(.*?)</li>', html, flags=re.S)
    with_logo = [line for line in lines if 'class="provider-logo"' in line]
    assert len(with_logo) == 1 and "Netflix" in with_logo[0]
    assert 'alt=""' in with_logo[0]  # the line's text names the provider


@pytest.mark.parametrize("size", [3, 30])
def test_the_film_page_runs_the_same_queries_at_3_and_30_cast_members(
    client, size, django_assert_max_num_queries
):
    film = make_film(title="The Long Cast", year=2024, countries="KR", languages="ko")
    people = [
        make_person(
            f"Actor Nº{n} Ødegård",
            # Every other actor has a photo: both kinds of card are drawn.
            photo=make_library_image(
                f"Actor {n}", size=(300, 450), colour=(n, 40, 90), name=f"a{n}.jpg"
            )
            if n % 2
            else None,
        )
        for n in range(size)
    ]
    for n, person in enumerate(people):
        make_credit(film, person, character=f"Passenger {n}", billing_order=n)
    make_watch_option(film, make_provider("Netflix"))
    make_review("The Long Cast – Review", film=film)
    for person in people:  # renditions are made once, as an upload makes them
        if person.photo:
            renditions(person.photo.file)

    with django_assert_max_num_queries(6):
        response = client.get(film.get_absolute_url())

    assert len(cast_cards(response.content.decode())) == size
    assert Person.objects.filter(photo__isnull=False).count() == size // 2

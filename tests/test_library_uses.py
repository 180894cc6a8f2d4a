"""Library images as hero images, posters and photos: one picture stored once,
shown wherever it is picked, cropped round its focal point."""

import re

import pytest

from people.models import Person
from reviews.models import Film, Image, Review
from tests.conftest import (
    make_author,
    make_credit,
    make_film,
    make_library_image,
    make_person,
    make_review,
)
from tests.test_admin import admin_url
from tests.workflow_support import form_data

pytestmark = pytest.mark.django_db


def img_tags(html: str, alt: str) -> list[str]:
    return re.findall(rf'<img [^>]*alt="{re.escape(alt)}"[^>]*>', html)


def test_a_cropped_card_keeps_the_focal_point_in_view(client):
    image = make_library_image("Ok-ju on a rooftop", focal_x=20, focal_y=75)
    make_review(hero=image)

    card = re.search(r'<a class="card-image".*?</a>', client.get("/").text, re.S)

    assert 'style="object-position: 20% 75%"' in card.group()


def test_a_person_photo_avatar_keeps_the_focal_point(client):
    photo = make_library_image("Jun Jong-seo at a premiere", focal_x=50, focal_y=10)
    person = make_person("Jun Jong-seo", photo=photo)

    [tag] = img_tags(client.get(person.get_absolute_url()).text, photo.alt_text)

    assert 'style="object-position: 50% 10%"' in tag


def test_a_focal_point_outside_the_picture_is_a_form_error(admin_client):
    image = make_library_image()
    url = admin_url(Image, "change", image.pk)
    data = {**form_data(admin_client.get(url)), "focal_x": "140", "focal_y": "-5"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.text
    assert "Ensure this value is greater than or equal to 0." in response.text
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (50, 50)


def test_one_library_image_is_two_heroes_and_a_poster(client):
    still = make_library_image("Ok-ju in black, holding ballet shoes")
    film = make_film("Ballerina", year=2023, poster=still)
    first = make_review("Ballerina review", film=film, hero=still)
    second = make_review("Ballerina, a second look", hero=still)

    for page in (first, second, film):
        html = client.get(page.get_absolute_url()).text
        assert img_tags(html, still.alt_text), page
    assert Image.objects.count() == 1
    assert img_tags(client.get("/").text, "")  # the cards, decorative there


def test_the_hero_shows_the_library_caption_and_credit(client):
    hero = make_library_image(caption="Ok-ju", credit="Photo: Netflix")
    review = make_review(hero=hero)

    html = client.get(review.get_absolute_url()).text

    assert "<figcaption>Ok-ju — Photo: Netflix</figcaption>" in html
    assert 'property="og:image:alt" content="Jun Jong-seo in a neon-lit corridor"' in (
        html
    )


def test_the_review_form_picks_a_library_image_as_hero(admin_client):
    hero = make_library_image("Jun Jong-seo in a neon-lit corridor")
    review = make_review(published=False)
    url = admin_url(Review, "change", review.pk)
    form = admin_client.get(url).text
    # The library's chooser (tests/test_image_chooser.py), sending the plain id.
    assert '<input type="hidden" name="hero" value="" id="id_hero">' in form

    response = admin_client.post(
        url, {**form_data(admin_client.get(url)), "hero": hero.pk}
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.hero == hero
    assert "/media/renditions/" in admin_client.get(url).text  # the saved preview


def test_film_and_person_forms_pick_library_images(admin_client):
    poster = make_library_image("Poster for Ballerina")
    film = make_film("Ballerina")
    url = admin_url(Film, "change", film.pk)
    data = {**form_data(admin_client.get(url)), "poster": poster.pk}
    assert admin_client.post(url, data).status_code == 302

    person = make_person("Jun Jong-seo")
    url = admin_url(Person, "change", person.pk)
    data = {**form_data(admin_client.get(url)), "photo": poster.pk}
    assert admin_client.post(url, data).status_code == 302

    film.refresh_from_db()
    person.refresh_from_db()
    assert film.poster == person.photo == poster


def test_a_picture_in_use_cannot_be_deleted(admin_client):
    hero = make_library_image()
    make_review("Ballerina review", hero=hero)

    response = admin_client.post(admin_url(Image, "delete", hero.pk), {"post": "yes"})

    assert "Ballerina review" in response.text
    assert Image.objects.filter(pk=hero.pk).exists()


def pictured_world(count: int):
    """`count` reviews of one film by one author, every picture a library image:
    heroes, the poster, the author's and a cast member's photos."""
    photo = make_library_image("Karina at her desk", colour=(1, 1, 1))
    author = make_author(photo=photo)
    person = make_person(photo=make_library_image("Jun", colour=(2, 2, 2)))
    film = make_film(poster=make_library_image("Poster", colour=(3, 3, 3)))
    make_credit(film, person)
    reviews = [
        make_review(
            film=film,
            author=author,
            hero=make_library_image(f"Still {i}", colour=(i * 30, 9, 9)),
        )
        for i in range(count)
    ]
    return {
        "home": "/",
        "review": reviews[0].get_absolute_url(),
        "film": film.get_absolute_url(),
        "person": person.get_absolute_url(),
        "author": author.get_absolute_url(),
    }


# The budgets of tests/test_public_pages.py, which has no pictures: pictures
# add no query.
BUDGETS = {"home": 3, "review": 8, "film": 6, "person": 5, "author": 4}


@pytest.mark.parametrize("page", BUDGETS)
@pytest.mark.parametrize("count", [1, 6])
def test_pictures_add_no_queries(client, page, count, django_assert_max_num_queries):
    url = pictured_world(count)[page]
    client.get(url)  # renditions made once
    with django_assert_max_num_queries(BUDGETS[page]):
        html = client.get(url).text
    assert 'srcset="/media/renditions/' in html


def test_a_file_that_is_not_a_picture_is_refused_before_it_is_stored(media_root):
    from django.core.exceptions import ValidationError
    from django.core.files.base import ContentFile

    from reviews.library.models import add_to_library

    with pytest.raises(ValidationError, match="not an image Heaven can read"):
        add_to_library(
            file=ContentFile(b"#!/bin/sh\n"), name="hero.jpg", alt_text="A still"
        )
    assert not Image.objects.exists()
    assert not list(media_root.rglob("*.jpg"))

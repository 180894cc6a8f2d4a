"""The image chooser of the hero, poster, photo and logo fields
(heaven/image_chooser.py), over HTTP: every such field shows it with the current
picture's thumbnail and alt text, and the form still sends and saves the plain
id, clears it, and refuses an id the library does not hold without losing what
was typed."""

import re

import pytest

from people.models import Author, Person
from reviews.models import Film, FilmList, Page, Review, SiteSettings
from tests.conftest import make_author, make_library_image, make_person
from tests.test_admin import admin_url
from tests.workflow_support import form_data

pytestmark = pytest.mark.django_db


def test_a_persons_form_shows_the_chosen_photo_and_saves_the_id(admin_client):
    old = make_library_image("Jun Jong-seo at a premiere")
    new = make_library_image("Jun Jong-seo on set", colour=(9, 9, 9))
    person = make_person("Jun Jong-seo", photo=old)
    url = admin_url(Person, "change", person.pk)

    page = admin_client.get(url)
    html = page.text
    assert '<div class="image-field"' in html
    assert f'<input type="hidden" name="photo" value="{old.pk}" id="id_photo">' in html
    assert f'src="{old.file.url}"' in html
    assert "Alt text: Jun Jong-seo at a premiere" in html
    assert '<label for="id_photo_choose">' in html  # the label names the button
    assert re.search(
        r'<script src="/static/desk/image_field.js"[^>]* type="module"', html
    )
    assert 'id="add_id_photo"' not in html  # the chooser uploads in place

    assert admin_client.post(url, {**form_data(page), "photo": new.pk}).status_code == (
        302
    )
    person.refresh_from_db()
    assert person.photo == new

    cleared = {**form_data(admin_client.get(url)), "photo": ""}
    assert admin_client.post(url, cleared).status_code == 302
    person.refresh_from_db()
    assert person.photo is None
    assert "No picture chosen." in admin_client.get(url).text


def test_an_authors_photo_is_chosen_the_same_way(admin_client):
    photo = make_library_image("Ana at her desk")
    author = make_author("Ana")
    url = admin_url(Author, "change", author.pk)
    page = admin_client.get(url)
    assert 'name="photo" value="" id="id_photo"' in page.text

    assert admin_client.post(
        url, {**form_data(page), "photo": photo.pk}
    ).status_code == (302)
    author.refresh_from_db()
    assert author.photo == photo


@pytest.mark.parametrize("bad", ["999999", "not a number"])
def test_an_id_the_library_does_not_hold_is_refused_and_nothing_is_lost(
    admin_client, bad
):
    photo = make_library_image("Jun Jong-seo at a premiere")
    person = make_person("Jun Jong-seo", photo=photo)
    url = admin_url(Person, "change", person.pk)
    data = {**form_data(admin_client.get(url)), "name": "Jun Jong-seo (II)"}

    response = admin_client.post(url, {**data, "photo": bad})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert 'value="Jun Jong-seo (II)"' in response.text  # what was typed stays
    assert "No picture chosen." in response.text
    person.refresh_from_db()
    assert (person.name, person.photo) == ("Jun Jong-seo", photo)


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Review, "hero"),
        (Film, "poster"),
        (Page, "hero"),
        (FilmList, "hero"),
        (Person, "photo"),
        (Author, "photo"),
    ],
)
def test_every_library_picture_field_has_the_chooser(admin_client, model, field):
    html = admin_client.get(admin_url(model, "add")).text
    assert f'<input type="hidden" name="{field}" value="" id="id_{field}">' in html
    assert f'id="id_{field}_choose"' in html
    assert f'id="add_id_{field}"' not in html


def test_the_site_logo_has_the_chooser(admin_client):
    logo = make_library_image("The Heaven logo")
    settings_row = SiteSettings.objects.first() or SiteSettings.objects.create()
    url = admin_url(SiteSettings, "change", settings_row.pk)
    page = admin_client.get(url)
    assert 'id="id_logo_choose"' in page.text

    assert admin_client.post(url, {**form_data(page), "logo": logo.pk}).status_code == (
        302
    )
    settings_row.refresh_from_db()
    assert settings_row.logo == logo

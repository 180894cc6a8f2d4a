"""Writers add people and films themselves; a person or film a published
review shows is changed by editors only (reviews/subject_locks.py)."""

import html
import re

import pytest
from django.urls import reverse

from people.models import Person
from reviews.models import Film
from tests.conftest import make_credit, make_film, make_person, make_review
from tests.workflow_support import client_for, form_data, make_role_users


@pytest.fixture
def users(db):
    return make_role_users()


def change(client, obj, **changes):
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    if "adminform" not in page.context or not page.context["has_change_permission"]:
        return page, None
    return page, client.post(url, {**form_data(page), **changes})


def test_a_writer_adds_a_person(users):
    client = client_for(users["writer"])
    url = reverse("admin:people_person_add")
    page = client.get(url)
    assert page.status_code == 200
    data = {**form_data(page), "name": "Lee Chang-dong", "slug": "lee-chang-dong"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Person.objects.filter(name="Lee Chang-dong").exists()


def test_a_writer_changes_a_person_no_published_review_shows(users):
    person = make_person("Lee Chang-dong")
    make_credit(make_film("Burning"), person)  # no review of it yet
    _, response = change(client_for(users["writer"]), person, name="Lee Changdong")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == "Lee Changdong"


@pytest.mark.parametrize("shown_by", ["credit", "mention"])
def test_a_person_a_published_review_shows_is_for_editors(users, shown_by):
    person = make_person("Jun Jong-seo")
    film = make_film("Ballerina")
    if shown_by == "credit":
        make_credit(film, person)
        make_review(title="Ballerina", film=film)
    else:
        make_review(
            title="Burning",
            body=f'<p>See <a href="{person.get_absolute_url()}">Jun</a>.</p>',
        )
    page, response = change(client_for(users["writer"]), person, name="Changed")
    assert response is None  # shown read-only, without a save button
    assert 'name="_save"' not in page.text
    url = reverse("admin:people_person_change", args=[person.pk])
    forged = client_for(users["writer"]).post(url, {"name": "Changed"})
    assert forged.status_code == 403
    assert Person.objects.get(pk=person.pk).name == "Jun Jong-seo"

    _, response = change(client_for(users["editor"]), person, name="Jun Jongseo")
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).name == "Jun Jongseo"


def test_a_film_a_published_review_shows_is_for_editors(users):
    reviewed = make_film("Ballerina")
    make_review(title="Ballerina", film=reviewed)
    fresh = make_film("Burning")
    writer = client_for(users["writer"])

    _, response = change(writer, fresh, title="Burning (2018)")
    assert response.status_code == 302
    assert Film.objects.get(pk=fresh.pk).title == "Burning (2018)"

    url = reverse("admin:reviews_film_change", args=[reviewed.pk])
    assert writer.post(url, {"title": "Changed"}).status_code == 403
    assert Film.objects.get(pk=reviewed.pk).title == "Ballerina"


def test_an_unknown_mention_offers_to_add_the_person(users):
    writer = client_for(users["writer"])
    draft = make_review(title="Burning", published=False, author=users["writer"].author)
    url = reverse("admin:reviews_review_change", args=[draft.pk])
    typed = "<p>[[Lee Chang-dong]] at his best.</p>"
    response = writer.post(url, {**form_data(writer.get(url)), "body": typed})
    assert response.status_code == 200
    assert "“Lee Chang-dong” is no person or film in the database" in response.text
    assert "[[Lee Chang-dong]]" in response.text  # nothing typed is lost
    (offer,) = re.findall(
        r'href="([^"]*)"[^>]*class="add-mentioned-person"', response.text
    )
    offer = html.unescape(offer)
    assert offer.startswith(reverse("admin:people_person_add"))

    add_page = writer.get(offer)
    assert add_page.context["adminform"].form.initial["name"] == "Lee Chang-dong"
    created = writer.post(offer, form_data(add_page))
    assert created.status_code == 302
    person = Person.objects.get(name="Lee Chang-dong")

    response = writer.post(url, {**form_data(writer.get(url)), "body": typed})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert f'href="{person.get_absolute_url()}"' in draft.body

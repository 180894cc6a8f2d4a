"""A film with a cast of hundreds opens and saves in the admin, and its credits
are edited in the credits list filtered by film."""

import pytest
from django.urls import reverse

from people.models import Person
from reviews.models import Credit, Film
from tests.conftest import make_film
from tests.workflow_support import client_for, form_data, make_user

pytestmark = pytest.mark.django_db


def film_with_cast(size: int) -> Film:
    """As `import_films` leaves a TMDb title: many people, billed in order."""
    film = make_film(title="The Long Cast", year=2024)
    people = Person.objects.bulk_create(
        Person(name=f"Actor Nº{n} Ødegård", slug=f"actor-{n}") for n in range(size)
    )
    Credit.objects.bulk_create(
        Credit(
            film=film,
            person=person,
            role=Credit.Role.CAST,
            character=f"Passenger {n}",
            billing_order=n,
        )
        for n, person in enumerate(people)
    )
    return film


@pytest.fixture
def editor():
    return make_user("cast_editor", group="Editors")


def test_a_500_credit_film_opens_and_saves_without_losing_a_credit(editor):
    film = film_with_cast(500)
    client = client_for(editor)
    url = reverse("admin:reviews_film_change", args=[film.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Edit the 500 credits of this film" in page.content.decode()
    response = client.post(url, {**form_data(page), "runtime_minutes": "212"})
    assert response.status_code == 302
    film.refresh_from_db()
    assert film.runtime_minutes == 212
    assert film.credits.count() == 500
    assert film.credits.filter(character="Passenger 499").exists()


@pytest.mark.parametrize("size", [1, 500])
def test_opening_a_film_costs_the_same_queries_at_any_cast_size(
    editor, size, django_assert_max_num_queries
):
    film = film_with_cast(size)
    client = client_for(editor)
    url = reverse("admin:reviews_film_change", args=[film.pk])
    with django_assert_max_num_queries(30):
        assert client.get(url).status_code == 200


def test_the_credits_list_edits_one_films_cast_a_page_at_a_time(editor):
    film = film_with_cast(150)
    other = make_film(title="Another Film")
    Credit.objects.create(
        film=other, person=Person.objects.first(), role=Credit.Role.CAST
    )
    client = client_for(editor)
    url = reverse("admin:reviews_credit_changelist") + f"?film__id__exact={film.pk}"
    page = client.get(url)
    assert page.status_code == 200
    changelist = page.context["cl"]
    assert changelist.result_count == 150
    assert len(changelist.result_list) == 100
    assert all(credit.film_id == film.pk for credit in changelist.result_list)
    # Save the first page with one character renamed, as the browser sends it.
    formset = changelist.formset
    data = {"_save": "Save", "action": "", "index": "0"}
    management = formset.management_form
    for name in management.fields:
        data[management.add_prefix(name)] = management[name].value()
    for form in formset.forms:
        for name in form.fields:
            value = form[name].value()
            data[form.add_prefix(name)] = "" if value is None else value
    first = formset.forms[0]
    data[first.add_prefix("character")] = "Passenger Zero, renamed"
    response = client.post(url, data)
    assert response.status_code == 302
    assert Credit.objects.filter(character="Passenger Zero, renamed").count() == 1
    assert film.credits.count() == 150


def test_a_new_film_takes_its_first_credits_in_its_own_form(editor):
    client = client_for(editor)
    page = client.get(reverse("admin:reviews_film_add"))
    assert page.status_code == 200
    prefixes = [
        inline.formset.prefix for inline in page.context["inline_admin_formsets"]
    ]
    assert "credits" in prefixes

"""Two people editing at once: a save from a form loaded before someone else's
save is refused, naming who saved and when; nothing either of them typed is lost.

Every test drives the admin over HTTP with two logged-in clients."""

import html

import pytest
from django.urls import reverse

from people.models import Author, Person
from reviews.models import Credit, Film, Review
from tests.conftest import (
    make_credit,
    make_film,
    make_list,
    make_page,
    make_person,
    make_review,
)
from tests.workflow_support import client_for, form_data, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors():
    return (
        make_user("amira_editor", group="Editors"),
        make_user("bo_editor", group="Editors"),
    )


def open_form(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return form_data(page)


def refused_message(response) -> str:
    assert response.status_code == 200, "the stale save went through"
    errors = response.context["adminform"].form.non_field_errors()
    assert errors, "no error shown"
    return html.unescape(str(errors))


def race(url, first, second, *, first_changes, second_changes):
    """Both open the form; ``first`` saves; ``second`` saves from the old form."""
    a, b = client_for(first), client_for(second)
    data_a, data_b = open_form(a, url), open_form(b, url)
    saved = a.post(url, {**data_a, **first_changes})
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    return b.post(url, {**data_b, **second_changes})


def review_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def test_a_stale_review_save_is_refused_and_keeps_both_peoples_text(editors):
    amira, bo = editors
    review = make_review(title="Ballerina", verdict="Good.", status="draft")
    # Saved once in the admin, as every review is, so it has a version to compare.
    first = client_for(amira)
    assert first.post(review_url(review), open_form(first, review_url(review)))
    response = race(
        review_url(review),
        amira,
        bo,
        first_changes={"verdict": "A furious, precise revenge film."},
        second_changes={"title": "Ballerina (2023)"},
    )
    message = refused_message(response)
    assert "Amira Editor" in message or "amira_editor" in message
    assert "after you opened it" in message
    review.refresh_from_db()
    assert review.verdict == "A furious, precise revenge film."
    assert review.title == "Ballerina"
    # Bo's typing is still in the form, and the compare link is offered.
    assert response.context["adminform"].form["title"].value() == "Ballerina (2023)"
    assert "history/compare/?older=" in str(
        response.context["adminform"].form.non_field_errors()
    )


def test_saving_again_after_the_warning_keeps_the_second_version(editors):
    amira, bo = editors
    review = make_review(title="Ballerina", verdict="Good.", status="draft")
    url = review_url(review)
    response = race(
        url,
        amira,
        bo,
        first_changes={"verdict": "Amira's verdict."},
        second_changes={"title": "Bo's title"},
    )
    refused_message(response)
    again = client_for(bo).post(url, form_data(response))
    assert again.status_code == 302
    review.refresh_from_db()
    assert review.title == "Bo's title"


def test_a_workflow_button_on_a_stale_form_is_refused(editors):
    amira, bo = editors
    review = make_review(title="The Call", status="in_review")
    response = race(
        review_url(review),
        amira,
        bo,
        first_changes={"verdict": "Tense to the last minute."},
        second_changes={"_workflow": "publish"},
    )
    assert "after you opened it" in refused_message(response)
    review.refresh_from_db()
    assert review.status == Review.Status.IN_REVIEW
    assert review.verdict == "Tense to the last minute."


def test_autosave_does_not_make_ones_own_save_a_conflict(editors):
    amira, _ = editors
    review = make_review(title="Ballerina", status="draft")
    client = client_for(amira)
    url = review_url(review)
    data = open_form(client, url)
    autosave = reverse("admin:reviews_review_autosave", args=[review.pk])
    answer = client.post(
        autosave, {"title": "Ballerina, typed", "edit_version": data["edit_version"]}
    )
    assert answer.status_code == 200
    saved = client.post(url, {**data, "title": "Ballerina, saved"})
    assert saved.status_code == 302
    review.refresh_from_db()
    assert review.title == "Ballerina, saved"


def test_restoring_an_autosave_typed_before_another_save_is_refused(editors):
    amira, bo = editors
    review = make_review(title="Ballerina", verdict="First.", status="draft")
    url = review_url(review)
    a, b = client_for(amira), client_for(bo)
    data_a = open_form(a, url)
    assert b.post(url, {**open_form(b, url), "verdict": "Bo's verdict."}).status_code
    # Amira's open tab autosaves her stale text after Bo's save, then she comes
    # back, restores it and saves.
    a.post(
        reverse("admin:reviews_review_autosave", args=[review.pk]),
        {"title": "Amira's title", "edit_version": data_a["edit_version"]},
    )
    restored = a.get(url + "?restore_autosave=1")
    assert "Amira's title" in html.unescape(restored.content.decode())
    response = a.post(url, form_data(restored))
    assert "after you opened it" in refused_message(response)
    review.refresh_from_db()
    assert review.verdict == "Bo's verdict."
    assert review.title == "Ballerina"


def test_a_stale_film_save_is_refused(editors):
    amira, bo = editors
    film = make_film(title="Drive My Car", year=2021)
    url = reverse("admin:reviews_film_change", args=[film.pk])
    response = race(
        url,
        amira,
        bo,
        first_changes={"runtime_minutes": "179"},
        second_changes={"logline": "A widowed director drives to Hiroshima."},
    )
    assert "saved this film" in refused_message(response)
    film.refresh_from_db()
    assert film.runtime_minutes == 179
    assert film.logline == ""


def test_editing_a_credit_elsewhere_does_not_make_the_film_form_stale(editors):
    amira, bo = editors
    film = make_film(title="Drive My Car", year=2021)
    credit = make_credit(film, make_person("Hidetoshi Nishijima"), character="Yusuke")
    url = reverse("admin:reviews_film_change", args=[film.pk])
    a = client_for(amira)
    data = open_form(a, url)
    credit_url = reverse("admin:reviews_credit_change", args=[credit.pk])
    b = client_for(bo)
    edited = b.post(credit_url, {**open_form(b, credit_url), "character": "Kafuku"})
    assert edited.status_code == 302
    saved = a.post(url, {**data, "runtime_minutes": "179"})
    assert saved.status_code == 302
    assert Credit.objects.get(pk=credit.pk).character == "Kafuku"
    assert Film.objects.get(pk=film.pk).runtime_minutes == 179


def test_a_stale_person_save_is_refused(editors):
    amira, bo = editors
    person = make_person("Jun Jong-seo")
    url = reverse("admin:people_person_change", args=[person.pk])
    response = race(
        url,
        amira,
        bo,
        first_changes={"imdb_id": "nm7390553"},
        second_changes={"sort_name": "Jun Jongseo"},
    )
    assert "saved this person" in refused_message(response)
    person.refresh_from_db()
    assert person.imdb_id == "nm7390553"
    assert person.sort_name != "Jun Jongseo"


def test_a_stale_author_save_is_refused(editors):
    amira, bo = editors
    author = Author.objects.create(display_name="Karina Adelgaard")
    url = reverse("admin:people_author_change", args=[author.pk])
    response = race(
        url,
        amira,
        bo,
        first_changes={"nickname": "ScreamQueen"},
        second_changes={"website": "https://karina.example/"},
    )
    assert "saved this author" in refused_message(response)
    author.refresh_from_db()
    assert author.nickname == "ScreamQueen"
    assert author.website == ""


def test_one_persons_successive_saves_never_conflict(editors):
    amira, _ = editors
    person = make_person("Park Shin-hye")
    url = reverse("admin:people_person_change", args=[person.pk])
    client = client_for(amira)
    for sort_name in ["Park Shinhye", "Park Shin-hye"]:
        assert (
            client.post(
                url, {**open_form(client, url), "sort_name": sort_name}
            ).status_code
            == 302
        )
    assert Person.objects.get(pk=person.pk).sort_name == "Park Shin-hye"


@pytest.mark.parametrize("kind", ["page", "filmlist"])
def test_a_stale_page_or_list_save_is_refused(editors, kind):
    amira, bo = editors
    if kind == "page":
        thing = make_page("About us", slug="about")
    else:
        thing = make_list("Korean thrillers")
    url = reverse(f"admin:reviews_{kind}_change", args=[thing.pk])
    response = race(
        url,
        amira,
        bo,
        first_changes={"title": "Who we are"},
        second_changes={"seo_description": "Typed over an older form."},
    )
    assert f"saved this {thing._meta.verbose_name}" in refused_message(response)
    thing.refresh_from_db()
    assert thing.title == "Who we are"
    assert thing.seo_description == ""

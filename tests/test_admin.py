"""The admin a writer lives in: every page answers, lists stay cheap, search knows
aliases, and deleting editorial content by accident is refused with a clear message."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import Person
from reviews.models import Film, Review
from tests.conftest import (
    make_alias,
    make_credit,
    make_film,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
)

REGISTERED = sorted(
    admin.site._registry, key=lambda model: (model._meta.app_label, model.__name__)
)


def admin_request(admin_client):
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=admin_client.session["_auth_user_id"])
    return request


def admin_url(model, view, *args):
    return reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args
    )


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_every_admin_page_answers_for_a_superuser(admin_client, demo, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    # Read-only records (the workflow's audit trail) have no add page on purpose.
    can_add = admin.site._registry[model].has_add_permission(
        admin_request(admin_client)
    )
    expected = 200 if can_add else 403
    assert admin_client.get(admin_url(model, "add")).status_code == expected
    obj = model._default_manager.first()
    if obj is not None:
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


def test_the_admin_can_edit_the_ballerina_review(admin_client, demo):
    review = demo["ballerina"]
    data = {
        "title": review.title,
        "slug": review.slug,
        "film": review.film.pk,
        "author": review.author.pk,
        "status": review.status,
        "published_at_0": "2023-10-06",
        "published_at_1": "09:00:00",
        "excerpt": review.excerpt,
        "body": review.body + "<p>Edited in the admin.</p>",
        "verdict": review.verdict,
        "rating": "8.5",
        "hero": review.hero.pk,
        "tags": "Korean, Netflix, revenge",
        "content_warnings": [w.pk for w in review.content_warnings.all()],
        "related_reviews": [r.pk for r in review.related_reviews.all()],
    }

    response = admin_client.post(admin_url(Review, "change", review.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    review.refresh_from_db()
    assert review.body.endswith("<p>Edited in the admin.</p>")
    assert str(review.rating) == "8.5"
    assert sorted(t.name for t in review.tags.all()) == ["Korean", "Netflix", "revenge"]


def test_deleting_a_film_with_a_review_is_refused_with_a_clear_message(admin_client):
    review = make_review("Ballerina review")
    film = review.film
    url = admin_url(Film, "delete", film.pk)

    page = admin_client.get(url)
    assert "would require deleting the following protected related objects" in page.text
    assert "Ballerina review" in page.text

    admin_client.post(url, {"post": "yes"})
    assert Film.objects.filter(pk=film.pk).exists()
    assert Review.objects.filter(pk=review.pk).exists()


def test_deleting_a_person_with_credits_is_refused(admin_client):
    person = make_person("Jun Jong-seo")
    make_credit(make_film("Ballerina"), person, character="Ok-ju")
    url = admin_url(Person, "delete", person.pk)

    assert "protected related objects" in admin_client.get(url).text
    admin_client.post(url, {"post": "yes"})
    assert Person.objects.filter(pk=person.pk).exists()


def test_admin_person_search_finds_a_person_by_an_alias(admin_client):
    jun = make_person("Jun Jong-seo")
    make_alias(jun, "Jeon Jong-seo")
    make_alias(jun, "전종서")
    make_person("Kim Ji-hoon")

    for query in ("Jeon Jong-seo", "전종서", "Jun"):
        response = admin_client.get(admin_url(Person, "changelist"), {"q": query})
        assert list(response.context["cl"].result_list) == [jun], query


def test_credit_autocomplete_finds_a_person_by_an_alias(admin_client):
    jun = make_person("Jun Jong-seo")
    make_alias(jun, "Jeon Jong-seo")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "reviews",
            "model_name": "credit",
            "field_name": "person",
            "term": "Jeon",
        },
    )

    assert [r["text"] for r in response.json()["results"]] == ["Jun Jong-seo"]


def fill(rows: int):
    provider = make_provider()
    for number in range(rows):
        film = make_film(f"Film {number}")
        person = make_person(f"Person {number}")
        make_alias(person, f"Alias {number}")
        make_credit(film, person, character=f"Role {number}")
        make_watch_option(film, provider, region="US")
        make_review(f"Review {number}", film=film)


def changelist_queries(client, model) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(model, "changelist")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, model, django_assert_max_num_queries
):
    fill(3)
    few = changelist_queries(admin_client, model)
    fill(27)

    with django_assert_max_num_queries(few):
        admin_client.get(admin_url(model, "changelist"))
    # 12, and the site settings row for the header, read once and then cached.
    assert few <= 13


def film_lookups_on_change_page(client, film) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(admin_url(Film, "change", film.pk)).status_code == 200
    return sum('FROM "reviews_film"' in query["sql"] for query in queries)


def test_a_films_change_page_does_not_look_the_film_up_per_inline_row(admin_client):
    # Each inline row's label names the film; without select_related that was one
    # query per credit and per watch option. (Django's own widgets still fetch
    # each row's selected person or provider.)
    film = make_film("Ballerina")
    providers = [make_provider(f"Service {number}") for number in range(12)]
    make_watch_option(film, providers[0], region="US")
    make_credit(film, make_person("Jun Jong-seo"), character="Ok-ju")
    few = film_lookups_on_change_page(admin_client, film)
    for number, provider in enumerate(providers[1:]):
        make_watch_option(film, provider, region="US")
        make_credit(film, make_person(f"Extra {number}"), character=f"Guest {number}")

    assert film_lookups_on_change_page(admin_client, film) == few

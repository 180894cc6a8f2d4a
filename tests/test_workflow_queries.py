"""Query budgets of the workflow's pages: the admin lists and a preview cost the
same whether there is one review or many."""

import pytest
from django.urls import reverse

from reviews import workflow
from tests.conftest import make_film, make_review
from tests.workflow_support import client_for, make_role_users


@pytest.fixture
def users(db):
    return make_role_users()


def drafts(user, count):
    reviews = []
    for n in range(count):
        review = make_review(
            published=False,
            title=f"Draft {n}",
            film=make_film(),
            author=user.author,
            body="<p>b</p>",
        )
        review.tags.set([f"tag{n}", "shared"])
        reviews.append(review)
    return reviews


@pytest.mark.parametrize("count", [1, 12])
@pytest.mark.parametrize("role", ["writer", "editor"])
def test_review_changelist_queries_do_not_grow_with_rows(
    users, django_assert_max_num_queries, role, count
):
    drafts(users["writer"], count)
    client = client_for(users[role])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("admin:reviews_review_changelist"))
    assert response.status_code == 200
    assert response.text.count("Draft ") >= count


@pytest.mark.parametrize("count", [1, 12])
def test_audit_changelist_queries_do_not_grow_with_rows(
    users, django_assert_max_num_queries, count
):
    for review in drafts(users["writer"], count):
        workflow.submit(review, by=users["writer"])
    client = client_for(users["editor"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("admin:reviews_reviewtransition_changelist"))
    assert response.status_code == 200
    assert response.text.count("In review") >= count


@pytest.mark.parametrize("count", [1, 12])
def test_review_change_page_queries_do_not_grow_with_its_history(
    users, django_assert_max_num_queries, count
):
    review = drafts(users["writer"], 1)[0]
    for _ in range(count):
        workflow.submit(review, by=users["writer"])
        workflow.return_to_draft(review, by=users["editor"])
    client = client_for(users["editor"])
    # 18 with the lookup of the editor's autosaved draft (reviews.autosave),
    # and one for the workflow panel's log of steps and their notes (its last 8).
    with django_assert_max_num_queries(19):
        response = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert response.status_code == 200
    assert 'value="Draft 0"' in response.text
    assert "Back to draft" not in response.text  # a draft again, as last moved


@pytest.mark.parametrize("count", [1, 12])
def test_a_preview_costs_a_few_queries(users, django_assert_max_num_queries, count):
    reviews = drafts(users["writer"], count)
    client = client_for(users["editor"])
    # The full review page (8 queries for a reader) plus the editor's session,
    # user and permissions; the same at 1 draft and at 12.
    with django_assert_max_num_queries(13):
        response = client.get(reviews[-1].get_absolute_url())
    assert response.status_code == 200
    assert "Preview — not published" in response.text
    assert f"Draft {count - 1}" in response.text

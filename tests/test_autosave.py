"""Autosaved drafts: kept apart from the review, offered back on the form."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from reviews.models import Review, ReviewAutosave
from tests.conftest import make_review
from tests.workflow_support import client_for, form_data, make_role_users

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2026, 11, 25, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def users():
    return make_role_users()


def autosave_url(review):
    return reverse("admin:reviews_review_autosave", args=[review.pk])


def change_url(review):
    return reverse("admin:reviews_review_change", args=[review.pk])


def test_autosave_keeps_a_draft_without_changing_the_published_review(users, client):
    with time_machine.travel(NOON - datetime.timedelta(hours=1), tick=False):
        review = make_review("Ballerina review", body="<p>Published text.</p>")
    editor = client_for(users["editor"])

    with time_machine.travel(NOON, tick=False):
        answer = editor.post(
            autosave_url(review),
            {"title": "Ballerina review", "body": "<p>New text<script>x</script></p>"},
        )

    assert answer.status_code == 200
    assert answer.json()["message"] == "Draft autosaved at 12:00."
    review.refresh_from_db()
    assert review.body == "<p>Published text.</p>"
    assert review.updated_at < NOON
    assert "Published text." in client.get(review.get_absolute_url()).text
    saved = ReviewAutosave.objects.get(review=review)
    assert saved.body == "<p>New text</p>"  # sanitized like the review's body
    assert saved.excerpt == review.excerpt  # a field not sent keeps the review's


def test_the_form_offers_the_newer_autosave_and_restores_it_into_the_form(users):
    with time_machine.travel(NOON - datetime.timedelta(hours=1), tick=False):
        review = make_review("Ballerina review", body="<p>Published text.</p>")
    editor = client_for(users["editor"])
    with time_machine.travel(NOON, tick=False):
        editor.post(autosave_url(review), {"body": "<p>Lost tab text.</p>"})

    page = editor.get(change_url(review)).text
    assert "Restore the autosaved draft from 12:00" in page

    restored = editor.get(change_url(review) + "?restore_autosave=1")
    assert restored.context["adminform"].form["body"].value() == (
        "<p>Lost tab text.</p>"
    )
    assert "is in the form below. Save to keep it" in restored.text
    review.refresh_from_db()
    assert review.body == "<p>Published text.</p>"

    # Saving the restored form keeps the text and clears the autosave.
    editor.post(change_url(review), form_data(restored))
    review.refresh_from_db()
    assert review.body == "<p>Lost tab text.</p>"
    assert not ReviewAutosave.objects.filter(review=review).exists()


def test_each_person_has_their_own_autosave(users):
    review = make_review(published=False, author=users["writer"].author)
    client_for(users["writer"]).post(autosave_url(review), {"body": "<p>Mine.</p>"})
    client_for(users["editor"]).post(autosave_url(review), {"body": "<p>Ours.</p>"})
    assert ReviewAutosave.objects.filter(review=review).count() == 2
    page = client_for(users["writer"]).get(change_url(review) + "?restore_autosave=1")
    assert page.context["adminform"].form["body"].value() == "<p>Mine.</p>"


def test_someone_who_may_not_edit_the_review_cannot_autosave_it(users):
    review = make_review(published=False, author=users["writer"].author)
    answer = client_for(users["other_writer"]).post(
        autosave_url(review), {"body": "<p>Not mine.</p>"}
    )
    assert answer.status_code in (403, 404)
    assert not ReviewAutosave.objects.exists()


def test_an_autosave_the_review_could_not_hold_is_refused_clearly(users):
    review = make_review()
    answer = client_for(users["editor"]).post(
        autosave_url(review), {"title": "x" * 300}
    )
    assert answer.status_code == 400
    assert "Not autosaved:" in answer.json()["message"]
    assert "250 characters" in answer.json()["message"]


def test_autosave_only_answers_posts(users):
    review = make_review()
    assert client_for(users["editor"]).get(autosave_url(review)).status_code == 405


def test_an_autosave_older_than_the_review_is_not_offered(users):
    review = make_review()
    editor = client_for(users["editor"])
    with time_machine.travel(timezone.now() - datetime.timedelta(days=3)):
        ReviewAutosave.objects.create(review=review, user=users["editor"], body="old")
    assert "Restore the autosaved" not in editor.get(change_url(review)).text
    assert Review.objects.get(pk=review.pk).body == review.body


NEW_AUTOSAVE = "/admin/reviews/review/autosave/"


def test_a_new_reviews_first_autosave_creates_its_draft(users):
    writer = users["writer"]
    response = client_for(writer).post(
        NEW_AUTOSAVE, {"title": "", "body": "<p>J</p>", "excerpt": "", "verdict": ""}
    )
    assert response.status_code == 200
    review = Review.objects.get()
    assert (review.status, review.title, review.author) == (
        Review.Status.DRAFT,
        "Untitled draft",
        writer.author,
    )
    answer = response.json()
    assert answer["change_url"] == change_url(review)
    assert answer["autosave_url"] == autosave_url(review)
    assert answer["message"].startswith("Draft created and autosaved at")


def test_a_new_review_that_cannot_be_kept_is_refused_and_nothing_is_made(users):
    too_long = client_for(users["writer"]).post(NEW_AUTOSAVE, {"title": "x" * 251})
    assert too_long.status_code == 400
    assert too_long.json()["message"].startswith("Not autosaved:")
    bylineless = users["writer"]
    bylineless.author.delete()
    no_byline = client_for(bylineless).post(NEW_AUTOSAVE, {"title": "Mine"})
    assert no_byline.status_code == 400
    assert "no author byline" in no_byline.json()["message"]
    assert client_for(None).post(NEW_AUTOSAVE, {"title": "x"}).status_code == 302
    assert not Review.objects.exists()

"""Versions (django-reversion): every admin save keeps one; editors compare two,
restore one, and recover a deleted review — all through the admin pages."""

import re

import pytest
from django.urls import reverse
from reversion.models import Version

from reviews import versions, workflow
from reviews.models import Film, Review
from tests.conftest import (
    make_credit,
    make_film,
    make_person,
    make_provider,
    make_review,
)
from tests.workflow_support import client_for, form_data, make_role_users


@pytest.fixture
def users(db):
    return make_role_users()


def admin_url(name, *args):
    return reverse(f"admin:reviews_review_{name}", args=args)


def save_in_admin(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {**form_data(page), **changes})
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


@pytest.fixture
def edited_review(users):
    """A review a writer drafted with two tags, which an editor then rewrote."""
    writer, editor = users["writer"], users["editor"]
    film = make_film(title="Ballerina")
    save_in_admin(
        client_for(writer),
        admin_url("add"),
        title="Ballerina (2023) – Review",
        slug="ballerina-2023-review",
        film=str(film.pk),
        body="<p>Jun Jong-seo is the perfect avenger.</p>",
        tags="revenge, korean",
    )
    review = Review.objects.get(slug="ballerina-2023-review")
    save_in_admin(
        client_for(editor),
        admin_url("change", review.pk),
        title="Ballerina – an editor's rewrite",
        body="<p>Something else entirely.</p>",
        tags="netflix",
    )
    review.refresh_from_db()
    return review


def first_version(review):
    return Version.objects.get_for_object(review).order_by("pk").first()


def test_every_admin_save_keeps_a_version_listed_in_the_history(users, edited_review):
    versions = Version.objects.get_for_object(edited_review)
    assert versions.count() == 2
    history = client_for(users["editor"]).get(admin_url("history", edited_review.pk))
    assert history.status_code == 200
    assert history.text.count(f"/history/{versions[0].pk}/") >= 1
    assert "Compare two versions" in history.text


def test_restoring_a_version_brings_back_the_exact_body_title_and_tags(
    users, edited_review
):
    editor = client_for(users["editor"])
    assert set(edited_review.tags.names()) == {"netflix"}
    url = admin_url("revision", edited_review.pk, first_version(edited_review).pk)

    page = editor.get(url)
    assert "Ballerina (2023) – Review" in page.text
    edited_review.refresh_from_db()
    assert edited_review.title == "Ballerina – an editor's rewrite"  # only a look

    save_in_admin(editor, url)

    edited_review.refresh_from_db()
    assert edited_review.title == "Ballerina (2023) – Review"
    assert edited_review.body == "<p>Jun Jong-seo is the perfect avenger.</p>"
    assert set(edited_review.tags.names()) == {"revenge", "korean"}
    assert Version.objects.get_for_object(edited_review).count() == 3


def test_restoring_keeps_the_review_where_it_is_in_the_workflow(users, edited_review):
    workflow.publish(edited_review, by=users["editor"])
    published_at = edited_review.published_at
    url = admin_url("revision", edited_review.pk, first_version(edited_review).pk)

    save_in_admin(client_for(users["editor"]), url)

    edited_review.refresh_from_db()
    assert edited_review.title == "Ballerina (2023) – Review"
    assert edited_review.status == Review.Status.PUBLISHED
    assert edited_review.published_at == published_at
    assert client_for(None).get(edited_review.get_absolute_url()).status_code == 200


def test_comparing_two_versions_shows_each_changed_field(users, edited_review):
    response = client_for(users["editor"]).get(admin_url("compare", edited_review.pk))
    assert response.status_code == 200
    changed = {row["label"] for row in response.context["rows"] if row["changed"]}
    assert changed == {"title", "body", "tags"}
    text = response.text
    assert "Ballerina (2023) – Review" in text
    assert "korean, revenge" in text and "netflix" in text
    # The body is shown as a diff of its words.
    assert "avenger" in text and "entirely" in text
    assert 'class="word-diff"' in text


def test_compare_with_unknown_versions_falls_back_to_the_latest_two(
    users, edited_review
):
    response = client_for(users["editor"]).get(
        admin_url("compare", edited_review.pk), {"older": "x", "newer": "999999"}
    )
    assert response.status_code == 200
    assert response.context["newer"].pk > response.context["older"].pk


def test_a_deleted_review_can_be_recovered_as_a_draft_with_its_tags(
    users, edited_review
):
    editor = client_for(users["editor"])
    workflow.publish(edited_review, by=users["editor"])
    pk = edited_review.pk
    editor.post(admin_url("delete", pk), {"post": "yes"})
    assert not Review.objects.filter(pk=pk).exists()

    recover_list = editor.get(admin_url("recoverlist"))
    assert "Ballerina – an editor&#x27;s rewrite" in recover_list.text
    version_id = re.search(r"/recover/(\d+)/", recover_list.text).group(1)
    save_in_admin(editor, admin_url("recover", version_id))

    recovered = Review.objects.get(pk=pk)
    assert recovered.title == "Ballerina – an editor's rewrite"
    assert set(recovered.tags.names()) == {"netflix"}
    assert recovered.status == Review.Status.DRAFT  # back on the desk, not live
    assert client_for(None).get(recovered.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["writer", "other_writer"])
def test_writers_cannot_see_history_compare_or_recover(users, edited_review, role):
    client = client_for(users[role])
    version = first_version(edited_review)
    for url in [
        admin_url("history", edited_review.pk),
        admin_url("compare", edited_review.pk),
        admin_url("revision", edited_review.pk, version.pk),
        admin_url("recoverlist"),
        admin_url("recover", version.pk),
    ]:
        assert client.get(url).status_code == 403, url


@pytest.mark.parametrize("how", ["delete page", "delete action"])
def test_a_review_never_saved_in_the_admin_can_still_be_recovered(users, how):
    review = make_review(title="Imported long ago")
    review.tags.set(["wordpress"])
    workflow.unpublish(review, by=users["editor"])
    editor = client_for(users["editor"])
    if how == "delete page":
        editor.post(admin_url("delete", review.pk), {"post": "yes"})
    else:
        editor.post(
            admin_url("changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [review.pk],
                "post": "yes",
            },
        )
    assert not Review.objects.filter(pk=review.pk).exists()
    audit = client_for(users["editor"]).get(
        reverse("admin:reviews_reviewtransition_changelist")
    )
    assert "Imported long ago (deleted)" in audit.text

    version = Version.objects.get_deleted(Review).get(object_id=str(review.pk))
    save_in_admin(editor, admin_url("recover", version.pk))

    recovered = Review.objects.get(pk=review.pk)
    assert recovered.title == "Imported long ago"
    assert set(recovered.tags.names()) == {"wordpress"}
    lines = recovered.transitions.order_by("at", "pk")
    assert [(t.from_status, t.to_status, t.note) for t in lines] == [
        ("published", "unpublished", ""),
        ("unpublished", "draft", "recovered after deletion"),
    ]


def test_restoring_a_film_version_brings_back_its_watch_options_not_older_credits(
    users,
):
    """Credits are edited in their own list (a cast can be hundreds): restoring
    the film must not undo a credit edited there since."""
    editor = client_for(users["editor"])
    jun, park = make_person("Jun Jong-seo"), make_person("Park Yu-rim")
    netflix = make_provider("Netflix")
    save_in_admin(
        editor,
        reverse("admin:reviews_film_add"),
        title="Ballerina",
        slug="ballerina-2023",
        year="2023",
        **{
            "watch_options-TOTAL_FORMS": "1",
            "watch_options-0-provider": str(netflix.pk),
            "watch_options-0-kind": "subscription",
            "watch_options-0-available_from": "2023-10-06",
        },
    )
    film = Film.objects.get(title="Ballerina")
    make_credit(film, jun, character="Ok-ju", billing_order=1)
    make_credit(film, park, character="Min-hee", billing_order=2)
    change_url = reverse("admin:reviews_film_change", args=[film.pk])
    page = editor.get(change_url)
    data = form_data(page)
    data["watch_options-0-available_from"] = "2023-12-24"
    assert editor.post(change_url, data).status_code == 302
    min_hee = film.credits.get(character="Min-hee")
    credit_url = reverse("admin:reviews_credit_delete", args=[min_hee.pk])
    assert editor.post(credit_url, {"post": "yes"}).status_code == 302

    first = Version.objects.get_for_object(film).order_by("pk").first()
    save_in_admin(
        editor, reverse("admin:reviews_film_revision", args=[film.pk, first.pk])
    )

    assert [c.character for c in film.credits.all()] == ["Ok-ju"]
    assert str(film.watch_options.get().available_from) == "2023-10-06"


def test_compare_shows_the_words_added_and_removed_not_the_html(users, edited_review):
    response = client_for(users["editor"]).get(admin_url("compare", edited_review.pk))
    body = next(row for row in response.context["rows"] if row["label"] == "body")
    assert "<del>Jun Jong-seo is the perfect avenger.</del>" in str(body["diff"])
    assert "<ins>Something else entirely.</ins>" in str(body["diff"])
    assert "&lt;p&gt;" not in response.text  # no raw markup on the page
    assert 'class="diff"' not in response.text


def test_markup_readers_do_not_see_is_not_a_change():
    body = '<p>See <a href="/people/lee/" title="Lee">Lee</a> at his best.</p>'
    reordered = "<p>See  <a title='Lee' href=\"/people/lee/\">Lee</a> at his best.</p>"
    assert versions.text_change(body, reordered) == (False, "")
    relinked = '<p>See <a href="/people/lee-chang-dong/">Lee</a> at his best.</p>'
    changed, shown = versions.text_change(body, relinked)
    assert changed and "links or formatting changed" in shown


def test_compare_of_a_relinked_body_says_so_in_words(users):
    writer = users["writer"]
    film = make_film(title="Burning")
    body = '<p>See <a href="/people/lee/">Lee</a> at his best.</p>'
    save_in_admin(
        client_for(writer),
        admin_url("add"),
        title="Burning",
        slug="burning",
        film=str(film.pk),
        body=body,
    )
    review = Review.objects.get(slug="burning")
    relinked = '<p>See <a href="/people/lee-chang-dong/">Lee</a> at his best.</p>'
    save_in_admin(client_for(writer), admin_url("change", review.pk), body=relinked)
    response = client_for(users["editor"]).get(admin_url("compare", review.pk))
    rows = {row["label"]: row for row in response.context["rows"]}
    assert rows["body"]["changed"]
    assert "links or formatting changed" in response.text
    assert "href=" not in str(rows["body"]["diff"])


def test_the_revert_screen_shows_the_current_status_and_says_it_stays(
    users, edited_review
):
    workflow.publish(edited_review, by=users["editor"])
    url = admin_url("revision", edited_review.pk, first_version(edited_review).pk)
    page = client_for(users["editor"]).get(url)
    assert page.status_code == 200
    assert "The status stays as it is now: <strong>Published</strong>" in page.text
    assert page.context["original"].status == Review.Status.PUBLISHED
    assert page.context["original"].title == "Ballerina (2023) – Review"

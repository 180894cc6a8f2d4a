"""The editorial workflow as writers, editors and readers meet it: roles, states,
publishing rules, audit lines, admin buttons and actions, previews and share links."""

import datetime
import html
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from reviews import preview, workflow
from reviews.models import Review, ReviewTransition
from tests.conftest import make_author, make_film, make_review
from tests.workflow_support import (
    client_for,
    form_data,
    make_role_users,
    make_user,
    workflow_step,
)


@pytest.fixture
def users(db):
    return make_role_users()


def draft_by(user, **fields):
    fields.setdefault("film", make_film())
    fields.setdefault("body", "<p>Worth your evening.</p>")
    return make_review(published=False, author=user.author, **fields)


def admin_url(name, *args):
    return reverse(f"admin:reviews_review_{name}", args=args)


def transition(client, review, name, **data):
    return workflow_step(client, review, name, **data)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- Roles -------------------------------------------------------------------


def test_a_fresh_database_has_the_writers_and_editors_groups(db):
    writers = Group.objects.get(name="Writers")
    editors = Group.objects.get(name="Editors")
    writer_perms = set(writers.permissions.values_list("codename", flat=True))
    editor_perms = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_review", "change_review", "view_film"} <= writer_perms
    assert "publish_review" not in writer_perms
    assert {"publish_review", "delete_review", "view_reviewtransition"} <= editor_perms


def test_creating_the_roles_again_changes_nothing(db):
    before = {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }
    workflow.create_roles()
    # The real app registry is left as it was (post_migrate needs it after a flush).
    assert apps.get_app_config("reviews").models_module is not None
    after = {
        group.name: set(group.permissions.values_list("pk", flat=True))
        for group in Group.objects.all()
    }
    assert after == before


# --- Writers' limits, enforced by the server ---------------------------------


def test_writers_see_all_their_own_reviews_and_nobody_elses(users):
    writer = users["writer"]
    mine = draft_by(writer, title="My draft")
    submitted = draft_by(writer, title="My submission", status="in_review")
    make_review(author=writer.author, title="My published review")
    make_review(
        author=writer.author,
        title="My scheduled review",
        status="scheduled",
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    draft_by(users["other_writer"], title="Someone else's draft")
    make_review(author=users["other_writer"].author, title="Their published one")

    page = client_for(writer).get(admin_url("changelist")).text

    assert mine.title in page and submitted.title in page
    assert "My published review" in page and "My scheduled review" in page
    assert "Someone else&#x27;s draft" not in page
    assert "Their published one" not in page


@pytest.mark.parametrize("status", ["scheduled", "published"])
def test_a_writer_opens_their_scheduled_or_published_review_read_only(users, status):
    writer = users["writer"]
    review = make_review(
        author=writer.author,
        title="Ballerina – Review",
        verdict="Precise and furious.",
        status=status,
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    page = client_for(writer).get(admin_url("change", review.pk))
    assert page.status_code == 200
    assert "doesn" not in page.text
    assert "Precise and furious." in page.text
    assert "adminform" in page.context
    assert not page.context["has_change_permission"]
    assert 'name="title"' not in page.text  # shown, not editable
    assert "Save and" not in page.text


def test_writers_cannot_set_status_date_or_byline_even_by_posting_them(users):
    writer = users["writer"]
    draft = draft_by(writer)
    response = client_for(writer).post(
        admin_url("change", draft.pk),
        {
            "title": "Edited",
            "slug": draft.slug,
            "body": "<p>Edited.</p>",
            "tags": "",
            "status": "published",
            "published_at_0": "2020-01-01",
            "published_at_1": "10:00",
            "author": users["editor"].author.pk,
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Edited"
    assert (draft.status, draft.published_at) == (Review.Status.DRAFT, None)
    assert draft.author == writer.author


def test_a_new_review_by_a_writer_is_under_their_byline(users):
    writer = users["writer"]
    response = client_for(writer).post(
        admin_url("add"), {"title": "Fresh", "slug": "", "body": "", "tags": "gore"}
    )
    assert response.status_code == 302
    review = Review.objects.get(title="Fresh")
    assert review.author == writer.author
    assert review.status == Review.Status.DRAFT
    assert list(review.tags.names()) == ["gore"]


def test_a_writer_without_a_byline_is_told_to_ask_an_editor(db):
    writer = make_user(group=workflow.WRITERS, author=False)
    response = client_for(writer).post(
        admin_url("add"), {"title": "Orphan", "slug": "", "body": "", "tags": ""}
    )
    assert response.status_code == 200
    assert "Your login has no author byline yet" in response.text
    assert not Review.objects.filter(title="Orphan").exists()


def test_a_writer_cannot_edit_their_review_once_published(users):
    writer = users["writer"]
    review = make_review(author=writer.author, title="Live")
    response = client_for(writer).post(
        admin_url("change", review.pk), {"title": "Changed", "slug": review.slug}
    )
    review.refresh_from_db()
    assert review.title == "Live"
    assert response.status_code == 403  # they may read it, not change it


def test_writers_are_not_offered_editor_actions_or_buttons(users):
    writer = users["writer"]
    draft = draft_by(writer)
    client = client_for(writer)
    changelist = client.get(admin_url("changelist")).text
    assert "submit_selected" in changelist
    assert "publish_selected" not in changelist
    change = client.get(admin_url("change", draft.pk)).text
    assert "Save and submit for review" in change
    assert "Save and publish" not in change
    assert "historylink" not in change  # versions are for editors
    assert "Share preview" in change
    assert "Recover deleted" not in changelist


def test_a_writer_calling_publish_directly_is_refused(users):
    draft = draft_by(users["writer"])
    with pytest.raises(workflow.NotPermitted, match="Only editors may publish"):
        workflow.publish(draft, by=users["writer"])
    draft.refresh_from_db()
    assert draft.status == Review.Status.DRAFT


def test_a_writer_cannot_submit_or_send_back_another_writers_review(users):
    # The admin hides others' reviews from a writer; the workflow itself must
    # still refuse, since admin actions and commands call it directly.
    draft = draft_by(users["writer"], title="Not yours to send")
    with pytest.raises(workflow.NotPermitted, match="You may not submit for review"):
        workflow.submit(draft, by=users["other_writer"])
    draft.refresh_from_db()
    assert draft.status == Review.Status.DRAFT

    workflow.submit(draft, by=users["writer"])
    with pytest.raises(workflow.NotPermitted, match="You may not send back to draft"):
        workflow.return_to_draft(draft, by=users["other_writer"])
    draft.refresh_from_db()
    assert draft.status == Review.Status.IN_REVIEW
    assert workflow.available_transitions(draft, users["other_writer"]) == []


def test_a_writer_cannot_delete_her_own_review_once_submitted(users):
    writer = client_for(users["writer"])
    in_review = draft_by(users["writer"], title="Waiting for the editor")
    workflow.submit(in_review, by=users["writer"])

    # She still sees and edits it, but its delete page is closed to her.
    assert writer.get(admin_url("change", in_review.pk)).status_code == 200
    response = writer.post(admin_url("delete", in_review.pk), {"post": "yes"})
    assert response.status_code == 403
    assert Review.objects.filter(pk=in_review.pk).exists()
    assert "Waiting for the editor" in writer.get(admin_url("changelist")).text


# --- States, transitions and the audit trail ---------------------------------


def test_the_whole_journey_leaves_an_audit_line_per_step(users):
    writer, editor = users["writer"], users["editor"]
    draft = draft_by(writer, title="Journey")
    transition(client_for(writer), draft, "submit")
    transition(client_for(editor), draft, "return_to_draft")
    transition(client_for(writer), draft, "submit")
    transition(client_for(editor), draft, "publish")
    transition(client_for(editor), draft, "unpublish")

    lines = list(
        ReviewTransition.objects.for_review(draft)
        .order_by("at", "pk")
        .values_list("by__username", "from_status", "to_status")
    )
    assert lines == [
        ("writer", "draft", "in_review"),
        ("editor", "in_review", "draft"),
        ("writer", "draft", "in_review"),
        ("editor", "in_review", "published"),
        ("editor", "published", "unpublished"),
    ]
    audit_page = client_for(editor).get(
        reverse("admin:reviews_reviewtransition_changelist")
    )
    assert audit_page.status_code == 200
    assert "Journey" in audit_page.text
    change_page = client_for(editor).get(admin_url("change", draft.pk)).text
    assert "Workflow history" in change_page and "Unpublished" in change_page


def test_the_audit_trail_is_read_only_in_the_admin(users):
    draft = draft_by(users["writer"])
    workflow.submit(draft, by=users["writer"])
    line = ReviewTransition.objects.get()
    client = client_for(users["superuser"])
    assert client.get(reverse("admin:reviews_reviewtransition_add")).status_code == 403
    client.post(
        reverse("admin:reviews_reviewtransition_delete", args=[line.pk]),
        {"post": "yes"},
    )
    assert ReviewTransition.objects.filter(pk=line.pk).exists()


def test_an_invalid_transition_is_shown_as_a_message(users):
    draft = draft_by(users["writer"], title="Not yet out")
    response = transition(client_for(users["editor"]), draft, "unpublish")
    assert response.status_code == 200
    assert messages_of(response) == [
        "Your changes were saved, but: “Not yet out” is draft; “Unpublish” works "
        "only on scheduled or published reviews."
    ]
    draft.refresh_from_db()
    assert draft.status == Review.Status.DRAFT
    assert not ReviewTransition.objects.exists()


def test_publishing_names_everything_that_is_missing(users):
    draft = make_review(
        published=False,
        title="Half done",
        body="<p> </p>",
        author=users["writer"].author,
    )
    response = transition(client_for(users["editor"]), draft, "publish")
    assert messages_of(response) == [
        "Your changes were saved, but: “Half done” cannot be published yet: it "
        "needs a film, series, season or episode, a body."
    ]
    assert "Not yet. Missing: a film, series, season or episode, a body." in (
        response.text
    )
    draft.refresh_from_db()
    assert draft.status == Review.Status.DRAFT


def test_a_review_without_a_hero_image_can_be_published(users):
    draft = draft_by(users["writer"])
    assert workflow.missing_for_publishing(draft) == []
    workflow.publish(draft, by=users["editor"])
    assert draft.status == Review.Status.PUBLISHED


def test_publishing_again_keeps_the_original_date(users):
    review = make_review(author=users["writer"].author)
    first_date = review.published_at
    workflow.unpublish(review, by=users["editor"])
    workflow.publish(review, by=users["editor"])
    assert review.published_at == first_date
    assert review.is_published()


def test_scheduling_needs_a_future_time_and_says_so(users):
    draft = draft_by(users["writer"], status="in_review")
    client = client_for(users["editor"])
    past = timezone.localtime(timezone.now() - datetime.timedelta(hours=1))
    response = transition(
        client, draft, "schedule", publish_at=past.strftime("%Y-%m-%dT%H:%M")
    )
    assert "Choose a time in the future" in messages_of(response)[0]
    response = transition(client, draft, "schedule", publish_at="next friday-ish")
    example = timezone.localtime().strftime("%d/%m/%Y 09:00")
    assert messages_of(response) == [
        "Your changes were saved, but: Give a date and time to publish at as "
        f"dd/mm/yyyy hh:mm, e.g. {example}."
    ]
    draft.refresh_from_db()
    assert draft.status == Review.Status.IN_REVIEW


def test_the_schedule_button_schedules_at_the_given_local_time(users):
    draft = draft_by(users["writer"], status="in_review")
    at = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        second=0, microsecond=0
    )
    response = transition(
        client_for(users["editor"]),
        draft,
        "schedule",
        publish_at=at.strftime("%Y-%m-%dT%H:%M"),
    )
    assert "is now scheduled" in messages_of(response)[0]
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Review.Status.SCHEDULED, at)


def test_the_publish_time_is_typed_and_shown_in_the_sites_date_format(users):
    draft = draft_by(users["writer"], status="in_review")
    at = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        second=0, microsecond=0
    )
    client = client_for(users["editor"])
    response = transition(
        client, draft, "schedule", publish_at=at.strftime("%d/%m/%Y %H:%M")
    )
    assert "is now scheduled" in messages_of(response)[0]
    draft.refresh_from_db()
    assert draft.published_at == at
    page = client.get(reverse("admin:reviews_review_change", args=[draft.pk])).text
    assert f'value="{at:%d/%m/%Y %H:%M}"' in page
    assert 'placeholder="dd/mm/yyyy hh:mm"' in page
    assert "datetime-local" not in page


def test_the_workflow_buttons_save_the_edits_first(users):
    writer = users["writer"]
    draft = draft_by(writer, title="Before")
    client = client_for(writer)
    page = client.get(admin_url("change", draft.pk))
    assert "Save and submit for review" in page.text
    data = {**form_data(page), "title": "After", "_workflow": "submit"}
    response = client.post(admin_url("change", draft.pk), data, follow=True)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("After", Review.Status.IN_REVIEW)
    assert messages_of(response) == ["“After” was saved and is now in review."]


def test_an_unknown_or_invalid_step_saves_and_says_so(users):
    draft = draft_by(users["writer"], title="Steady")
    client = client_for(users["editor"])
    response = transition(client, draft, "explode")
    assert messages_of(response) == [
        "Your changes were saved, but: There is no workflow step “explode”."
    ]
    response = transition(client, draft, "submit")  # editors may submit too
    response = transition(client, draft, "submit")
    assert (
        "“Steady” is in review; “Submit for review” works only on draft"
        in (messages_of(response)[0])
    )


def test_a_writer_told_no_keeps_their_edits(users):
    writer = users["writer"]
    draft = draft_by(writer, title="Mine")
    client = client_for(writer)
    data = {**form_data(client.get(admin_url("change", draft.pk))), "title": "Mine!"}
    response = client.post(
        admin_url("change", draft.pk), {**data, "_workflow": "publish"}, follow=True
    )
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Mine!", Review.Status.DRAFT)
    assert messages_of(response) == [
        "Your changes were saved, but: Only editors may publish reviews; you "
        "cannot publish “Mine!”."
    ]


def test_admin_actions_call_the_workflow_and_report_each_refusal(users):
    editor = users["editor"]
    ready = draft_by(users["writer"], title="Ready", status="in_review")
    unready = make_review(published=False, title="Unready", body="")
    response = client_for(editor).post(
        admin_url("changelist"),
        {"action": "publish_selected", "_selected_action": [ready.pk, unready.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    unready.refresh_from_db()
    assert ready.status == Review.Status.PUBLISHED
    assert unready.status == Review.Status.DRAFT
    assert messages_of(response) == [
        "“Unready” cannot be published yet: it needs a film, series, season or "
        "episode, a body, an author.",
        "1 review done.",
    ]


def test_a_writer_can_submit_from_the_list(users):
    writer = users["writer"]
    draft = draft_by(writer)
    client_for(writer).post(
        admin_url("changelist"),
        {"action": "submit_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Review.Status.IN_REVIEW


# --- Previews and share links -----------------------------------------------


def test_staff_preview_has_a_banner_noindex_and_is_never_cached(users):
    draft = draft_by(users["writer"], title="Sneak peek")
    response = client_for(users["editor"]).get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview — not published" in response.text
    assert '<meta name="robots" content="noindex">' in response.text
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_published_review_has_no_banner_and_may_be_indexed(users):
    review = make_review(author=users["writer"].author)
    response = client_for(users["editor"]).get(review.get_absolute_url())
    assert "Preview — not published" not in response.text
    assert "noindex" not in response.text
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("status", ["draft", "in_review", "scheduled", "unpublished"])
def test_anonymous_readers_get_404_for_anything_unpublished(db, status):
    fields = {"status": status}
    if status in {"scheduled", "unpublished"}:
        fields["published_at"] = timezone.now() + datetime.timedelta(days=1)
        fields["film"] = make_film()
        fields["author"] = make_author()
    review = make_review(published=False, **fields)
    assert client_for(None).get(review.get_absolute_url()).status_code == 404
    assert review.title not in client_for(None).get("/").text


def test_a_share_link_opens_one_draft_for_an_outsider(users):
    draft = draft_by(users["writer"], title="Shared")
    other = draft_by(users["writer"], title="Not shared")
    editor_page = client_for(users["editor"]).get(admin_url("change", draft.pk)).text
    # The link the editor copies from the admin (its token's timestamp is the
    # page's, so it is read from the page rather than made again here).
    found = re.search(r'/reviews/shared/\?preview=[^"<\s]+', editor_page)
    assert found, "the change page shows no share link"
    link = html.unescape(found.group(0))

    response = client_for(None).get(link)
    assert response.status_code == 200
    assert "Shared" in response.text and "Preview — not published" in response.text
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.text

    token = link.split("preview=")[1]
    other_url = f"{other.get_absolute_url()}?preview={token}"
    assert client_for(None).get(other_url).status_code == 404


def test_a_forged_or_expired_share_link_gets_404(users):
    draft = draft_by(users["writer"])
    link = preview.share_url(draft)
    forged = link[:-3] + ("abc" if not link.endswith("abc") else "xyz")
    assert client_for(None).get(forged).status_code == 404
    assert (
        client_for(None).get(f"{draft.get_absolute_url()}?preview=").status_code == 404
    )
    assert (
        client_for(None).get(f"{draft.get_absolute_url()}?preview=1:x:y").status_code
        == 404
    )

    with time_machine.travel(timezone.now() + datetime.timedelta(days=6, hours=23)):
        assert client_for(None).get(link).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert client_for(None).get(link).status_code == 404


def test_the_share_link_lifetime_comes_from_settings(users, settings):
    settings.REVIEW_PREVIEW_MAX_AGE = 60
    draft = draft_by(users["writer"], title="A minute to read it")
    link = preview.share_url(draft)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=55)):
        response = client_for(None).get(link)
        assert response.status_code == 200
        assert "A minute to read it" in response.text
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert client_for(None).get(link).status_code == 404


# --- Every admin page of the workflow renders -----------------------------------


def test_every_review_admin_page_renders_for_an_editor(users):
    draft = draft_by(users["writer"])
    editor = users["editor"]
    workflow.submit(draft, by=users["writer"])
    client = client_for(editor)
    client.post(
        admin_url("change", draft.pk),
        {"title": "Second version", "slug": draft.slug, "body": "<p>b</p>"},
    )
    for url in [
        admin_url("changelist"),
        admin_url("add"),
        admin_url("change", draft.pk),
        admin_url("history", draft.pk),
        admin_url("compare", draft.pk),
        admin_url("recoverlist"),
        reverse("admin:reviews_reviewtransition_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_bad_addresses_in_the_workflow_pages_are_404_not_500(users):
    draft = draft_by(users["writer"])
    editor = client_for(users["editor"])
    for url in [
        f"/admin/reviews/review/{draft.pk}/history/999999/",
        "/admin/reviews/review/recover/999999/",
        "/admin/reviews/review/999999/history/compare/",
        "/admin/reviews/review/999999/history/",
    ]:
        assert editor.get(url).status_code == 404, url
    garbage = f"{draft.get_absolute_url()}?preview={'x:' * 2000}"
    assert client_for(None).get(garbage).status_code == 404
    # Fewer than two versions: back to the history page, with a message.
    response = editor.get(admin_url("compare", draft.pk), follow=True)
    assert messages_of(response) == ["There are not yet two versions to compare."]

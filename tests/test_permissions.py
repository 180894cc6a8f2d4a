"""The permission matrix: every role through every workflow action, over HTTP.

Each case asks the site (the public review page, or the admin) to do one thing as
one role and then checks what a person would see: the page, or the review as it
is stored afterwards. Nothing calls the workflow functions directly.
"""

import datetime

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from reviews.models import Review
from tests.conftest import make_film, make_review
from tests.workflow_support import ROLES, client_for, make_role_users, workflow_step

ALLOWED, REFUSED = True, False

# role:            anonymous writer  other_writer editor  superuser
MATRIX = {
    "view draft publicly": [REFUSED, ALLOWED, REFUSED, ALLOWED, ALLOWED],
    "edit own draft": [REFUSED, ALLOWED, ALLOWED, ALLOWED, ALLOWED],
    "edit others' draft": [REFUSED, REFUSED, REFUSED, ALLOWED, ALLOWED],
    "submit": [REFUSED, ALLOWED, REFUSED, ALLOWED, ALLOWED],
    "publish": [REFUSED, REFUSED, REFUSED, ALLOWED, ALLOWED],
    "schedule": [REFUSED, REFUSED, REFUSED, ALLOWED, ALLOWED],
    "unpublish": [REFUSED, REFUSED, REFUSED, ALLOWED, ALLOWED],
    "restore version": [REFUSED, REFUSED, REFUSED, ALLOWED, ALLOWED],
    "delete": [REFUSED, ALLOWED, REFUSED, ALLOWED, ALLOWED],
}
CASES = [
    pytest.param(role, action, expected, id=f"{role}-{action}")
    for action, row in MATRIX.items()
    for role, expected in zip(ROLES, row, strict=True)
]


def draft_by(user, **fields):
    """A complete draft (ready to publish) whose byline is this user's."""
    fields.setdefault("film", make_film())
    return make_review(
        published=False,
        author=user.author,
        body="<p>The first paragraph.</p>",
        **fields,
    )


def admin_url(name, *args):
    return reverse(f"admin:reviews_review_{name}", args=args)


def edit(client, review):
    """POST the change form as a writer or editor would, with a new title."""
    return client.post(
        admin_url("change", review.pk),
        {
            "title": "A new title",
            "slug": review.slug,
            "body": "<p>Rewritten.</p>",
            "tags": "",
        },
    )


def test_the_matrix_covers_every_role_and_action():
    assert len(CASES) == 5 * 9


@pytest.mark.parametrize(("role", "action", "allowed"), CASES)
def test_permission_matrix(db, role, action, allowed):
    users = make_role_users()
    actor = users[role]
    client = client_for(actor)
    writer, other_writer = users["writer"], users["other_writer"]
    writers_draft = draft_by(writer, title="The writer's draft")

    if action == "view draft publicly":
        response = client.get(writers_draft.get_absolute_url())
        if allowed:
            assert response.status_code == 200
            assert "Preview — not published" in response.text
        else:
            assert response.status_code == 404  # not 403: drafts do not exist

    elif action == "edit own draft":
        own = draft_by(actor) if actor is not None else writers_draft
        response = edit(client, own)
        own.refresh_from_db()
        assert (own.title == "A new title") is allowed
        if allowed:
            assert response.status_code == 302

    elif action == "edit others' draft":
        others = draft_by(other_writer) if role == "writer" else writers_draft
        response = edit(client, others)
        others.refresh_from_db()
        assert (others.title == "A new title") is allowed
        if not allowed and actor is not None:
            # The admin behaves as if the review did not exist for this user.
            assert client.get(admin_url("change", others.pk)).status_code == 302
            assert others.title not in client.get(admin_url("changelist")).text

    elif action == "submit":
        workflow_step(client, writers_draft, "submit")
        writers_draft.refresh_from_db()
        expected = Review.Status.IN_REVIEW if allowed else Review.Status.DRAFT
        assert writers_draft.status == expected

    elif action in {"publish", "schedule"}:
        in_review = draft_by(writer, status=Review.Status.IN_REVIEW)
        at = timezone.now() + datetime.timedelta(days=2)
        data = {"publish_at": timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")}
        response = workflow_step(client, in_review, action, **data)
        in_review.refresh_from_db()
        if allowed:
            expected = "published" if action == "publish" else "scheduled"
            assert in_review.status == expected
            assert f"was saved and is now {expected}" in response.text
        else:
            assert in_review.status == Review.Status.IN_REVIEW
            assert in_review.published_at is None
            if role == "writer":  # sees the review, is told why not
                assert f"Only editors may {action}" in response.text

    elif action == "unpublish":
        published = make_review(author=writer.author, title="Out there")
        workflow_step(client, published, "unpublish")
        published.refresh_from_db()
        expected = Review.Status.UNPUBLISHED if allowed else Review.Status.PUBLISHED
        assert published.status == expected
        public = client_for(None).get(published.get_absolute_url())
        assert public.status_code == (404 if allowed else 200)

    elif action == "restore version":
        with reversion.create_revision():
            writers_draft.tags.set(["old-tag"])
            writers_draft.save()
        old_version = Version.objects.get_for_object(writers_draft).get()
        with reversion.create_revision():
            writers_draft.title = "Newer title"
            writers_draft.body = "<p>Newer body.</p>"
            writers_draft.save()
        url = admin_url("revision", writers_draft.pk, old_version.pk)
        client.post(
            url,
            {
                "title": "The writer's draft",
                "slug": writers_draft.slug,
                "body": "<p>The first paragraph.</p>",
                "tags": "old-tag",
            },
        )
        writers_draft.refresh_from_db()
        assert (writers_draft.title == "The writer's draft") is allowed
        if not allowed and actor is not None:
            assert client.get(url).status_code == 403

    elif action == "delete":
        client.post(admin_url("delete", writers_draft.pk), {"post": "yes"})
        assert Review.objects.filter(pk=writers_draft.pk).exists() is not allowed

    else:  # pragma: no cover - a new row in MATRIX needs a branch here
        raise AssertionError(action)


def test_anonymous_admin_requests_go_to_the_login_page(db):
    users = make_role_users()
    draft = draft_by(users["writer"])
    for url in [
        admin_url("change", draft.pk),
        admin_url("history", draft.pk),
    ]:
        response = client_for(None).post(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]
    draft.refresh_from_db()
    assert draft.status == Review.Status.DRAFT

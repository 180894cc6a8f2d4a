"""The editorial desk: the dashboard each role lands on, the notes on workflow
steps, the emails they send (Django's locmem outbox), and one-step invites."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people.models import Author
from reviews import workflow
from reviews.models import Review, ReviewTransition
from tests.conftest import make_film, make_provider, make_review, make_watch_option
from tests.workflow_support import client_for, form_data, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    writer = make_user("ana_lee", group=workflow.WRITERS)
    writer.email = "ana@reviews.example"
    writer.save()
    editor = make_user("mira_holt", group=workflow.EDITORS)
    editor.email = "mira@reviews.example"
    editor.save()
    return {"writer": writer, "editor": editor}


def draft_by(user, title="Burning (2018) – Review"):
    return make_review(
        title,
        published=False,
        film=make_film("Burning", year=2018),
        author=user.author,
        body="<p>Lee Chang-dong turns a missing cat into a thriller.</p>",
        rating="9.0",
    )


def step(client, review, name, note="", **extra):
    page = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    data = form_data(page)
    data.update({"_workflow": name, "workflow_note": note, **extra})
    return client.post(
        reverse("admin:reviews_review_change", args=[review.pk]), data, follow=True
    )


def test_submitting_emails_every_editor_but_not_the_writer(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    review = draft_by(people["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        step(client_for(people["writer"]), review, "submit", note="Ready, I think")
    assert [m.to for m in mailoutbox] == [["mira@reviews.example"]]
    mail = mailoutbox[0]
    assert mail.subject == (
        "“Burning (2018) – Review” was submitted for review by Ana Lee"
    )
    assert "Ready, I think" in mail.body
    assert f"/admin/reviews/review/{review.pk}/change/" in mail.body


def test_sending_back_with_a_note_keeps_it_in_the_log_emails_it_and_shows_it(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    review = draft_by(people["writer"])
    workflow.submit(review, by=people["writer"])
    editor = client_for(people["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        page = step(editor, review, "return_to_draft", "Tighten the second half")
    assert "is now draft" in page.content.decode()
    last = ReviewTransition.objects.for_review(review).latest()
    assert (last.to_status, last.note) == ("draft", "Tighten the second half")
    assert [m.to for m in mailoutbox] == [["ana@reviews.example"]]
    assert "sent back to draft by Mira Holt" in mailoutbox[0].subject
    assert "Tighten the second half" in mailoutbox[0].body
    # The writer reads it on the review's form and on their dashboard.
    writer = client_for(people["writer"])
    form = writer.get(reverse("admin:reviews_review_change", args=[review.pk]))
    assert "Tighten the second half" in form.content.decode()
    home = writer.get(reverse("admin:index")).content.decode()
    notices = home.split('class="module desk-notices"')[1].split("</div>")[0]
    assert "Burning (2018) – Review" in notices
    assert "Tighten the second half" in notices


def test_publishing_and_scheduling_email_the_writer(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    first = draft_by(people["writer"])
    second = draft_by(people["writer"], "Poetry (2010) – Review")
    at = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish(first, by=people["editor"], note="Lovely piece")
        workflow.schedule(second, by=people["editor"], at=at)
    subjects = [m.subject for m in mailoutbox]
    assert subjects == [
        "“Burning (2018) – Review” was published by Mira Holt",
        "“Poetry (2010) – Review” was scheduled by Mira Holt",
    ]
    assert "Lovely piece" in mailoutbox[0].body
    assert f"for {timezone.localtime(at):%Y-%m-%d %H:%M}" in mailoutbox[1].body


def test_a_writer_withdrawing_their_own_submission_emails_nobody(
    people, mailoutbox, django_capture_on_commit_callbacks
):
    review = draft_by(people["writer"])
    workflow.submit(review, by=people["writer"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_draft(review, by=people["writer"])
    assert mailoutbox == []


def test_a_note_too_long_is_refused_and_the_edits_are_kept(people, mailoutbox):
    review = draft_by(people["writer"])
    client = client_for(people["writer"])
    page = client.get(reverse("admin:reviews_review_change", args=[review.pk]))
    data = form_data(page)
    data.update(
        {
            "_workflow": "submit",
            "workflow_note": "Please look. " * 30,
            "title": "Burning (2018) – A Review",
        }
    )
    done = client.post(
        reverse("admin:reviews_review_change", args=[review.pk]), data, follow=True
    )
    assert "Keep the note to 200 characters" in done.content.decode()
    review.refresh_from_db()
    assert review.title == "Burning (2018) – A Review"
    assert review.status == Review.Status.DRAFT
    assert mailoutbox == []


def test_the_writers_dashboard_shows_their_own_work_only(people):
    mine = draft_by(people["writer"])
    other = make_user("kim_soo", group=workflow.WRITERS)
    draft_by(other, "Secret Sunshine (2007) – Review")
    scheduled = make_review(
        "Oasis (2002) – Review",
        author=people["writer"].author,
        status=Review.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=3),
    )
    home = client_for(people["writer"]).get(reverse("admin:index")).content.decode()
    drafts = home.split('class="module desk-drafts"')[1].split("</div>")[0]
    assert mine.title in drafts
    assert "Secret Sunshine" not in home
    assert scheduled.title in home.split('class="module desk-scheduled"')[1]
    assert "Awaiting review" not in home
    assert "Invite a writer or editor" not in home


def test_the_editors_queue_puts_the_longest_waiting_first(people):
    writer = people["writer"]
    older = draft_by(writer, "Poetry (2010) – Review")
    newer = draft_by(writer)
    workflow.submit(older, by=writer)
    ReviewTransition.objects.filter(review=older).update(
        at=timezone.now() - datetime.timedelta(days=2)
    )
    workflow.submit(newer, by=writer)
    soon = make_review(
        "Oasis (2002) – Review",
        status=Review.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(hours=5),
    )
    home = client_for(people["editor"]).get(reverse("admin:index")).content.decode()
    queue = home.split('class="module desk-queue"')[1].split("</div>")[0]
    assert queue.index("Poetry (2010)") < queue.index("Burning (2018)")
    next_day = home.split('class="module desk-next-day"')[1].split("</div>")[0]
    assert soon.title in next_day


def test_the_editors_dashboard_names_stale_where_to_watch_wording(people):
    film = make_film("Burning", year=2018)
    netflix = make_provider("Netflix")
    make_watch_option(
        film,
        netflix,
        available_from=datetime.date(2020, 1, 1),
        available_until=timezone.localdate() - datetime.timedelta(days=10),
    )
    make_review(
        "Burning (2018) – Review",
        film=film,
        body="<p>Streaming on Netflix, and worth every minute.</p>",
    )
    home = client_for(people["editor"]).get(reverse("admin:index")).content.decode()
    stale = home.split('class="module desk-stale"')[1].split("</div>")[0]
    assert "names Netflix" in stale


@pytest.mark.parametrize("rows", [1, 8])
def test_the_dashboard_runs_the_same_queries_for_1_and_many_reviews(
    people, rows, django_assert_max_num_queries
):
    for number in range(rows):
        review = draft_by(people["writer"], f"Review number {number}")
        workflow.submit(review, by=people["writer"])
        make_review(f"Published number {number}", author=people["writer"].author)
    editor = client_for(people["editor"])
    editor.get(reverse("admin:index"))  # warm the session and site settings
    with django_assert_max_num_queries(11):
        page = editor.get(reverse("admin:index"))
    assert page.status_code == 200


# --- Invites -----------------------------------------------------------------


def test_an_editor_invites_a_writer_who_sets_a_password_and_logs_in(
    people, mailoutbox, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    editor = client_for(people["editor"])
    done = editor.post(
        reverse("admin_invite"),
        {
            "email": "Karina.Adelgaard@reviews.example",
            "display_name": "Karina Adelgaard",
            "role": "writer",
        },
        follow=True,
    )
    assert "Karina Adelgaard is invited" in done.content.decode()
    user = User.objects.get(email="karina.adelgaard@reviews.example")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [workflow.WRITERS]
    assert Author.objects.get(user=user).display_name == "Karina Adelgaard"
    [mail] = mailoutbox
    assert mail.to == ["karina.adelgaard@reviews.example"]
    assert "as a writer" in mail.body
    link = re.search(r"http://testserver(/admin/reset/\S+)", mail.body).group(1)

    browser = Client()
    form_page = browser.get(link, follow=True)
    browser.post(
        form_page.redirect_chain[-1][0],
        {
            "new_password1": "plum-tree-kettle-47",
            "new_password2": "plum-tree-kettle-47",
        },
    )
    login = browser.post(
        reverse("admin:login"),
        {
            "username": "karina.adelgaard@reviews.example",
            "password": "plum-tree-kettle-47",
            "next": reverse("admin:index"),
        },
        follow=True,
    )
    assert "My drafts" in login.content.decode()


def test_inviting_an_address_already_in_use_says_so_and_makes_nothing(
    people, mailoutbox
):
    editor = client_for(people["editor"])
    page = editor.post(
        reverse("admin_invite"),
        {"email": "ANA@reviews.example", "display_name": "Ana", "role": "editor"},
    )
    assert page.status_code == 200
    assert "Someone already has a login with this address." in page.content.decode()
    assert User.objects.filter(email__iexact="ana@reviews.example").count() == 1
    assert mailoutbox == []


def test_writers_may_not_invite(people):
    page = client_for(people["writer"]).get(reverse("admin_invite"))
    assert page.status_code == 403


# --- Admin fit -----------------------------------------------------------------


def test_the_admin_home_names_apps_in_words_and_shows_the_favicon(settings):
    boss = make_user("boss", superuser=True)
    home = client_for(boss).get(reverse("admin:index")).content.decode()
    captions = re.findall(r"<caption>\s*<a [^>]*>([^<]+)</a>", home)
    assert "Tags" in captions and "Login lockouts" in captions
    assert "Taggit" not in captions and "Axes" not in captions
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', home)


def test_the_preview_banner_says_draft_in_plain_words(people):
    review = draft_by(people["writer"])
    page = client_for(people["writer"]).get(review.get_absolute_url())
    banner = page.content.decode().split('class="preview-banner"')[1]
    banner = " ".join(banner.split("</div>")[0].split())
    assert "This review is a draft; readers cannot see it yet." in banner
    assert "is draft;" not in banner

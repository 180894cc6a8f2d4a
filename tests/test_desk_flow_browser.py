"""The editorial desk in a real headless Chromium, end to end: an editor invites a
writer, who chooses a password, writes and submits; the editor is told, sends it
back with a note; the writer is told, reads the note, submits again; the editor
publishes and the writer is told. Each role's dashboard is checked on the way;
the emails are Django's locmem outbox."""

import re

import pytest
from django.core import mail

from reviews import workflow
from reviews.models import Review
from tests.conftest import NEEDS_CHROMIUM, make_film
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = NEEDS_CHROMIUM

WRITER_EMAIL = "karina@reviews.example"
WRITER_PASSWORD = "plum-tree-kettle-47"
TITLE = "Burning (2018) – Review"


def section(page, css):
    return page.locator(f".desk .{css}").inner_text()


def last_mail_to(address):
    return [m for m in mail.outbox if m.to == [address]][-1]


@pytest.mark.django_db(transaction=True)
def test_invite_write_submit_note_publish_with_notifications(
    browser, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SITE_URL = live_server.url
    workflow.create_roles()  # a transactional test starts from an empty database
    boss = make_user("mira_holt", group=workflow.EDITORS, password=PASSWORD)
    boss.email = "mira@reviews.example"
    boss.save()
    make_film(title="Burning", year=2018)

    # The editor's desk: nothing waiting; they invite a writer.
    editor = log_in(browser, live_server, "mira_holt")
    assert "Nothing is waiting for review." in section(editor, "desk-queue")
    editor.click("text=Invite a writer or editor")
    editor.fill("#id_email", WRITER_EMAIL)
    editor.fill("#id_display_name", "Karina Adelgaard")
    editor.check("input[name=role][value=writer]")
    editor.click("input[type=submit]")
    editor.wait_for_selector(".messagelist .success")

    # The writer follows the emailed link, chooses a password and logs in.
    invitation = last_mail_to(WRITER_EMAIL)
    link = re.search(r"https?://\S+/admin/reset/\S+", invitation.body).group(0)
    writer = browser.new_context().new_page()
    writer.set_default_timeout(15_000)
    writer.goto(link)
    writer.fill("#id_new_password1", WRITER_PASSWORD)
    writer.fill("#id_new_password2", WRITER_PASSWORD)
    writer.click("input[type=submit]")
    writer.goto(f"{live_server.url}/admin/login/?next=/admin/")
    writer.fill("#id_username", WRITER_EMAIL)
    writer.fill("#id_password", WRITER_PASSWORD)
    writer.click("input[type=submit]")
    writer.wait_for_selector(".desk")
    assert "No drafts." in section(writer, "desk-drafts")
    assert writer.locator(".desk-queue").count() == 0  # editors' lists only

    # … writes a review from the dashboard and submits it with a note.
    writer.click("text=Write a review")
    writer.fill("#id_title", TITLE)
    writer.click("#id_film + .select2 .select2-selection")
    writer.fill(".select2-search__field", "Burn")
    writer.click(".select2-results__option >> text=Burning (2018)")
    writer.locator(".prose-editor > .ProseMirror").click()
    writer.keyboard.type("Lee Chang-dong turns a missing cat into a thriller.")
    writer.fill("#id_tags", "slow burn, korean")
    writer.locator("input[name=_continue]").last.click()
    writer.wait_for_selector(".messagelist .success")
    writer.fill("#id_workflow_note", "First go, be gentle")
    writer.click("button >> text=Save and submit for review")
    writer.wait_for_selector(".messagelist .success")

    # The editor is told by email, and finds it in the queue.
    told = last_mail_to("mira@reviews.example")
    assert "submitted for review by Karina Adelgaard" in told.subject
    assert "First go, be gentle" in told.body
    editor.goto(f"{live_server.url}/admin/")
    assert TITLE in section(editor, "desk-queue")
    assert "First go, be gentle" in section(editor, "desk-notices")

    # … opens it from the queue and sends it back with a note.
    editor.click(f".desk-queue >> text={TITLE}")
    editor.fill("#id_workflow_note", "Tighten the second half")
    editor.click("button >> text=Save and send back to draft")
    editor.wait_for_selector(".messagelist .success")

    # The writer is told, and reads the note on the desk and on the review.
    sent_back = last_mail_to(WRITER_EMAIL)
    assert "sent back to draft by Mira Holt" in sent_back.subject
    assert "Tighten the second half" in sent_back.body
    writer.goto(f"{live_server.url}/admin/")
    assert "Tighten the second half" in section(writer, "desk-notices")
    assert TITLE in section(writer, "desk-drafts")
    writer.click(f".desk-drafts >> text={TITLE}")
    assert "Tighten the second half" in writer.locator(".workflow-log").inner_text()
    writer.click("button >> text=Save and submit for review")
    writer.wait_for_selector(".messagelist .success")

    # The editor publishes with a note; the writer is told and sees it published.
    editor.goto(f"{live_server.url}/admin/")
    editor.click(f".desk-queue >> text={TITLE}")
    editor.fill("#id_workflow_note", "Lovely, thank you")
    editor.click("button >> text=Save and publish")
    editor.wait_for_selector(".messagelist .success")
    assert Review.objects.get(title=TITLE).status == Review.Status.PUBLISHED
    published = last_mail_to(WRITER_EMAIL)
    assert "was published by Mira Holt" in published.subject
    assert "Lovely, thank you" in published.body
    writer.goto(f"{live_server.url}/admin/")
    assert TITLE in section(writer, "desk-published")
    assert "Lovely, thank you" in section(writer, "desk-notices")
    editor.goto(f"{live_server.url}/admin/")
    assert TITLE in section(editor, "desk-published")
    assert "Nothing is waiting for review." in section(editor, "desk-queue")

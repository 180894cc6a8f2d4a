"""A bio typed in the person admin's editor, in a real headless Chromium, reads
the same on the public person page."""

import pytest

from people.bios import sanitize_bio
from people.models import Person
from tests.conftest import NEEDS_CHROMIUM, make_person
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = NEEDS_CHROMIUM


@pytest.mark.django_db(transaction=True)
def test_a_bio_typed_in_the_editor_shows_as_paragraphs_on_the_person_page(
    browser,
    live_server,
    settings,
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_user("boss", superuser=True, password=PASSWORD, author=False)
    person = make_person("Jun Jong-seo", bio="Plays <em>Ok-ju</em>.")
    page = log_in(browser, live_server, "boss")

    page.goto(f"{live_server.url}/admin/people/person/{person.pk}/change/")
    editor = page.locator(".prose-editor > .ProseMirror")
    # The bio from before the editor is there, as its one paragraph.
    assert editor.locator("p").count() == 1
    assert editor.locator("em").text_content() == "Ok-ju"
    editor.click()
    keyboard = page.keyboard
    keyboard.press("Control+a")
    keyboard.press("Delete")
    keyboard.type("Born in Seoul, a ")
    keyboard.press("Control+b")
    keyboard.type("fearless")
    keyboard.press("Control+b")
    keyboard.type(" actor.\nShe trained as a dancer.\n- Burning\nThe Call")
    # The toolbar offers what a bio may hold, and nothing more.
    menu = page.locator(".prose-menubar")
    for offered in ("bold", "italic", "link", "bulletList", "orderedList"):
        assert menu.locator(f"[data-name='{offered}']").count() == 1, offered
    for absent in (
        "heading2",
        "blockquote",
        "horizontalRule",
        "nodeClass:global:reset",
    ):
        assert menu.locator(f"[data-name='{absent}']").count() == 0, absent

    typed = page.evaluate("document.querySelector('textarea[name=bio]').value")
    assert typed == (
        "<p>Born in Seoul, a <strong>fearless</strong> actor.</p>"
        "<p>She trained as a dancer.</p>"
        "<ul><li><p>Burning</p></li><li><p>The Call</p></li></ul>"
    )
    assert sanitize_bio(typed) == typed

    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    assert Person.objects.get(pk=person.pk).bio == typed

    reader = browser.new_page()
    reader.goto(f"{live_server.url}{person.get_absolute_url()}")
    bio = reader.locator(".bio")
    assert bio.locator("p").all_text_contents() == [
        "Born in Seoul, a fearless actor.",
        "She trained as a dancer.",
        "Burning",
        "The Call",
    ]
    assert bio.locator("> p > strong").text_content() == "fearless"
    assert bio.locator("li").count() == 2

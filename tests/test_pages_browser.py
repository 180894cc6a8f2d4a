"""In a real headless Chromium: an editor writes a page, publishes it and adds it
to the footer menu; a reader finds it from the home page."""

import pytest

from reviews import workflow
from reviews.models import MenuItem, Page
from tests.conftest import NEEDS_CHROMIUM
from tests.test_browser import axe, check_page  # noqa: F401 (axe: a fixture)
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = NEEDS_CHROMIUM


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("axe")
def test_an_editor_adds_a_page_to_the_footer_and_a_reader_reaches_it(
    browser, live_server, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    workflow.create_roles()  # a transactional test starts from an empty database
    make_user("editor", group=workflow.EDITORS, password=PASSWORD)

    editor = log_in(browser, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/reviews/page/add/")
    editor.locator("#id_title").press_sequentially("Contact us")
    assert editor.input_value("#id_slug") == "contact-us"  # made from the title
    editor.select_option("#id_kind", "ContactPage")
    editor.locator(".prose-editor > .ProseMirror").click()
    editor.keyboard.type("Write to us about any film we have not reviewed yet.")
    editor.select_option("#id_status", "published")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    page = Page.objects.get(title="Contact us")
    assert page.is_published()

    editor.goto(f"{live_server.url}/admin/reviews/menuitem/add/")
    editor.select_option("#id_menu", "footer")
    editor.click("#id_page + .select2 .select2-selection")
    editor.fill(".select2-search__field", "Contact")
    editor.click(".select2-results__option >> text=Contact us")
    editor.click("input[name=_save]")
    editor.wait_for_selector(".messagelist .success")
    assert MenuItem.objects.get().page == page

    # bypass_csp lets check_page inject axe-core, as in tests/test_browser.py.
    reader = browser.new_context(bypass_csp=True).new_page()
    reader.goto(f"{live_server.url}/")
    reader.locator("footer").get_by_role("link", name="Contact us").click()
    reader.wait_for_url("**/contact-us/")
    assert reader.locator("h1").inner_text() == "Contact us"
    assert "any film we have not reviewed" in reader.locator("article").inner_text()
    check_page(reader, "page-contact", "phone")

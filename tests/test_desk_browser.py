"""The writer's desk in a real headless Chromium: upload a library image, type a
review in the editor with formatting, a link, a mention and the image, watch the
checklist turn green, publish, and read the result on the public page."""

import pytest
from PIL import Image as PILImage

from reviews.body_markup import sanitize_body
from reviews.models import Image, Review, ReviewAutosave
from tests.conftest import (
    NEEDS_CHROMIUM,
    make_author,
    make_film,
    make_person,
    make_review,
)
from tests.test_workflow_browser import PASSWORD, log_in
from tests.workflow_support import make_user

pytestmark = NEEDS_CHROMIUM


def jpeg_file(tmp_path, name, colour):
    path = tmp_path / name
    PILImage.new("RGB", (1400, 800), colour).save(path, format="JPEG")
    return str(path)


def editor_html(page) -> str:
    return page.evaluate("document.querySelector('textarea[name=body]').value")


@pytest.fixture
def desk(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SERVE_MEDIA = True
    settings.REVIEW_AUTOSAVE_SECONDS = 1
    make_user("boss", superuser=True, password=PASSWORD, author=False)
    make_person("Jun Jong-seo")
    return make_review(
        "Ballerina review",
        published=False,
        film=make_film("Ballerina", year=2023),
        author=make_author("Ana"),
        body="",
    )


@pytest.mark.django_db(transaction=True)
def test_a_review_typed_in_the_editor_is_published_as_written(
    browser,
    live_server,
    desk,
    tmp_path,
    client,
):
    page = log_in(browser, live_server, "boss")

    # An in-body still goes into the library first, with its alt text.
    page.goto(f"{live_server.url}/admin/reviews/image/add/")
    page.set_input_files("#id_file", jpeg_file(tmp_path, "still.jpg", (20, 90, 160)))
    page.fill("#id_alt_text", "Ok-ju walks into the club")
    page.fill("#id_credit", "Photo: Netflix")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    still = Image.objects.get()

    page.goto(f"{live_server.url}/admin/reviews/review/{desk.pk}/change/")
    assert "Not yet. Missing: a body." in page.text_content(".field-ready_to_publish")
    editor = page.locator(".prose-editor > .ProseMirror")
    editor.click()
    keyboard = page.keyboard
    keyboard.type("## Revenge, beautifully shot\n")
    keyboard.type("A ")
    keyboard.press("Control+b")
    keyboard.type("bold")
    keyboard.press("Control+b")
    keyboard.type(" and ")
    keyboard.press("Control+i")
    keyboard.type("stylish")
    keyboard.press("Control+i")
    keyboard.type(" thriller starring [[Jun Jong-seo]].\n")
    keyboard.type(f"[[image:{still.pk}]]\n")
    keyboard.type("The trailer")
    keyboard.press("Shift+Home")
    page.click(".prose-menubar [title='insert link']")
    page.fill("dialog[open] input[name=href]", "https://example.com/trailer")
    page.click("dialog[open] button[type=submit]")
    page.wait_for_selector("dialog[open]", state="detached")
    typed = editor_html(page)
    assert '<a href="https://example.com/trailer" title="">The trailer</a>' in typed
    # The sanitizer keeps what the editor wrote; the one addition is the
    # rel="noopener" every link carries, which the editor then keeps on reading.
    assert sanitize_body(typed) == typed.replace(
        'title="">The trailer', 'title="" rel="noopener">The trailer'
    )

    # The hero is uploaded to the library from the review form, in the chooser.
    page.click("#id_hero_choose")
    chooser = page.locator("dialog.picture-chooser")
    chooser.locator("summary").click()
    chooser.locator("input[type=file]").set_input_files(
        jpeg_file(tmp_path, "hero.jpg", (160, 20, 40))
    )
    chooser.locator("input[name=alt_text]").fill("Jun Jong-seo in a neon-lit corridor")
    chooser.locator("button", has_text="Upload and choose").click()
    page.wait_for_function("() => !document.querySelector('dialog.picture-chooser')")
    hero = Image.objects.get(alt_text="Jun Jong-seo in a neon-lit corridor")
    assert page.locator("#id_hero").input_value() == str(hero.pk)
    # Its focal point is set on the image's own page (the last test here).
    hero.focal_x = 30
    hero.save()
    page.fill("#id_rating", "8")
    page.fill("#id_excerpt", "A bodyguard takes revenge in Seoul.")
    page.fill("#id_tags", "Korean, revenge")
    page.click("fieldset:has(#id_seo_description) summary, #fieldsetcollapser2")
    page.fill(
        "#id_seo_description",
        "Ballerina (2023): Jun Jong-seo takes revenge in a stylish Korean thriller.",
    )
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    checklist = page.locator(".field-ready_to_publish")
    assert "Yes: it has everything readers need." in checklist.text_content()
    # Eleven lines, "Pictures from the library" among them.
    assert checklist.locator(".check-passed").count() == 11
    assert checklist.locator(".check-failed, .check-warning").count() == 0

    page.click("button[value=publish]")
    page.wait_for_selector(".messagelist .success")
    review = Review.objects.get(pk=desk.pk)
    assert review.status == Review.Status.PUBLISHED

    reader = browser.new_page()
    reader.goto(f"{live_server.url}{review.get_absolute_url()}")
    body = reader.locator(".body")
    assert body.locator("h2").text_content() == "Revenge, beautifully shot"
    assert body.locator("strong").text_content() == "bold"
    assert body.locator("em").text_content() == "stylish"
    mention = body.locator("a[href='/people/jun-jong-seo/']")
    assert mention.text_content() == "Jun Jong-seo"
    assert body.locator("a[href='https://example.com/trailer']").count() == 1
    still_img = body.locator("figure img")
    assert still_img.get_attribute("alt") == "Ok-ju walks into the club"
    assert "480w" in still_img.get_attribute("srcset")
    assert still_img.evaluate("img => img.complete && img.naturalWidth > 0")
    assert body.locator("figcaption").text_content() == "Photo: Netflix"
    hero_img = reader.locator(".hero img")
    assert hero_img.get_attribute("alt") == "Jun Jong-seo in a neon-lit corridor"
    assert hero_img.evaluate("img => getComputedStyle(img).objectPosition") == (
        "30% 50%"
    )


@pytest.mark.django_db(transaction=True)
def test_autosave_keeps_a_draft_while_the_published_page_stays(
    browser,
    live_server,
    desk,
):
    published = make_review("Published review", body="<p>As published.</p>")
    page = log_in(browser, live_server, "boss")
    page.goto(f"{live_server.url}/admin/reviews/review/{published.pk}/change/")
    page.locator(".prose-editor > .ProseMirror").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Typed after publishing.")
    page.wait_for_selector(".autosave-message:has-text('Draft autosaved at')")

    autosave = ReviewAutosave.objects.get(review=published)
    assert "Typed after publishing." in autosave.body
    published.refresh_from_db()
    assert published.body == "<p>As published.</p>"

    # The tab closes; the next visit offers the draft back.
    page.close()
    page = log_in(browser, live_server, "boss")
    page.goto(f"{live_server.url}/admin/reviews/review/{published.pk}/change/")
    page.click("text=Restore the autosaved draft from")
    page.wait_for_selector(".autosave-restored")
    assert "Typed after publishing." in editor_html(page)


@pytest.mark.django_db(transaction=True)
def test_a_keyboard_reader_can_reveal_a_spoiler(browser, live_server):
    review = make_review(
        body='<p>Before.</p><blockquote class="spoiler"><p>She survives.</p></blockquote>'
    )
    # Reduced motion: the reveal happens at once rather than over 0.2 s.
    page = browser.new_context(reduced_motion="reduce").new_page()
    page.goto(live_server.url + review.get_absolute_url())
    spoiler = page.locator("blockquote.spoiler")
    blur = "el => getComputedStyle(el).filter"
    assert "blur" in spoiler.evaluate(blur)

    for _ in range(60):  # Tab through the page's links to the spoiler
        page.keyboard.press("Tab")
        if spoiler.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the spoiler")
    assert spoiler.evaluate(blur) == "none"
    page.close()


@pytest.mark.django_db(transaction=True)
def test_a_click_on_the_preview_sets_the_focal_point(
    browser,  # noqa: F811
    live_server,
    desk,
    client,
):
    from tests.conftest import make_library_image

    image = make_library_image("Ok-ju on a rooftop", size=(1400, 800))
    make_review("Rooftop review", hero=image)
    page = log_in(browser, live_server, "boss")
    page.goto(f"{live_server.url}/admin/reviews/image/{image.pk}/change/")

    preview = page.locator(".focal-preview img")
    box = preview.bounding_box()
    preview.click(position={"x": box["width"] * 0.25, "y": box["height"] * 0.8})
    assert page.input_value("#id_focal_x") == "25"
    assert page.input_value("#id_focal_y") == "80"
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist .success")

    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (25, 80)
    cross = page.locator(".focal-cross").get_attribute("style")
    assert "left: 25%; top: 80%" in cross
    home = client.get("/").text
    assert 'style="object-position: 25% 80%"' in home

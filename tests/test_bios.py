"""Bios are written in the bio editor and shown as paragraphs: what the editor
makes survives the bio sanitizer unchanged, bios from before the editor get their
paragraphs, and every page that shows a bio shows them."""

import html
import json
import re
import subprocess

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from heaven.editor import BIO_EXTENSIONS
from people.bios import sanitize_bio
from people.models import Author, Person
from tests.conftest import make_author, make_person, make_review
from tests.test_html_valid import VNU, require_vnu

# What the bio editor emits, as read from its textarea in Chromium.
EDITOR_OUTPUT = [
    "<p>Born in Seoul.</p><p>Trained as a dancer.</p>",
    "<p>Known for:</p><ul><li><p>Burning</p></li><li><p>The Call</p></li></ul>"
    "<ol><li><p>first</p></li></ol>",
    '<p>See <a rel="noopener" href="https://example.com/x" title="">her site</a> '
    'and <a rel="noopener" href="/people/jun-jong-seo/">Jun Jong-seo</a>.</p>',
    "<p>A <strong>bold</strong> and <em>italic</em> debut.<br>Next line.</p>",
]

MULTI_PARAGRAPH = (
    "<p>Writes about <em>horror</em>.</p><p>Hates it when animals are harmed.</p>"
    "<ul><li><p>Psychological horror</p></li><li><p>Survival horror</p></li></ul>"
)


@pytest.mark.parametrize("typed", EDITOR_OUTPUT)
def test_the_bio_sanitizer_leaves_the_bio_editors_output_unchanged(typed):
    assert sanitize_bio(typed) == typed


@pytest.mark.parametrize("typed", EDITOR_OUTPUT)
def test_a_saved_bio_is_the_editors_output(db, typed):
    person = make_person(bio=typed)
    author = make_author(bio=typed)

    assert Person.objects.get(pk=person.pk).bio == typed
    assert Author.objects.get(pk=author.pk).bio == typed


def test_a_new_link_gets_noopener_once_and_then_stays_as_it_is():
    # A link just made in the editor comes without rel; the save adds it where
    # the editor keeps it from then on.
    typed = '<p><a href="https://example.com/" title="">site</a></p>'
    saved = sanitize_bio(typed)

    assert (
        saved
        == '<p><a href="https://example.com/" title="" rel="noopener">site</a></p>'
    )
    assert sanitize_bio(saved) == saved


@pytest.mark.parametrize(
    ("pasted", "saved"),
    [
        # A heading, a quote or a rule has no place in a bio: the text stays.
        ("<h2>Career</h2><p>Dancer.</p>", "<p>Career</p><p>Dancer.</p>"),
        ("<blockquote><p>Quoted.</p></blockquote>", "<p>Quoted.</p>"),
        ("<p>One.</p><hr><p>Two.</p>", "<p>One.</p><p>Two.</p>"),
        ('<p class="spoiler" style="color:red">x</p>', "<p>x</p>"),
        ('<p><img src="x.jpg" alt="a">x</p>', "<p>x</p>"),
    ],
)
def test_markup_the_bio_editor_cannot_make_is_dropped_and_its_text_kept(pasted, saved):
    assert sanitize_bio(pasted) == saved


@pytest.mark.parametrize(
    ("old", "saved"),
    [
        ("Plays <em>Ok-ju</em> &amp; more.", "<p>Plays <em>Ok-ju</em> &amp; more.</p>"),
        ("  Plain text.\n", "<p>Plain text.</p>"),
        # A blank line typed into the old box meant a new paragraph.
        ("One.\n\nTwo <b>bold</b>.", "<p>One.</p><p>Two <b>bold</b>.</p>"),
        ("<em>One.\n\nStill one.</em>", "<p><em>One.\n\nStill one.</em></p>"),
        # Loose text beside a list, and list items with no list, get their blocks.
        ("Known for <li>Burning</li>", "<p>Known for</p><ul><li>Burning</li></ul>"),
        ("<ul><li>x</li></ul>then", "<ul><li>x</li></ul><p>then</p>"),
    ],
)
def test_a_bio_without_paragraphs_is_saved_in_paragraphs(db, old, saved):
    assert make_person(bio=old).bio == saved
    assert sanitize_bio(saved) == saved


@pytest.mark.parametrize("empty", ["", "   ", "<p></p>", "<p><br></p>", "<p> </p>"])
def test_a_bio_with_no_text_is_no_bio(empty):
    assert sanitize_bio(empty) == ""


def test_bio_text_separates_paragraphs_and_list_items_by_a_space(db):
    person = make_person(
        bio=MULTI_PARAGRAPH.replace("horror</em>", "horror</em> &amp; gore")
    )

    assert person.bio_text == (
        "Writes about horror & gore. Hates it when animals are harmed. "
        "Psychological horror Survival horror"
    )


def test_the_meta_description_and_json_ld_read_a_persons_bio_as_text(client, db):
    person = make_person(bio="<p>Born in Seoul.</p><p>Trained as a dancer.</p>")

    page = client.get(person.get_absolute_url()).text

    assert (
        '<meta name="description" content="Born in Seoul. Trained as a dancer.">'
        in page
    )
    data = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S
    )
    assert json.loads(data[1])["description"] == "Born in Seoul. Trained as a dancer."


# --- Pages -------------------------------------------------------------------------


def bio_on(page: str) -> str:
    found = re.search(r'<div class="bio">(.*?)</div>', page, re.DOTALL)
    assert found, "the page shows no bio"
    return found[1]


def test_a_person_page_shows_a_multi_paragraph_bio_as_paragraphs(client, db):
    person = make_person(bio=MULTI_PARAGRAPH)

    assert bio_on(client.get(person.get_absolute_url()).text) == MULTI_PARAGRAPH


def test_an_author_page_and_the_author_box_show_the_bio_as_paragraphs(client, db):
    author = make_author(bio=MULTI_PARAGRAPH)
    review = make_review(author=author)

    assert bio_on(client.get(author.get_absolute_url()).text) == MULTI_PARAGRAPH
    review_page = client.get(review.get_absolute_url()).text
    box = review_page[review_page.index('<aside class="author-box"') :]
    assert bio_on(box) == MULTI_PARAGRAPH


def test_a_page_without_a_bio_shows_no_empty_box(client, db):
    person = make_person(bio="<p></p>")

    assert 'class="bio"' not in client.get(person.get_absolute_url()).text


def test_pages_with_a_multi_paragraph_bio_are_valid_html5(client, db, tmp_path):
    require_vnu()
    person = make_person(bio=MULTI_PARAGRAPH)
    author = make_author(bio=MULTI_PARAGRAPH + EDITOR_OUTPUT[2])
    review = make_review(author=author)
    files = []
    for url in (
        person.get_absolute_url(),
        author.get_absolute_url(),
        review.get_absolute_url(),
    ):
        path = tmp_path / f"page-{len(files)}.html"
        path.write_bytes(client.get(url).content)
        files.append(str(path))

    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert json.loads(result.stderr)["messages"] == []


# --- The admin ---------------------------------------------------------------------


def editor_config(page: str, field: str) -> dict:
    textarea = re.search(
        rf'<textarea name="{field}"[^>]*data-django-prose-editor-configurable="([^"]+)"',
        page,
    )
    assert textarea, f"no editor on the {field} field"
    return json.loads(html.unescape(textarea[1]))


@pytest.mark.parametrize("model", ["person", "author"])
def test_the_bio_is_written_in_the_bio_editor(admin_client, db, model):
    thing = make_person(bio="<p>Hi.</p>") if model == "person" else make_author()

    response = admin_client.get(f"/admin/people/{model}/{thing.pk}/change/")

    assert response.status_code == 200
    extensions = editor_config(response.text, "bio")["extensions"]
    for offered in BIO_EXTENSIONS:
        assert offered in extensions
    for kept_out in ("Heading", "Blockquote", "HorizontalRule", "NodeClass"):
        assert kept_out not in extensions
    assert "/static/django_prose_editor/editor.js" in response.text


def test_a_bio_saved_from_the_person_admin_is_kept_as_typed(admin_client, db):
    person = make_person("Jun Jong-seo")
    typed = EDITOR_OUTPUT[0]

    response = admin_client.post(
        f"/admin/people/person/{person.pk}/change/",
        {
            "name": person.name,
            "slug": person.slug,
            "sort_name": person.sort_name,
            "bio": typed,
            "photo_alt": "",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].errors
    assert Person.objects.get(pk=person.pk).bio == typed


# --- The migration that gave old bios their paragraphs ----------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_bios_from_before_the_editor_their_paragraphs(client):
    before = [("people", "0004_checked_images_and_clean_bios")]
    # The page is cached while the schema is today's: today's views cannot read
    # the older schema (people 0006 made photos library images).
    person = make_person("Jun Jong-seo", slug="jun-jong-seo", bio="<p>Cached.</p>")
    url = f"/people/{person.slug}/"
    assert bio_on(client.get(url).text) == "<p>Cached.</p>"  # now cached

    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("people", "Person").objects.filter(pk=person.pk).update(
        bio="Plays <em>Ok-ju</em>."
    )
    author = old.get_model("people", "Author").objects.create(
        display_name="Karina", slug="karina", bio="One.\n\nTwo."
    )
    untouched = old.get_model("people", "Person").objects.create(
        name="No Bio", slug="no-bio", bio=""
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # 0005 and what follows

    assert Person.objects.get(pk=person.pk).bio == "<p>Plays <em>Ok-ju</em>.</p>"
    assert bio_on(client.get(url).text) == "<p>Plays <em>Ok-ju</em>.</p>"
    assert Author.objects.get(pk=author.pk).bio == "<p>One.</p><p>Two.</p>"
    assert Person.objects.get(pk=untouched.pk).bio == ""

    # Going back, a one-paragraph bio fits the old pages' <p> again.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_person = executor.loader.project_state(before).apps.get_model(
        "people", "Person"
    )
    assert old_person.objects.get(pk=person.pk).bio == "Plays <em>Ok-ju</em>."
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

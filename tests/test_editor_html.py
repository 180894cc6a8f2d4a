"""The editor's HTML survives the body sanitizer unchanged; hostile HTML does not."""

import re

import pytest

from reviews.body_markup import sanitize_body
from tests.conftest import make_review

# What the editor emits for each thing on its toolbar, as read from its textarea
# in Chromium (headings, bold, italic, a quote, a list, a rule, a link, a spoiler).
EDITOR_OUTPUT = (
    "<h2>A heading</h2><h3>Smaller</h3><h4>Smallest</h4>"
    "<p>Plain and <strong>bold</strong> and <em>italic</em>.</p>"
    "<blockquote><p>quoted</p></blockquote>"
    "<ul><li><p>one</p></li><li><p>two</p></li></ul>"
    "<ol><li><p>first</p></li></ol>"
    "<hr>"
    '<p>See <a rel="noopener" href="https://example.com/x" title="">this</a> and '
    '<a rel="noopener" href="/people/jun-jong-seo/">Jun Jong-seo</a>.<br>Next line</p>'
    '<blockquote class="spoiler"><p>She survives.</p></blockquote>'
    "<p>H<sub>2</sub>O, 10<sup>3</sup>, <u>under</u>, <s>struck</s></p>"
    '<figure class="figure"><img src="/media/library/still.jpg" alt="Ok-ju">'
    '<figcaption class="figure-caption">Ok-ju, lit in <em>red</em></figcaption></figure>'
)


def test_the_sanitizer_leaves_the_editors_output_unchanged():
    assert sanitize_body(EDITOR_OUTPUT) == EDITOR_OUTPUT


@pytest.mark.parametrize(
    ("pasted", "kept"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="alert(1)">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener">x</a>'),
        ('<img src="x" onerror="alert(1)" alt="a">', '<img src="x" alt="a">'),
        ('<blockquote class="spoiler evil"><p>x</p></blockquote>', None),
        ('<p class="spoiler" style="color:red">x</p>', "<p>x</p>"),
        ("<iframe src=https://example.com></iframe><p>x</p>", "<p>x</p>"),
        ('<p><a href="/x" data-evil="1" target="_top">x</a></p>', None),
    ],
)
def test_hostile_html_pasted_into_the_editor_is_stripped(pasted, kept):
    cleaned = sanitize_body(pasted)
    for hostile in ("script", "onclick", "onerror", "javascript:", "evil", "iframe"):
        assert hostile not in cleaned
    assert "style=" not in cleaned and "target=" not in cleaned
    if kept is not None:
        assert cleaned == kept


@pytest.mark.parametrize(
    ("older", "as_the_editor_writes_it"),
    [
        ("<p><cite>Burning</cite> (2018)</p>", "<p><em>Burning</em> (2018)</p>"),
        ('<p>She says <q cite="x">run</q>.</p>', "<p>She says \u201crun\u201d.</p>"),
        ('<p><span lang="ko">전종서</span></p>', "<p>전종서</p>"),
        ('<blockquote cite="https://x"><p>q</p></blockquote>', "<blockquote><p>q</p></blockquote>"),
        ('<figure class="wp-block-image"><img src="/a.jpg" alt="A"></figure>',
         '<figure><img src="/a.jpg" alt="A"></figure>'),
    ],
)  # fmt: skip
def test_markup_the_editor_cannot_make_becomes_what_it_can(
    older, as_the_editor_writes_it
):
    assert sanitize_body(older) == as_the_editor_writes_it
    assert sanitize_body(as_the_editor_writes_it) == as_the_editor_writes_it


def test_only_the_spoiler_class_survives_on_a_quote():
    assert (
        sanitize_body('<blockquote class="spoiler evil"><p>x</p></blockquote>')
        == '<blockquote class="spoiler"><p>x</p></blockquote>'
    )


@pytest.mark.django_db
def test_a_saved_body_is_the_editors_output(client):
    review = make_review(body=EDITOR_OUTPUT)
    review.refresh_from_db()
    assert review.body == EDITOR_OUTPUT
    page = client.get(review.get_absolute_url()).text
    assert (
        '<blockquote class="spoiler" tabindex="0"><p>She survives.</p></blockquote>'
        in page
    )


def test_the_admin_form_shows_the_editor_with_its_own_assets(admin_client):
    page = admin_client.get("/admin/reviews/review/add/").text
    assert "data-django-prose-editor-configurable" in page
    # Served by the project, never a CDN.
    assert "/static/django_prose_editor/editor.js" in page
    sources = re.findall(r'<script[^>]+src="([^"]+)"', page)
    stylesheets = re.findall(r'<link[^>]+href="([^"]+\.css)"', page)
    assert sources and all(src.startswith(("/static/", "/admin/")) for src in sources)
    assert all(href.startswith("/static/") for href in stylesheets)


def test_the_editors_import_map_carries_the_pages_csp_nonce(admin_client):
    # The inline import map runs only if it carries the nonce of the page's
    # Content-Security-Policy (django-csp); without it the editor never starts.
    response = admin_client.get("/admin/reviews/review/add/")
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"])
    assert nonce, "the policy names no nonce"
    page = response.text
    assert f'<script type="importmap" nonce="{nonce[1]}">' in page
    assert f'src="/static/django_prose_editor/editor.js" nonce="{nonce[1]}"' in page
    assert "onfocus=" not in page and "onclick=" not in page

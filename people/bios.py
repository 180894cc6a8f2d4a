"""Bios of people and authors: what a bio may contain, and its text for metadata.

A bio is a few paragraphs, perhaps a list, with emphasis and links: what the bio
editor (`heaven.editor.BIO_EXTENSIONS`) makes, which this sanitizer keeps unchanged.
Anything else a writer pastes (scripts, handlers, styles, SVG, headings) is dropped
on save, text kept. Pages show a bio inside a ``<div class="bio">``.

Bios written before the editor are a run of text with inline tags and no
paragraph; `sanitize_bio` wraps such text in ``<p>`` (a blank line starting a new
one), so every stored bio has one shape, the one the editor reads and writes.
"""

import html
import re

import nh3
from django.utils.html import strip_tags

from heaven.editor import as_editor_markup

# Same rules as review bodies (`reviews.models.sanitize_body`), fewer tags: no
# headings (a bio sits under the page's own headings), quotes, spoilers or images.
# <cite> becomes the editor's <em> (`heaven.editor.as_editor_markup`).
ALLOWED_BIO_TAGS = {
    "p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "cite",
}  # fmt: skip
ALLOWED_BIO_ATTRIBUTES = {"a": {"href", "title", "rel"}}

# Elements that stand on their own in a bio; everything else is inline text.
BLOCKS = {"p", "ul", "ol", "li"}
# The sanitizer writes every tag as <name …> or </name>, and escapes < and >
# inside text and attribute values, so a tag is exactly "<" up to the next ">".
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"</?([a-z0-9]+)")
BLANK_LINE = re.compile(r"\n[ \t\r\f]*\n\s*")
BLOCK_EDGE = re.compile(r"<(?:/?(?:p|ul|ol|li)|br)\b[^>]*>")


def sanitize_bio(text: str) -> str:
    """The bio with only the allowed markup, its loose text in paragraphs; an
    empty string when it has no text at all."""
    cleaned = as_editor_markup(
        nh3.clean(
            text.strip(),
            tags=ALLOWED_BIO_TAGS,
            attributes=ALLOWED_BIO_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            # Every link gets rel="noopener", set in place (not nh3's link_rel, which
            # strips and appends it), so the editor's links come back unchanged.
            link_rel=None,
            set_tag_attribute_values={"a": {"rel": "noopener"}},
        )
    )
    if not bio_as_text(cleaned):
        # The editor's empty document ("<p></p>") is no bio: pages test for one.
        return ""
    return in_paragraphs(cleaned)


def in_paragraphs(cleaned: str) -> str:
    """Sanitized bio HTML with its loose top-level text (and inline tags) in
    paragraphs, a new one at each blank line, and stray list items in a list:
    the shape the editor would give it. Paragraphs and lists already there are
    left exactly as they are; so is a bio whose loose inline markup holds a block
    (``<em>a <p>b</p></em>``), which no wrapping could make right."""
    out: list[str] = []
    run: list[str] = []  # loose inline content waiting for its <p>
    block_depth = inline_depth = 0
    stray_list = False  # a <ul> opened around top-level <li>s

    def end_run():
        text = "".join(run)
        out.append(f"<p>{text.strip()}</p>" if text.strip() else text)
        run.clear()

    for token in TAG.split(cleaned):
        name = TAG_NAME.match(token)
        if block_depth == 0 and stray_list and token.strip():
            if not (name and name[1] == "li" and not token.startswith("</")):
                out.append("</ul>")
                stray_list = False
        if name and name[1] in BLOCKS:
            closing = token.startswith("</")
            if block_depth == 0 and not closing:
                if inline_depth:
                    return cleaned
                end_run()
                if name[1] == "li" and not stray_list:
                    out.append("<ul>")
                    stray_list = True
            out.append(token)
            block_depth += -1 if closing else 1
        elif block_depth:
            out.append(token)
        elif name:
            run.append(token)
            if name[1] != "br":
                inline_depth += -1 if token.startswith("</") else 1
        elif inline_depth:
            run.append(token)
        else:
            first, *rest = BLANK_LINE.split(token)
            run.append(first)
            for piece in rest:
                end_run()
                run.append(piece)
    end_run()
    if stray_list:
        out.append("</ul>")
    return "".join(out)


def bio_as_text(bio: str) -> str:
    """The bio without markup, for meta descriptions and structured data:
    paragraphs, list items and line breaks become one space."""
    spaced = BLOCK_EDGE.sub(" ", bio)
    return " ".join(html.unescape(strip_tags(spaced)).split())

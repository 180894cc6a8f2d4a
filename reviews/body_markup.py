"""What markup a review body may hold: the sanitizer every save, import and
autosave runs, so a pasted <script> or onclick never reaches a reader."""

import re

import nh3

from heaven.editor import as_editor_markup

# Review bodies are written in the admin and imported from WordPress; only markup a
# review needs survives, so a pasted <script> or onclick never reaches a reader.
# What the editor (`heaven.editor.EXTENSIONS`) makes, and no more, so editing a
# body never drops what a save kept; <cite> and <q> become the editor's
# equivalents (`heaven.editor.as_editor_markup`).
ALLOWED_BODY_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "a", "ul",
    "ol", "li", "blockquote", "figure", "figcaption", "img", "hr", "cite", "q",
    "sup", "sub",
}  # fmt: skip
ALLOWED_BODY_ATTRIBUTES = {
    "a": {"href", "title", "rel"},
    "img": {"src", "alt", "width", "height"},
}
# Class names by tag, one by one (never `class` as a whole): the editor's spoiler
# and the classes its figures carry.
ALLOWED_BODY_CLASSES = {
    "blockquote": {"spoiler"},
    "figure": {"figure"},
    "figcaption": {"figure-caption"},
}


# What an editor left of a picture it lost (an older editor wrote one such frame
# per key pressed on a selected picture): an <img> with no source, and a figure
# with nothing in it but that and an empty caption. Nothing a writer typed.
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=\"[^\"])[^>]*>")
EMPTY_FIGURE = re.compile(
    r"<figure[^>]*>\s*(?:<figcaption[^>]*>\s*</figcaption>\s*)?</figure>"
)


def sanitize_body(html: str) -> str:
    # nh3 leaves class="" where it removed every class (a WordPress block's); the
    # attribute means nothing, and the editor would not write it back.
    cleaned = as_editor_markup(sanitize_body_tags(html)).replace(' class=""', "")
    return EMPTY_FIGURE.sub("", IMAGE_WITHOUT_SOURCE.sub("", cleaned))


def sanitize_body_tags(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_BODY_TAGS,
        attributes=ALLOWED_BODY_ATTRIBUTES,
        allowed_classes=ALLOWED_BODY_CLASSES,
        url_schemes={"http", "https", "mailto"},
        # Every link gets rel="noopener", whatever rel it came with. Set in place
        # (not nh3's link_rel, which strips and appends it), so the editor's
        # links, which it writes with rel="noopener" first, come back unchanged.
        link_rel=None,
        set_tag_attribute_values={"a": {"rel": "noopener"}},
    )

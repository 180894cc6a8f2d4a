"""The rich-text editor for review bodies and bios (django-prose-editor).

One configuration per sanitizer, so the editor offers exactly the markup it keeps:
what a writer can make survives a save unchanged. `EXTENSIONS` matches the body
sanitizer (`reviews.models.sanitize_body`); a spoiler is a block quote with the
class ``spoiler``, which the public page hides behind a click. `BIO_EXTENSIONS`
matches the bio sanitizer (`people.bios.sanitize_bio`).
"""

from django.urls import reverse_lazy
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset.media import Media

EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    # Links open in the same tab (no target for the sanitizer to drop) and carry
    # the rel="noopener" the sanitizer gives every link, so a saved body reads
    # back unchanged.
    "Link": {"enableTarget": False, "HTMLAttributes": {"rel": "noopener"}},
    "NodeClass": {"cssClasses": {"blockquote": ["spoiler"]}},
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    # A picture is one block (static/desk/library_figure.js): shown, selected,
    # moved and deleted whole, never typed into, so a key pressed on it cannot
    # leave an empty frame. It keeps the markup of imported pictures,
    # <figure class="figure"><img …><figcaption class="figure-caption">, and its
    # toolbar button opens the library's picture chooser.
    "LibraryFigure": {
        "chooserUrl": reverse_lazy("admin:reviews_image_chooser"),
        "uploadUrl": reverse_lazy("admin:reviews_image_chooser_upload"),
    },
    "History": True,
}


def library_figure_allowlist(config, shared_config):
    """The markup a LibraryFigure writes, for django-prose-editor's allow-list."""
    from django_prose_editor.config import add_tags_and_attributes

    add_tags_and_attributes(
        shared_config,
        ["figure", "img", "figcaption"],
        {"img": ["src", "alt", "width", "height"]},
    )


# A bio is a few paragraphs shown under a page's own heading, or in the author
# box under a review: no headings (they would break the page's outline), no
# quotes, rules or spoilers. Lists stay, for the "known for" a bio often has.
BIO_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "HardBreak": True,
    "Link": EXTENSIONS["Link"],
    "History": True,
}


# Markup that older bodies and bios (imports, the plain text box before the
# editor) may hold and the editor has no way to make, as the editor's nearest
# equivalent: a sanitizer applies this to its own output, whose tags are exactly
# these, so editing such text later loses nothing.
EDITOR_EQUIVALENTS = {
    "<cite>": "<em>",  # a title, in italics as the editor writes them
    "</cite>": "</em>",
    "<q>": "\u201c",  # an inline quotation, in quotation marks
    "</q>": "\u201d",
}


def as_editor_markup(sanitized: str) -> str:
    for tag, equivalent in EDITOR_EQUIVALENTS.items():
        sanitized = sanitized.replace(tag, equivalent)
    return sanitized


def editor_field(*, extensions: dict = EXTENSIONS, **kwargs) -> ProseEditorFormField:
    """A form field with the editor. Sanitizing stays with the model's save, so
    imports and the admin go through the same allow-list."""
    return ProseEditorFormField(
        config={"extensions": extensions},
        widget=AdminProseEditorWidget,
        **kwargs,
    )


class RichTextAdminMixin:
    """Gives the named text fields the editor (with `rich_text_extensions`, those
    of the sanitizer the model applies to them), and the page's inline import map
    the request's CSP nonce (django-csp's ``request.csp_nonce``) when there is one."""

    rich_text_fields: tuple[str, ...] = ()
    rich_text_extensions: dict = EXTENSIONS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            return editor_field(
                extensions=self.rich_text_extensions,
                required=not db_field.blank,
                label=db_field.verbose_name.capitalize(),
                help_text=db_field.help_text,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def render_change_form(self, request, context, *args, **kwargs):
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and "media" in context:
            # str() draws the nonce: django-csp's lazy nonce is falsy until drawn,
            # and only a drawn nonce makes it into the policy header.
            context["media"] = Media.from_media(context["media"], nonce=str(nonce))
        return super().render_change_form(request, context, *args, **kwargs)

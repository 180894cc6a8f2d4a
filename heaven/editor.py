"""The rich-text editor for review bodies and bios (django-prose-editor).

One configuration, so the editor offers exactly the markup the body sanitizer
(`reviews.models.sanitize_body`) keeps: what a writer can make, survives a save
unchanged. A spoiler is a block quote with the class ``spoiler``, which the public
page hides behind a click.
"""

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
    "History": True,
}


def editor_field(**kwargs) -> ProseEditorFormField:
    """A form field with the editor. Sanitizing stays with the model's save, so
    imports and the admin go through the same allow-list."""
    return ProseEditorFormField(
        config={"extensions": EXTENSIONS},
        widget=AdminProseEditorWidget,
        **kwargs,
    )


class RichTextAdminMixin:
    """Gives the named text fields the editor, and the page's inline import map
    the request's CSP nonce (django-csp's ``request.csp_nonce``) when there is one."""

    rich_text_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.rich_text_fields:
            return editor_field(
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

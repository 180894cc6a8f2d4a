"""The image chooser for a foreign key to the library (a review's or page's
hero, a film's poster, a person's or author's photo, the site's logo): the
current picture as a thumbnail with its alt text, a button that opens the
library's picture chooser (static/desk/picture_chooser.js: browse, search,
upload in place) and one that clears. The form still sends the plain id, so
the field, its validation and everything after the save stay as they were.

Project-wide so that the person and author admins of `people` use it without
importing `reviews`: the chooser's JSON views are named by URL, the image model
reaches the widget through the form field's queryset.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Script
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class ImageChooserWidget(forms.Widget):
    media = forms.Media(
        css={"all": ["desk/desk.css"]},
        # A module, as it imports the dialog it shares with the body editor.
        js=[Script("desk/image_field.js", type="module")],
    )

    def __init__(self, queryset, attrs=None):
        super().__init__(attrs)
        self.queryset = queryset

    def chosen(self, value):
        """The picture the field holds, or None; a form shown again after an
        error may hold anything the browser sent."""
        if value in (None, ""):
            return None
        try:
            return self.queryset.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return None

    def id_for_label(self, id_):
        # The field's label names the button that chooses, the one control a
        # writer reaches; the id itself travels in a hidden input.
        return f"{id_}_choose" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        field_id = attrs.get("id", f"id_{name}")
        image = self.chosen(value)
        if image is not None and image.file:
            # The original, scaled by the browser, as the saved-photo previews
            # show it: `heaven` knows nothing of the library's renditions.
            thumbnail = format_html(
                '<img class="image-field__thumbnail" src="{}" alt="" width="96" '
                'height="96" style="object-fit: cover; object-position: {}">',
                image.file.url,
                image.object_position,
            )
        else:
            thumbnail = ""
        return format_html(
            '<div class="image-field" data-chooser-url="{}" data-upload-url="{}">'
            '<input type="hidden" name="{}" value="{}" id="{}">'
            '<figure class="image-field__current">{}'
            '<figcaption class="image-field__alt" aria-live="polite">{}</figcaption>'
            "</figure>"
            '<button type="button" class="button image-field__choose" id="{}">'
            "Choose a picture</button> "
            '<button type="button" class="button image-field__clear"{}>Clear</button>'
            "</div>",
            reverse("admin:reviews_image_chooser"),
            reverse("admin:reviews_image_chooser_upload"),
            name,
            image.pk if image else "",
            field_id,
            thumbnail,
            f"Alt text: {image.alt_text}" if image else "No picture chosen.",
            self.id_for_label(field_id),
            "" if image else mark_safe(" hidden"),
        )

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class ImageChooserAdminMixin:
    """Gives the named foreign keys to the library the image chooser instead of
    the admin's select (and its "+", which the chooser's upload replaces)."""

    image_chooser_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.image_chooser_fields:
            queryset = db_field.remote_field.model._default_manager.all()
            return db_field.formfield(
                queryset=queryset, widget=ImageChooserWidget(queryset), **kwargs
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

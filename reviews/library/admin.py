from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, path
from django.utils.html import format_html

from reviews.library import chooser
from reviews.library.models import Image
from reviews.library.renditions import renditions


def thumbnail(image: Image | None, *, width: int = 80):
    """A small rendition of a library image for admin pages; "—" without one."""
    found = renditions(image.file) if image is not None else None
    if found is None:
        return "—"
    return format_html(
        '<img src="{}" alt="" width="{}" style="object-fit: cover; '
        'object-position: {}">',
        found.jpeg[0].url,
        width,
        image.object_position,
    )


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]

    def _post_clean(self):
        super()._post_clean()
        # The file is written while the form can still show an error: a full
        # disk then reads as a message on the file field, not a server error.
        if not self.errors:
            try:
                self.instance.store_file()
            except ValidationError as error:
                self._update_errors(error)


def where_shown(image: Image) -> str | None:
    """The address of a page readers can open that shows ``image`` as its hero,
    poster, photo or logo: a published review first, then any other row."""
    relations = sorted(
        (rel for rel in Image._meta.related_objects if rel.one_to_many),
        key=lambda rel: rel.related_model.__name__ != "Review",
    )
    for rel in relations:
        model = rel.related_model
        if not hasattr(model, "get_absolute_url"):
            continue
        rows = model._default_manager.filter(**{rel.field.name: image})
        if hasattr(rows, "published"):
            rows = rows.published()
        for row in rows.order_by("pk")[:5]:
            try:
                url = row.get_absolute_url()
            except NoReverseMatch:  # a row without an address yet
                continue
            if url:
                return url
    return None


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "shorthand", "credit", "uploaded_at"]
    search_fields = ["alt_text", "caption", "credit"]
    fields = [
        "file",
        "alt_text",
        "caption",
        "credit",
        ("focal_x", "focal_y"),
        "shorthand",
        "preview",
    ]
    readonly_fields = ["shorthand", "preview"]

    class Media:
        js = ["desk/focal_point.js"]  # a click on the preview sets the focal point

    def view_on_site(self, image):
        """ "View on site" opens a public page the picture is shown on, or is
        not offered (the image's own address is its admin page)."""
        return where_shown(image)

    @admin.display(description="In a review's body, type")
    def shorthand(self, image):
        return image.shorthand if image.pk else "Save the image first."

    @admin.display(description="")
    def thumbnail(self, image):
        return thumbnail(image)

    @admin.display(description="Preview")
    def preview(self, image):
        found = renditions(image.file) if image.pk else None
        if found is None:
            return "—"
        # The cross marks the focal point, so a writer sees what crops keep.
        return format_html(
            '<span class="focal-preview" style="position: relative; '
            'display: inline-block">'
            '<img src="{}" srcset="{}" sizes="400px" alt="{}" width="400">'
            '<span class="focal-cross" aria-hidden="true" style="position: absolute; '
            "left: {}%; top: {}%; transform: translate(-50%, -50%); color: #fff; "
            'font-size: 2rem; text-shadow: 0 0 3px #000; pointer-events: none">+</span>'
            '</span><p class="help">Click the picture to set its focal point.</p>',
            found.fallback.url,
            found.jpeg_srcset,
            image.alt_text,
            image.focal_x,
            image.focal_y,
        )

    def get_urls(self):
        # The body editor's picture chooser (reviews.library.chooser).
        return [
            path(
                "chooser/",
                self.admin_site.admin_view(chooser.choose),
                {"admin": self},
                name="reviews_image_chooser",
            ),
            path(
                "chooser/upload/",
                self.admin_site.admin_view(chooser.upload),
                {"admin": self},
                name="reviews_image_chooser_upload",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

from django.contrib import admin
from django.utils.html import format_html

from reviews.images import renditions
from reviews.library import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
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

    @admin.display(description="In a review's body, type")
    def shorthand(self, image):
        return image.shorthand if image.pk else "Save the image first."

    @admin.display(description="")
    def thumbnail(self, image):
        found = renditions(image.file)
        if found is None:
            return "—"
        smallest = found.jpeg[0]
        return format_html('<img src="{}" alt="" width="80">', smallest.url)

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
            '<span aria-hidden="true" style="position: absolute; left: {}%; top: {}%; '
            "transform: translate(-50%, -50%); color: #fff; font-size: 2rem; "
            'text-shadow: 0 0 3px #000">+</span></span>',
            found.fallback.url,
            found.jpeg_srcset,
            image.alt_text,
            image.focal_x,
            image.focal_y,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

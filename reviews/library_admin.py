from django.contrib import admin
from django.utils.html import format_html

from reviews.images import renditions
from reviews.library import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "shorthand", "credit", "uploaded_at"]
    search_fields = ["alt_text", "caption", "credit"]
    fields = ["file", "alt_text", "caption", "credit", "shorthand", "preview"]
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
        return format_html(
            '<img src="{}" srcset="{}" sizes="400px" alt="{}" width="400">',
            found.fallback.url,
            found.jpeg_srcset,
            image.alt_text,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

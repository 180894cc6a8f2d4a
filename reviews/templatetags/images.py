from django import template

from reviews.library.models import Image
from reviews.library.renditions import renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(image, alt=None, sizes="100vw", lazy=True, css_class=""):
    """`{% picture review.hero sizes="100vw" lazy=False %}`: a <picture> with WebP
    and JPEG srcsets, width/height (no layout shift) and lazy loading below the
    fold. A library image brings its alt text (unless `alt` is given, e.g. "" for a
    decorative copy) and its focal point, as the `object-position` a crop keeps in
    view. A bare file field still works (an upload that is not in the library)."""
    library_image = image if isinstance(image, Image) else None
    field_file = library_image.file if library_image is not None else image
    if alt is None:
        alt = library_image.alt_text if library_image is not None else ""
    return {
        "set": renditions(field_file),
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
        # The browser's default is the centre: say it only when it differs.
        "position": library_image.object_position
        if library_image and (library_image.focal_x, library_image.focal_y) != (50, 50)
        else "",
    }

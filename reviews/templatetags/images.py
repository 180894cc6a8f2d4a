from django import template

from reviews.images import renditions

register = template.Library()


@register.inclusion_tag("includes/picture.html")
def picture(field_file, alt="", sizes="100vw", lazy=True, css_class=""):
    """`{% picture review.hero_image alt=review.hero_alt lazy=False %}`: a
    <picture> with WebP and JPEG srcsets, width/height (no layout shift) and lazy
    loading below the fold."""
    return {
        "set": renditions(field_file),
        "alt": alt,
        "sizes": sizes,
        "lazy": lazy,
        "css_class": css_class,
    }

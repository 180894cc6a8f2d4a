"""`{% rating review.rating %}`: a stored rating (out of 10) on the site's scale
(`SiteSettings`): stars on a 5-point scale, a number out of 10 or 100 otherwise,
with the words a screen reader says."""

from django import template

from reviews import site_settings

register = template.Library()


@register.inclusion_tag("includes/rating.html")
def rating(value, size="small"):
    site = site_settings.current()
    shown = site.shown(value)
    return {
        "shown": shown,
        "points": site.rating_points,
        "stars": site.rating_points == 5,
        # The share of five stars to fill, for the CSS.
        "percent": f"{site.to_scale(value) * 100 / site.rating_points:.0f}",
        "size": size,
    }


@register.simple_tag
def rating_text(value) -> str:
    """ "3.5/5" or "87/100", for feeds and plain text."""
    site = site_settings.current()
    return f"{site.shown(value)}/{site.rating_points}"

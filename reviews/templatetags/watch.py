from django import template

from reviews.watch import state as watch

register = template.Library()


@register.filter
def watch_line(option) -> str:
    """`{{ option|watch_line }}`: the option's text today, or "" once it has left.
    Pages that list a film's options take `watch.watch_lines(..., region=...)` from
    their view instead, so that the reader's region applies."""
    line = watch.watch_line(option)
    return line.text if line else ""

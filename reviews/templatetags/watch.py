from django import template

from reviews import watch

register = template.Library()


@register.filter
def watch_line(option) -> str:
    """`{{ option|watch_line }}`: the option's text today, or "" once it has left."""
    line = watch.watch_line(option)
    return line.text if line else ""


@register.simple_tag
def watch_lines(options):
    """`{% watch_lines film.listed_watch_options as lines %}`."""
    return watch.watch_lines(options)

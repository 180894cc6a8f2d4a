from django import template
from django.utils.safestring import SafeString

from heaven import links
from heaven.meta import jsonld_script

register = template.Library()


@register.filter
def jsonld(data):
    """`{{ data|jsonld }}`: a safe <script type="application/ld+json">; a script
    already made (a cached article's) as it is."""
    if isinstance(data, SafeString):
        return data
    return jsonld_script(data)


@register.simple_tag
def page_url(viewname):
    """`{% page_url "home" %}`: `{% url "home" %}` for the header and footer of
    every page, without a `reverse()` each time."""
    return links.page_url(viewname)

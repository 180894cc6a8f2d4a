from django import template

from heaven.meta import jsonld_script

register = template.Library()


@register.filter
def jsonld(data):
    """`{{ data|jsonld }}`: a safe <script type="application/ld+json">."""
    return jsonld_script(data)

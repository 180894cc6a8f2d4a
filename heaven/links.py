"""Addresses of pages named by one slug, without a `reverse()` per link; and of
pages with no argument at all (the site's header and footer links).

A review page links every credited person, related review and tag: a hundred
`reverse()` calls, which were a tenth of an uncached page's time. The address of
a view that takes one slug is the same text around the slug, so it is reversed
once per view and URL configuration and the slug is put in its place, quoted
exactly as `reverse()` quotes it. A slug that `reverse()` would refuse still goes
through `reverse()`, so it fails the same way.
"""

import re
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The `uslug` converter's pattern (heaven.slugs.UnicodeSlugConverter).
SLUG = re.compile(r"[-\w]+\Z")
# What `reverse()` leaves unquoted (django.urls.resolvers, RFC 3986 sub-delims).
SAFE = "!$&'()*+,;=/~:@"
MARKER = "slugmarker0"


def slug_url(viewname: str, slug: str) -> str:
    """`reverse(viewname, kwargs={"slug": slug})`, made from a cached template."""
    if not SLUG.match(slug):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _template(
        viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )
    return before + quote(slug, safe=SAFE) + after


@lru_cache(maxsize=64)
def _template(viewname: str, prefix: str, urlconf: str) -> tuple[str, str]:
    # The prefix and URL configuration are in the key: both change what
    # `reverse()` returns (a script name, a test's own urls).
    url = reverse(viewname, kwargs={"slug": MARKER}, urlconf=urlconf)
    before, marker, after = url.partition(MARKER)
    if not marker or MARKER in after:
        raise ValueError(f"{viewname} does not put its slug in the path once")
    return before, after


def page_url(viewname: str) -> str:
    """`reverse(viewname)` for a view that takes no argument, cached."""
    return _page_url(
        viewname, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF
    )


@lru_cache(maxsize=64)
def _page_url(viewname: str, prefix: str, urlconf: str) -> str:
    return reverse(viewname, urlconf=urlconf)

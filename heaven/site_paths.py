"""Which addresses the site itself serves, so that an editor's page (or any other
address an editor chooses) can never take one.

A path is the site's when a URL pattern other than the pages' catch-all answers
it (`/feed/`, `/reviews/ballerina/`), or when its first segment starts one of the
site's own patterns (`/reviews/`, `/admin/anything/`, `/static/…`): a page at
`/films/` would hide nothing today, but it would sit in the films' section and
take an address a later version may serve.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver

# The names of the catch-alls that serve the site's own pages (heaven/urls.py).
PAGE_VIEW_NAMES = frozenset({"page", "page_no_slash"})
# The literal start of a route, up to its first "/" or converter.
# Sections the design names that have no pattern yet: a page there now would
# be hidden the day the section arrives.
PLANNED_SECTIONS = frozenset({"series"})
LITERAL_START = re.compile(r"^\^?([^/<(\\^$?*+\[]*)(.?)")


def _first_segments(patterns, prefix: str = "") -> set[str]:
    """The literal first segments of every route but the pages' catch-all; a
    segment a converter finishes ("sitemap-<section>.xml") ends with "*"."""
    found = set()
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLPattern) and pattern.name in PAGE_VIEW_NAMES:
            continue
        if isinstance(pattern, URLResolver) and not str(pattern.pattern):
            found |= _first_segments(pattern.url_patterns, route)
            continue
        literal, after = LITERAL_START.match(route).groups()
        if literal:
            found.add(literal if after in ("/", "") else literal + "*")
    return found


@lru_cache(maxsize=8)
def reserved_first_segments(urlconf: str) -> frozenset[str]:
    segments = _first_segments(get_resolver(urlconf).url_patterns)
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        if url and url.startswith("/") and url.strip("/"):
            segments.add(url.strip("/").split("/")[0])
    return frozenset(segments | PLANNED_SECTIONS)


def claimed_by_site(path: str) -> bool:
    """Whether the site serves `path` (e.g. "/feed/") or its section."""
    urlconf = settings.ROOT_URLCONF
    first = path.strip("/").split("/")[0]
    for segment in reserved_first_segments(urlconf):
        if first == segment or (
            segment.endswith("*") and first.startswith(segment[:-1])
        ):
            return True
    try:
        match = get_resolver(urlconf).resolve(path)
    except Resolver404:
        return False
    return match.url_name not in PAGE_VIEW_NAMES

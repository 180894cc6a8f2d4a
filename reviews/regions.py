"""The reader's region: which country's where-to-watch options a page shows.

A reader picks a region with the picker on film and review pages; the choice lives
in a cookie (no login). Anything that caches a page must key on `reader_region`,
never on the raw cookie, so a forged cookie cannot fill the cache with variants.
"""

from django.conf import settings

from reviews.watch_import import ISO_3166_ALPHA2

REGION_COOKIE = "heaven_region"


def default_region() -> str:
    """settings.WATCH_DEFAULT_REGION: an ISO 3166 alpha-2 code, or '' (worldwide)."""
    return (getattr(settings, "WATCH_DEFAULT_REGION", "") or "").upper()


def clean_region(value: str | None) -> str | None:
    """The upper-case code when `value` names a known region, else None."""
    code = (value or "").strip().upper()
    return code if code in ISO_3166_ALPHA2 else None


def reader_region(request) -> str:
    """The region this request's pages show: the cookie's, when it is valid, else
    the site's default."""
    return clean_region(request.COOKIES.get(REGION_COOKIE)) or default_region()

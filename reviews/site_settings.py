"""The site settings row as every request reads it: from the cache, one lookup,
refreshed when an editor saves it (`reviews.receivers`). A fresh site with no
row gets the defaults from the environment."""

from django.core.cache import cache

from reviews.models.site import SiteSettings

CACHE_KEY = "reviews:site-settings"


def current() -> SiteSettings:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = SiteSettings.objects.select_related("logo").filter(pk=1).first()
        found = found or SiteSettings(pk=1)
        cache.set(CACHE_KEY, found, timeout=None)
    return found


def forget(**kwargs) -> None:
    """After a save or delete of the row: every process reads it afresh."""
    cache.delete(CACHE_KEY)


def site_name() -> str:
    return current().site_name


def site(request) -> dict:
    """Context processor: `{{ site.site_name }}`, `{{ site.tagline }}` …"""
    return {"site": current()}

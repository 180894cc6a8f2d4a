"""The site settings row as every request reads it: from the cache, one lookup,
refreshed when an editor saves it (`reviews.receivers`). A fresh site with no
row gets the defaults from the environment."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from reviews.models.site import SiteSettings

CACHE_KEY = "reviews:site-settings"


def current() -> SiteSettings:
    found = cache.get(CACHE_KEY)
    if found is None:
        found = SiteSettings.objects.select_related("logo").filter(pk=1).first()
        found = found or SiteSettings(pk=1)
        # Five minutes at most: a save forgets it at once, but a forget lost
        # while Redis was away must not keep old settings for ever.
        cache.set(CACHE_KEY, found, timeout=300)
    return found


def forget(**kwargs) -> None:
    """After a save or delete of the row: every process reads it afresh."""
    cache.delete(CACHE_KEY)


def site_name() -> str:
    return current().site_name


def site(request) -> dict:
    """Context processor: `{{ site.site_name }}`, `{{ site.tagline }}` …, read
    only when a template shows them (the admin's never do)."""
    return {"site": SimpleLazyObject(current)}

"""The header and footer menus as a request shows them: read once per request in
one query (`MenuItem.objects.with_targets()`), links to pages and reviews that
are not public left out, and the cache tags a cached part showing them carries."""

from dataclasses import dataclass, field

from heaven.cache_tags import tag
from reviews.models import MenuItem
from reviews.models.menus import MENUS_TAG


@dataclass
class SiteMenus:
    header: list[MenuItem] = field(default_factory=list)
    footer: list[MenuItem] = field(default_factory=list)
    # Every item, shown or not: a draft page going public must retire the parts
    # that left it out.
    items: list[MenuItem] = field(default_factory=list)

    def cache_tags(self) -> set[str]:
        names = {MENUS_TAG}
        for item in self.items:
            target = item.target
            if target is not None:
                names.add(tag(type(target), target.pk))
        return names


def site_menus(request) -> SiteMenus:
    """The menus for this request, read at most once per request."""
    menus = getattr(request, "_site_menus", None)
    if menus is None:
        items = list(MenuItem.objects.with_targets())
        menus = SiteMenus(
            header=[i for i in items if i.menu == "header" and i.is_shown()],
            footer=[i for i in items if i.menu == "footer" and i.is_shown()],
            items=items,
        )
        request._site_menus = menus
    return menus


class LazyMenus:
    """Reads the menus only when a template shows them (the admin never does)."""

    def __init__(self, request):
        self.request = request

    @property
    def header(self):
        return site_menus(self.request).header

    @property
    def footer(self):
        return site_menus(self.request).footer


def menus(request) -> dict:
    """Context processor: `{{ menus.header }}` and `{{ menus.footer }}`."""
    return {"menus": LazyMenus(request)}

"""The header and footer menus as pages show them.

Read from the database in one query (`MenuItem.objects.with_targets()`) and kept
as a cached part (`heaven.cache_tags`) filed under the menus' own tag and the
tags of the rows they link to: a new review leaves them cached, a renamed page
in the footer or any menu item's change does not. Links to pages and reviews
that are not public are left out; one going public on the clock retires every
part, these too."""

from dataclasses import dataclass, field

from heaven import cache_tags
from heaven.cache_tags import tag
from reviews.models import MenuItem
from reviews.models.menus import MENUS_TAG


@dataclass(frozen=True)
class MenuLink:
    menu: str
    text: str
    url: str


@dataclass
class SiteMenus:
    header: list[MenuLink] = field(default_factory=list)
    footer: list[MenuLink] = field(default_factory=list)
    # The rows the menus show, shown or not: a draft page going public must
    # retire the parts that left it out.
    tags: frozenset[str] = frozenset({MENUS_TAG})

    def cache_tags(self) -> set[str]:
        return set(self.tags)


def read_menus() -> SiteMenus:
    """The menus from the database: one query."""
    items = list(MenuItem.objects.with_targets())
    shown = [
        MenuLink(item.menu, item.text, item.get_absolute_url())
        for item in items
        if item.is_shown()
    ]
    targets = [item.target for item in items if item.target is not None]
    return SiteMenus(
        header=[link for link in shown if link.menu == MenuItem.Menu.HEADER],
        footer=[link for link in shown if link.menu == MenuItem.Menu.FOOTER],
        tags=frozenset({MENUS_TAG} | {tag(type(t), t.pk) for t in targets}),
    )


def cached_menus() -> SiteMenus:
    key = cache_tags.part_key("menus")
    menus = cache_tags.get_part(key)
    if menus is None:
        started = cache_tags.now()  # before the rows are read
        menus = read_menus()
        cache_tags.store_part(key, menus, started=started, tags=menus.tags)
    return menus


def site_menus(request) -> SiteMenus:
    """The menus for this request, looked up at most once per request."""
    menus = getattr(request, "_site_menus", None)
    if menus is None:
        menus = request._site_menus = cached_menus()
    return menus


class LazyMenus:
    """Looks the menus up only when a template shows them (the admin never does)."""

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

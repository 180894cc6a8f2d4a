"""The demo site's own pages (About, Privacy), its header and footer menus, and
one film list. Like the rest of the demo, only what is missing is created."""

import datetime

from people.models import Author
from reviews.models import Film, FilmList, ListEntry, MenuItem, Page

UTC = datetime.UTC
PUBLISHED = datetime.datetime(2023, 9, 1, 9, 0, tzinfo=UTC)

PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "kind": Page.Kind.ABOUT,
        "seo_description": "Who writes the reviews here, and what we look for in "
        "a horror film or thriller.",
        "body": "<p>We review horror films, thrillers and the series in between, "
        "from South Korean revenge stories to slow-burn folk horror.</p>"
        "<p>Every review says where to watch the film today and warns you about "
        "what some readers would rather know first, such as animal harm.</p>",
    },
    {
        "slug": "privacy",
        "title": "Privacy",
        "kind": Page.Kind.PAGE,
        "seo_description": "What this site stores about its readers: a region "
        "cookie, and nothing else.",
        "body": "<p>We set one cookie, and only when you pick a region for "
        "where-to-watch notes. We run no trackers and no ads.</p>",
    },
]

# (menu, position, label, page slug or address)
MENUS = [
    ("header", 10, "Reviews", "/"),
    ("header", 20, "Where to watch", "/watch/"),
    ("header", 30, "Lists", "/lists/"),
    ("header", 40, "About", "about"),
    ("footer", 10, "About us", "about"),
    ("footer", 20, "Privacy", "privacy"),
]


def load_demo_pages(result) -> None:
    pages = {}
    for spec in PAGES:
        page = Page.objects.filter(parent=None, slug=spec["slug"]).first()
        if page is None:
            page = Page(status=Page.Status.PUBLISHED, published_at=PUBLISHED, **spec)
            page.full_clean()
            page.save()
            result.add(page, True)
        pages[spec["slug"]] = page
    if MenuItem.objects.exists():
        return  # an editor's menus are theirs
    for menu, position, label, target in MENUS:
        item = MenuItem(menu=menu, position=position, label=label)
        if target.startswith("/"):
            item.url = target
        else:
            item.page = pages[target]
        item.full_clean()
        item.save()
        result.add(item, True)


DEMO_LIST = {
    "slug": "korean-revenge-and-grief",
    "title": "Korean films about revenge and grief",
    "seo_description": "Three South Korean films about loss and what people do "
    "with it, from a neon revenge thriller to a quiet road movie.",
    "intro": "<p>Three films from South Korea about loss, and what people do "
    "with it.</p>",
    "entries": [
        (
            "ballerina-2023",
            "Jun Jong-seo tears through Seoul's underworld for her friend. On Netflix.",
        ),
        (
            "the-call-2020",
            "A phone call across twenty years, and the same lead "
            "actress at her most frightening.",
        ),
        (
            "drive-my-car-2021",
            "Grief at a slower pace: three hours you will not notice passing.",
        ),
    ],
}


def load_demo_list(result) -> None:
    if FilmList.objects.filter(slug=DEMO_LIST["slug"]).exists():
        return
    film_list = FilmList(
        slug=DEMO_LIST["slug"],
        title=DEMO_LIST["title"],
        seo_description=DEMO_LIST["seo_description"],
        intro=DEMO_LIST["intro"],
        author=Author.objects.filter(slug="karina-adelgaard").first(),
        status=FilmList.Status.PUBLISHED,
        published_at=PUBLISHED,
    )
    film_list.full_clean()
    film_list.save()
    result.add(film_list, True)
    for position, (film_slug, note) in enumerate(DEMO_LIST["entries"], start=1):
        ListEntry.objects.create(
            film_list=film_list,
            film=Film.objects.get(slug=film_slug),
            position=position,
            note=note,
        )

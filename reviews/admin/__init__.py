"""The admin of films, where to watch, reviews, pages and menus, redirects and
the image library,
one module per subject; importing this package registers them all."""

from reviews.admin import (
    films,
    lists,
    pages,
    redirects,
    reviews,
    series,
    site,
    watch,
)
from reviews.library import admin as library

__all__ = [
    "films",
    "library",
    "lists",
    "pages",
    "redirects",
    "reviews",
    "series",
    "site",
    "watch",
]

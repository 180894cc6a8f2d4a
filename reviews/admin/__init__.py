"""The admin of films, where to watch, reviews, redirects and the image library,
one module per subject; importing this package registers them all."""

from reviews.admin import films, redirects, reviews, watch
from reviews.library import admin as library

__all__ = ["films", "library", "redirects", "reviews", "watch"]

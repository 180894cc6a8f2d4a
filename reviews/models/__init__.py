"""The models of films, where to watch, reviews, pages and menus,
lists, redirects and
mentions, one module
per subject; re-exported here so `from reviews.models import Film` works everywhere.
The image library's `Image` lives in `reviews.library.models`."""

from reviews.library.models import Image
from reviews.models.comments import Comment
from reviews.models.films import (
    Credit,
    CreditLine,
    CreditQuerySet,
    Film,
    FilmQuerySet,
    Genre,
    country_codes,
    group_by_role,
    imdb_title_id,
    language_codes,
    split_codes,
)
from reviews.models.lists import FilmList, FilmListQuerySet, ListEntry
from reviews.models.mentions import Mention, MentionQuerySet
from reviews.models.menus import MenuItem, MenuItemQuerySet
from reviews.models.pages import Page, PageQuerySet
from reviews.models.redirects import (
    Holder,
    Redirect,
    RedirectQuerySet,
    address_holder,
)
from reviews.models.reviews import (
    AUTOMATIC_RELATED,
    LATEST_BY_AUTHOR,
    ContentWarning,
    Review,
    ReviewAutosave,
    ReviewQuerySet,
    ReviewTransition,
    ReviewTransitionQuerySet,
)
from reviews.models.series import Episode, EpisodeQuerySet, Season, SeasonQuerySet
from reviews.models.site import SiteSettings
from reviews.models.watch import (
    RESERVED_PROVIDER_SLUGS,
    Provider,
    WatchOption,
    WatchOptionQuerySet,
    overlap_message,
)

__all__ = [
    "Comment",
    "address_holder",
    "AUTOMATIC_RELATED",
    "LATEST_BY_AUTHOR",
    "RESERVED_PROVIDER_SLUGS",
    "ContentWarning",
    "Credit",
    "Episode",
    "EpisodeQuerySet",
    "Season",
    "SeasonQuerySet",
    "CreditLine",
    "CreditQuerySet",
    "Film",
    "FilmList",
    "FilmListQuerySet",
    "FilmQuerySet",
    "Genre",
    "Image",
    "ListEntry",
    "Mention",
    "MenuItem",
    "MenuItemQuerySet",
    "MentionQuerySet",
    "Page",
    "PageQuerySet",
    "Provider",
    "Holder",
    "Redirect",
    "RedirectQuerySet",
    "Review",
    "ReviewAutosave",
    "ReviewQuerySet",
    "ReviewTransition",
    "ReviewTransitionQuerySet",
    "SiteSettings",
    "WatchOption",
    "WatchOptionQuerySet",
    "country_codes",
    "group_by_role",
    "imdb_title_id",
    "language_codes",
    "overlap_message",
    "split_codes",
]

"""sitemap.xml sections with lastmod: reviews, films, people, authors, tags, pages,
lists; and the seasons and episodes of series, whose rows keep no change stamp
of their own: they take their series' (`SeriesPartSitemap`).
Only published reviews count, and an author or tag appears only with one."""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property
from taggit.models import Tag

from people.models import Author, Person
from reviews.models import Episode, Film, FilmList, Page, Review, Season


class LatestBySQL:
    """Django's default `get_latest_lastmod` loads every item to take the max; the
    sitemap index asks each section, so with 20,000 people that is 20,000 rows.
    Ask the database for the max instead."""

    lastmod_field = "updated_at"

    def get_latest_lastmod(self):
        items = self.items().order_by()
        return items.aggregate(latest=Max(self.lastmod_field))["latest"]


class PaginatorCountingTable(Paginator):
    """Counts a whole table instead of the grouped query a section lists.

    The sitemap index asks every section how many pages it has; counting "authors
    with a published review" groups every review, which grows with the site. The
    table's row count is an upper bound that costs an index scan; at 50,000 rows a
    page, a page past the real end (only possible with more than 50,000 unused
    tags) answers 404, which search engines take in their stride."""

    def __init__(self, object_list, per_page, *, table):
        super().__init__(object_list, per_page)
        self.table = table

    @cached_property
    def count(self):
        return self.table.objects.count()


class NewestPublishedReview:
    """A section whose every item is reached through published reviews: its newest
    change is the newest change of such a review, one aggregate instead of a
    maximum per author or tag over every review."""

    table = None
    reviews_filter: dict = {}

    def get_latest_lastmod(self):
        reviews = Review.objects.published().filter(**self.reviews_filter)
        return reviews.aggregate(latest=Max("updated_at"))["latest"]

    @property
    def paginator(self):
        return PaginatorCountingTable(self._items(), self.limit, table=self.table)


class UpdatedRowsSitemap(LatestBySQL, Sitemap):
    """A section of rows that carry their own `updated_at`."""

    def rows(self):
        raise NotImplementedError

    def items(self):
        return self.rows().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ReviewSitemap(UpdatedRowsSitemap):
    changefreq = "weekly"
    priority = 0.8

    def rows(self):
        return Review.objects.published()


class FilmSitemap(UpdatedRowsSitemap):
    changefreq = "weekly"
    priority = 0.6

    def rows(self):
        return Film.objects.all()


class PageSitemap(UpdatedRowsSitemap):
    changefreq = "monthly"
    priority = 0.3

    def rows(self):
        return Page.objects.published()

    def items(self):
        return self.rows().only("path", "updated_at").order_by("pk")


class FilmListSitemap(UpdatedRowsSitemap):
    changefreq = "weekly"
    priority = 0.6

    def rows(self):
        return FilmList.objects.published()


class PersonSitemap(UpdatedRowsSitemap):
    changefreq = "monthly"
    priority = 0.4

    def rows(self):
        return Person.objects.all()


class SeriesPartSitemap(LatestBySQL, Sitemap):
    """Seasons or episodes, each with its series' last change as lastmod."""

    series_field = ""
    changefreq = "weekly"
    priority = 0.5

    @property
    def lastmod_field(self):
        return f"{self.series_field}__updated_at"

    def lastmod(self, item):
        series = item
        for name in self.series_field.split("__"):
            series = getattr(series, name)
        return series.updated_at


class SeasonSitemap(SeriesPartSitemap):
    series_field = "series"

    def items(self):
        return (
            Season.objects.select_related("series")
            .only("number", "series__slug", "series__updated_at")
            .order_by("pk")
        )


class EpisodeSitemap(SeriesPartSitemap):
    series_field = "season__series"

    def items(self):
        return (
            Episode.objects.select_related("season__series")
            .only(
                "number",
                "season__number",
                "season__series__slug",
                "season__series__updated_at",
            )
            .order_by("pk")
        )


class AuthorSitemap(NewestPublishedReview, Sitemap):
    table = Author
    reviews_filter = {"author__isnull": False}
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return (
            Author.objects.filter(reviews__in=Review.objects.published())
            .annotate(last_review=Max("reviews__updated_at"))
            .only("slug")
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.last_review


class TagSitemap(NewestPublishedReview, Sitemap):
    table = Tag
    reviews_filter = {"tags__isnull": False}
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return (
            Tag.objects.filter(review__in=Review.objects.published())
            .annotate(last_review=Max("review__updated_at"))
            .order_by("pk")
        )

    def location(self, item):
        return reverse("reviews:tag", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.last_review


SITEMAPS = {
    "reviews": ReviewSitemap,
    "films": FilmSitemap,
    "seasons": SeasonSitemap,
    "episodes": EpisodeSitemap,
    "people": PersonSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
    "pages": PageSitemap,
    "lists": FilmListSitemap,
}

"""sitemap.xml sections with lastmod: reviews, films, people, authors, tags.
Only published reviews count, and an author or tag appears only with one."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from taggit.models import Tag

from people.models import Author, Person
from reviews.models import Film, Review


class LatestBySQL:
    """Django's default `get_latest_lastmod` loads every item to take the max; the
    sitemap index asks each section, so with 20,000 people that is 20,000 rows.
    Ask the database for the max instead."""

    lastmod_field = "updated_at"

    def get_latest_lastmod(self):
        items = self.items().order_by()
        return items.aggregate(latest=Max(self.lastmod_field))["latest"]


class ReviewSitemap(LatestBySQL, Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Review.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class FilmSitemap(LatestBySQL, Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Film.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(LatestBySQL, Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return Person.objects.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class AuthorSitemap(LatestBySQL, Sitemap):
    lastmod_field = "last_review"
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


class TagSitemap(LatestBySQL, Sitemap):
    lastmod_field = "last_review"
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
    "people": PersonSitemap,
    "authors": AuthorSitemap,
    "tags": TagSitemap,
}

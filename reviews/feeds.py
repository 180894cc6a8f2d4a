"""RSS and Atom feeds of the latest published reviews: site-wide, per author and
per tag; and RSS feeds of where to watch, site-wide and per provider. Only
`Review.objects.published()` ever reaches a feed."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.dateformat import format as format_date
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html, format_html_join
from taggit.models import Tag

from heaven.text import clean_text
from people.models import Author
from reviews import site_settings
from reviews.models import Provider, Review
from reviews.templatetags.ratings import rating_text
from reviews.watch.listings import watch_events
from reviews.watch.regions import clean_region, reader_region, region_name
from reviews.watch.state import DATE_FORMAT

FEED_LENGTH = 20


def clean_values(values: dict) -> dict:
    """Every string in a feed's or an item's fields by the text rule, lists of
    strings (categories) too."""
    cleaned = {}
    for key, value in values.items():
        if isinstance(value, str):
            value = clean_text(value)
        elif isinstance(value, list | tuple):
            value = [clean_text(v) if isinstance(v, str) else v for v in value]
        cleaned[key] = value
    return cleaned


class CleanTextFeed:
    """XML 1.0 refuses control characters, and Django's feed writer raises on one:
    rows stored before the text rule, or written around save(), would make the
    feed answer 500. What a feed writes is cleaned as it is written."""

    def write(self, outfile, encoding):
        self.feed = clean_values(self.feed)
        self.items = [clean_values(item) for item in self.items]
        super().write(outfile, encoding)


class CleanRss(CleanTextFeed, Rss201rev2Feed):
    pass


class CleanAtom(CleanTextFeed, Atom1Feed):
    pass


def paragraphs(*texts: str) -> str:
    """Plain text as HTML paragraphs, escaped: RSS <description> and Atom
    <summary type="html"> are read as HTML, so an excerpt or a verdict typed with
    `<script>` must arrive as those characters, never as markup."""
    return format_html_join("", "<p>{}</p>", ((text,) for text in texts if text))


def per_request(feed_class):
    """A view that builds a fresh `feed_class` for each request. Django's feeds
    are usually one shared instance, but these keep the request (and the reader's
    region) on `self`, which threads serving other readers would overwrite."""

    def view(request, *args, **kwargs):
        return feed_class()(request, *args, **kwargs)

    return view


class LatestReviewsFeed(Feed):
    feed_type = CleanRss
    description = "The latest film and series reviews."
    description_template = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def title(self, obj=None):
        return f"{site_settings.site_name()}: latest reviews"

    def link(self, obj=None):
        return reverse("home")

    def subtitle(self, obj=None):  # Atom's name for the description
        return self.description

    def reviews(self, obj):
        return Review.objects.published()

    def items(self, obj=None):
        return (
            self.reviews(obj)
            .with_cards()
            .prefetch_related("tags")
            .latest_first()[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return paragraphs(
            item.meta_description,
            f"Verdict: {item.verdict}" if item.verdict else "",
            f"Rating: {rating_text(item.rating)}" if item.rating is not None else "",
        )

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.get_absolute_url())

    def item_author_name(self, item):
        return item.author.byline

    def item_author_link(self, item):
        return self.request.build_absolute_uri(item.author.get_absolute_url())

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class LatestReviewsAtomFeed(LatestReviewsFeed):
    feed_type = CleanAtom


class AuthorReviewsFeed(LatestReviewsFeed):
    def get_object(self, request, slug):
        self.request = request
        author = get_object_or_404(Author, slug=slug)
        # Like the author page: a byline with nothing published has no feed.
        if not Review.objects.published().by(author).exists():
            raise Http404("No published reviews by this author.")
        return author

    def title(self, obj):
        return f"{site_settings.site_name()}: reviews by {obj.byline}"

    def subtitle(self, obj):  # Atom: text
        return f"The latest reviews by {obj.byline}."

    def description(self, obj):  # RSS: HTML
        return escape(self.subtitle(obj))

    def link(self, obj):
        return obj.get_absolute_url()

    def reviews(self, obj):
        return Review.objects.published().by(obj)


class AuthorReviewsAtomFeed(AuthorReviewsFeed):
    feed_type = CleanAtom


class TagReviewsFeed(LatestReviewsFeed):
    def get_object(self, request, slug):
        self.request = request
        tag = get_object_or_404(Tag, slug=slug)
        # Like the tag page: a tag used only on drafts has no feed.
        if not Review.objects.published().filter(tags=tag).exists():
            raise Http404("No published reviews with this tag.")
        return tag

    def title(self, obj):
        return f"{site_settings.site_name()}: reviews tagged “{obj.name}”"

    def subtitle(self, obj):  # Atom: text
        return f"The latest reviews tagged {obj.name}."

    def description(self, obj):  # RSS: HTML
        return escape(self.subtitle(obj))

    def link(self, obj):
        return reverse("reviews:tag", kwargs={"slug": obj.slug})

    def reviews(self, obj):
        return Review.objects.published().with_tag(obj.slug)


class TagReviewsAtomFeed(TagReviewsFeed):
    feed_type = CleanAtom


class ProvidersFeed(Feed):
    """What arrived on, and what is leaving, every provider, for the reader's region
    (`reader_region`: the cookie, else the site's default). Each item links to our
    newest review of the film, or to the film's page."""

    feed_type = CleanRss
    description_template = None
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        return response

    def get_object(self, request, *args, **kwargs):
        self.request = request
        # A feed reader sends no cookie, so the feed's own links name the region.
        asked = clean_region(request.GET.get("region"))
        self.region = asked if asked is not None else reader_region(request)
        return None

    def place(self, obj) -> str:
        where = obj.name if obj is not None else "streaming services and cinemas"
        return f"{where} ({region_name(self.region)})"

    def title(self, obj):
        return f"{site_settings.site_name()}: where to watch on {self.place(obj)}"

    def description(self, obj):  # RSS: HTML
        return escape(f"What is new and what is leaving soon on {self.place(obj)}.")

    def link(self, obj):
        return reverse("reviews:providers")

    def items(self, obj):
        return watch_events(region=self.region, provider=obj)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [item.line.text + "."]
        if item.line.last_day:
            parts.append(f"Last day: {format_date(item.line.last_day, DATE_FORMAT)}.")
        reviews = item.film.public_reviews
        if reviews:
            parts.append("Our review: " + ", ".join(r.title for r in reviews) + ".")
        return format_html("<p>{}</p>", " ".join(parts))

    def item_link(self, item):
        reviews = item.film.public_reviews
        return (reviews[0] if reviews else item.film).get_absolute_url()

    def item_guid(self, item):
        return item.guid

    def item_pubdate(self, item):
        return item.published


class ProviderFeed(ProvidersFeed):
    def get_object(self, request, slug):
        super().get_object(request)
        return get_object_or_404(Provider, slug=slug)

    def link(self, obj):
        return obj.get_absolute_url()

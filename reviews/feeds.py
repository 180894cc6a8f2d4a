"""RSS and Atom feeds of the latest published reviews: site-wide, per author and
per tag. Only `Review.objects.published()` ever reaches a feed."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from taggit.models import Tag

from people.models import Author
from reviews.models import Review

FEED_LENGTH = 20


class LatestReviewsFeed(Feed):
    title = f"{settings.SITE_NAME}: latest reviews"
    description = "The latest film and series reviews."
    description_template = None

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

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
        parts = [item.meta_description]
        if item.verdict:
            parts.append(f"Verdict: {item.verdict}")
        if item.rating is not None:
            parts.append(f"Rating: {item.rating.normalize():f}/10")
        return "\n\n".join(part for part in parts if part)

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
    feed_type = Atom1Feed


class AuthorReviewsFeed(LatestReviewsFeed):
    def get_object(self, request, slug):
        self.request = request
        author = get_object_or_404(Author, slug=slug)
        # Like the author page: a byline with nothing published has no feed.
        if not Review.objects.published().by(author).exists():
            raise Http404("No published reviews by this author.")
        return author

    def title(self, obj):
        return f"{settings.SITE_NAME}: reviews by {obj.byline}"

    def description(self, obj):
        return f"The latest reviews by {obj.byline}."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return obj.get_absolute_url()

    def reviews(self, obj):
        return Review.objects.published().by(obj)


class AuthorReviewsAtomFeed(AuthorReviewsFeed):
    feed_type = Atom1Feed


class TagReviewsFeed(LatestReviewsFeed):
    def get_object(self, request, slug):
        self.request = request
        tag = get_object_or_404(Tag, slug=slug)
        # Like the tag page: a tag used only on drafts has no feed.
        if not Review.objects.published().filter(tags=tag).exists():
            raise Http404("No published reviews with this tag.")
        return tag

    def title(self, obj):
        return f"{settings.SITE_NAME}: reviews tagged “{obj.name}”"

    def description(self, obj):
        return f"The latest reviews tagged {obj.name}."

    def subtitle(self, obj):
        return self.description(obj)

    def link(self, obj):
        return reverse("reviews:tag", kwargs={"slug": obj.slug})

    def reviews(self, obj):
        return Review.objects.published().with_tag(obj.slug)


class TagReviewsAtomFeed(TagReviewsFeed):
    feed_type = Atom1Feed

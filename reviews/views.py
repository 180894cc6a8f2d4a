from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from heaven.meta import PageMetaMixin
from heaven.pagination import UncountedPaginationMixin
from reviews import preview
from reviews.models import Film, Provider, Review, group_by_role
from reviews.structured_data import film_jsonld, review_jsonld

LATEST_BY_AUTHOR = 5


class ReviewDetailView(PageMetaMixin, DetailView):
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        # Readers see what is published; staff and share links also open drafts
        # (reviews.preview says who sees what). Everyone else gets a 404.
        return preview.visible_reviews(self.request).with_page()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        review = self.object
        kwargs["preview"] = not review.is_published()
        # An early draft may have no film or byline yet; its preview still renders.
        kwargs["credit_groups"] = (
            group_by_role(review.film.ordered_credits) if review.film else []
        )
        kwargs["author_latest"] = (
            list(
                Review.objects.published()
                .by(review.author)
                .exclude(pk=review.pk)
                .select_related("film")
                .latest_first()[:LATEST_BY_AUTHOR]
            )
            if review.author
            else []
        )
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        review = self.object
        return {
            "title": review.meta_title,
            "description": review.meta_description or review.verdict,
            "og_type": "article",
            "image": review.hero_image,
            "image_alt": review.hero_alt,
            "jsonld": [review_jsonld(self.request, review)]
            if review.is_published()
            else [],
        }


class FilmDetailView(PageMetaMixin, DetailView):
    template_name = "reviews/film_detail.html"
    context_object_name = "film"

    def get_queryset(self):
        return Film.objects.with_facts().prefetch_related("watch_options__provider")

    def get_context_data(self, **kwargs):
        film = self.object
        credits = list(film.credits.in_billing_order())
        kwargs["credits"] = credits
        kwargs["credit_groups"] = group_by_role(credits)
        kwargs["reviews"] = list(
            Review.objects.published().for_film(film).with_cards().latest_first()
        )
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        film = self.object
        reviews = context["reviews"]
        return {
            "title": str(film),
            "description": film.logline
            or f"{film}: cast, crew, where to watch and our reviews.",
            "og_type": "video.movie",
            "image": film.poster or (reviews[0].hero_image if reviews else None),
            "image_alt": film.poster_alt
            or (reviews[0].hero_alt if reviews and not film.poster else ""),
            "jsonld": [film_jsonld(self.request, film, context["credits"])],
        }


class ReviewListView(PageMetaMixin, UncountedPaginationMixin, ListView):
    """A paginated list of published review cards; ?page=abc or a page past the
    end answers 404."""

    context_object_name = "reviews"
    paginate_by = 12

    def get_queryset(self):
        return Review.objects.published().with_cards().latest_first()


class TagView(ReviewListView):
    template_name = "reviews/tag_detail.html"
    allow_empty = False  # a tag with no published review is no page

    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().with_tag(self.tag.slug)

    def get_context_data(self, **kwargs):
        kwargs["tag"] = self.tag
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        return {
            "title": f"Reviews tagged “{self.tag.name}”",
            "description": f"Our reviews of films and series tagged {self.tag.name}.",
        }


class ProviderDetailView(PageMetaMixin, DetailView):
    model = Provider
    template_name = "reviews/provider_detail.html"
    context_object_name = "provider"

    def get_context_data(self, **kwargs):
        kwargs["options"] = list(
            self.object.watch_options.select_related("film", "provider").order_by(
                "-available_from", "film__title"
            )[:100]
        )
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        return {
            "title": f"Where to watch: {self.object.name}",
            "description": f"What is coming to and leaving {self.object.name}.",
        }

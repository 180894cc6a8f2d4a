from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from heaven import cache_tags
from heaven.meta import PageMetaMixin
from heaven.pagination import UncountedPaginationMixin
from heaven.tracking import path_without_tracking
from reviews import mentions, preview, recaps, related, review_page
from reviews.menus import site_menus
from reviews.models import (
    LATEST_BY_AUTHOR,
    Credit,
    Film,
    Provider,
    Review,
    group_by_role,
)
from reviews.structured_data import film_jsonld, review_jsonld
from reviews.watch.listings import provider_listing, providers_with_counts
from reviews.watch.regions import (
    REGION_COOKIE,
    REGION_COOKIE_MAX_AGE,
    WORLDWIDE,
    clean_region,
    default_region,
    reader_region,
    region_name,
    region_options,
)
from reviews.watch.state import watch_lines


class ReaderRegionMixin:
    """A page whose where-to-watch depends on the reader's region: it reads the
    region only through `reader_region` (the page cache keys on it), says so
    with `Vary: Cookie`, and shows the region picker."""

    def dispatch(self, request, *args, **kwargs):
        self.region = reader_region(request)
        self.today = timezone.localdate()
        response = super().dispatch(request, *args, **kwargs)
        patch_vary_headers(response, ["Cookie"])
        return response

    def get_context_data(self, **kwargs):
        kwargs["region_picker"] = region_picker(self.request, self.region)
        # Feed links name the region: a feed reader sends no cookie.
        kwargs["region_query"] = self.region or WORLDWIDE
        return super().get_context_data(**kwargs)


def region_way_back(request) -> str:
    # Back to the first page: page 3 here may not exist in the new region.
    return path_without_tracking(request, also=("page",))


def region_picker(request, region: str, next_url: str | None = None) -> dict:
    value = region or WORLDWIDE
    return {
        "value": value,
        "name": region_name(region),
        "options": region_options(value, default_region()),
        "next": region_way_back(request) if next_url is None else next_url,
    }


@never_cache
def choose_region(request):
    """The region picker's target: `?region=KR&next=/films/…/` sets the cookie
    and goes back; an empty region returns to the site's default."""
    next_url = request.GET.get("next", "")
    # Only a path on this site: a relative "films/x" would resolve under /region/.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    value = request.GET.get("region", "").strip()
    if not value:
        response = HttpResponseRedirect(next_url)
        response.delete_cookie(REGION_COOKIE, samesite="Lax")
        return response
    region = clean_region(value)
    if region is None:
        context = {
            "value": value[:40],
            "region_picker": region_picker(request, reader_region(request), next_url),
        }
        return render(request, "reviews/region_unknown.html", context, status=400)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        REGION_COOKIE,
        region or WORLDWIDE,
        max_age=REGION_COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )
    return response


class ReviewDetailView(ReaderRegionMixin, PageMetaMixin, DetailView):
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get(self, request, *args, **kwargs):
        self.page_key = self.started = None
        if review_page.usable(request):
            self.page_key = review_page.key(request, self.region, self.today)
            part = cache_tags.get_part(self.page_key)
            if part is not None:
                return review_page.response(part, region_way_back(request))
            # Before any row is read: a change committed after this retires
            # what this render stores.
            self.started = cache_tags.now()
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        # Readers see what is published; staff and share links also open drafts
        # (reviews.preview says who sees what). Everyone else gets a 404.
        return preview.visible_reviews(self.request).with_page()

    def render_to_response(self, context, **response_kwargs):
        if self.page_key is None or context["preview"]:
            response = super().render_to_response(context, **response_kwargs)
            if context["preview"]:
                add_never_cache_headers(response)
            return response
        part = review_page.render(self.template_name, context, self.request)
        cache_tags.store_part(
            self.page_key,
            part,
            started=self.started,
            tags=review_page.tags(
                self.object,
                context["author_latest"],
                [context["previous_recap"], context["next_recap"]],
                context["related_reviews"],
            )
            | site_menus(self.request).cache_tags(),
        )
        return review_page.response(part, context["region_picker"]["next"])

    def get_context_data(self, **kwargs):
        review = self.object
        kwargs["preview"] = not review.is_published()
        kwargs["body"] = mentions.current_body(review)
        kwargs["watch_lines"] = (
            watch_lines(
                review.film.listed_watch_options, region=self.region, today=self.today
            )
            if review.film
            else []
        )
        # An early draft may have no film or byline yet; its preview still renders.
        # A season or episode review shows the series' regulars and its own cast.
        kwargs["credits"] = credits = (
            Credit.objects.at_level(review.film, review.season, review.episode).lines()
            if review.film
            else []
        )
        kwargs["previous_recap"], kwargs["next_recap"] = (
            recaps.recaps_around(review.episode) if review.episode else (None, None)
        )
        kwargs["credit_groups"] = group_by_role(credits)
        kwargs["related_reviews"] = related.for_page(review)
        kwargs["author_latest"] = (
            list(
                Review.objects.published()
                .by(review.author)
                .exclude(pk=review.pk)
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
            "image": review.hero,
            "jsonld": [
                review_jsonld(
                    self.request, review, context["credits"], context["watch_lines"]
                )
            ]
            if review.is_published()
            else [],
        }


class FilmDetailView(ReaderRegionMixin, PageMetaMixin, DetailView):
    template_name = "reviews/film_detail.html"
    context_object_name = "film"

    def get_queryset(self):
        return (
            Film.objects.with_facts()
            .select_related("poster")
            .prefetch_related("watch_options__provider")
        )

    def get_context_data(self, **kwargs):
        film = self.object
        # A series' page lists its regulars; guest stars are on their episodes.
        credits = list(Credit.objects.at_level(film).for_film_page())
        kwargs["seasons"] = (
            list(film.seasons.with_episodes()) if film.kind == Film.Kind.SERIES else []
        )
        kwargs["credits"] = credits
        # The cast as a grid of faces; the crew as lists by role.
        kwargs["cast"] = [c for c in credits if c.role == Credit.Role.CAST]
        kwargs["crew_groups"] = group_by_role(
            c for c in credits if c.role != Credit.Role.CAST
        )
        kwargs["watch_lines"] = watch_lines(
            film.watch_options.all(), region=self.region, today=self.today
        )
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
            "image": film.poster or (reviews[0].hero if reviews else None),
            "jsonld": [
                film_jsonld(
                    self.request,
                    film,
                    context["credits"],
                    context["watch_lines"],
                    seasons=context["seasons"],
                )
            ],
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


class ProviderListView(ReaderRegionMixin, PageMetaMixin, ListView):
    template_name = "reviews/provider_list.html"
    context_object_name = "providers"

    def get_queryset(self):
        return providers_with_counts(region=self.region, today=self.today)

    def get_page_meta(self, context):
        return {
            "title": "Where to watch",
            "description": "Every streaming service, cinema and shop we list, with "
            "what is new, leaving soon and available now.",
        }


class ProviderDetailView(ReaderRegionMixin, PageMetaMixin, DetailView):
    model = Provider
    template_name = "reviews/provider_detail.html"
    context_object_name = "provider"

    def get_context_data(self, **kwargs):
        kwargs["listing"] = listing = provider_listing(
            self.object,
            region=self.region,
            today=self.today,
            page=self.request.GET.get("page"),
        )
        kwargs["page_obj"] = listing.available_now
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        return {
            "title": f"Where to watch: {self.object.name}",
            "description": f"What is new, leaving soon and available now on "
            f"{self.object.name}, with our reviews.",
        }

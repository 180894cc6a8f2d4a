from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from reviews import preview
from reviews.models import Film, Provider


class ReviewDetailView(DetailView):
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        # Readers see what is published; staff and share links also open drafts
        # (reviews.preview says who sees what). Everyone else gets a 404.
        return preview.visible_reviews(self.request).with_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = not self.object.is_published()
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if context["preview"]:
            add_never_cache_headers(response)
        return response


class FilmDetailView(DetailView):
    model = Film
    template_name = "reviews/film_detail.html"
    context_object_name = "film"


class ProviderDetailView(DetailView):
    model = Provider
    template_name = "reviews/provider_detail.html"
    context_object_name = "provider"

from django.views.generic import DetailView

from reviews.models import Film, Provider, Review


class ReviewDetailView(DetailView):
    template_name = "reviews/review_detail.html"
    context_object_name = "review"

    def get_queryset(self):
        return Review.objects.published().with_cards()


class FilmDetailView(DetailView):
    model = Film
    template_name = "reviews/film_detail.html"
    context_object_name = "film"


class ProviderDetailView(DetailView):
    model = Provider
    template_name = "reviews/provider_detail.html"
    context_object_name = "provider"

from django.views.generic import ListView

from reviews.models import Review


class HomeView(ListView):
    template_name = "home.html"
    context_object_name = "reviews"
    paginate_by = 12

    def get_queryset(self):
        return Review.objects.published().with_cards().latest_first()

from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("reviews/<uslug:slug>/", views.ReviewDetailView.as_view(), name="review"),
    path("films/<uslug:slug>/", views.FilmDetailView.as_view(), name="film"),
    path("watch/<uslug:slug>/", views.ProviderDetailView.as_view(), name="provider"),
]

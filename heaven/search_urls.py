"""The search page's route, included from `heaven.urls` in one line."""

from django.urls import path

from heaven.search_views import SearchView

urlpatterns = [
    path("search/", SearchView.as_view(), name="search"),
]

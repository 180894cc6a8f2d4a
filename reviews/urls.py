from django.urls import path

from reviews import feeds, lists, series_pages, views

app_name = "reviews"

urlpatterns = [
    path("reviews/<uslug:slug>/", views.ReviewDetailView.as_view(), name="review"),
    path("films/<uslug:slug>/", views.FilmDetailView.as_view(), name="film"),
    path(
        "films/<uslug:slug>/season-<int:season>/",
        series_pages.SeasonDetailView.as_view(),
        name="season",
    ),
    path(
        "films/<uslug:slug>/season-<int:season>/episode-<int:episode>/",
        series_pages.EpisodeDetailView.as_view(),
        name="episode",
    ),
    path("tags/<uslug:slug>/", views.TagView.as_view(), name="tag"),
    path(
        "tags/<uslug:slug>/feed/",
        feeds.per_request(feeds.TagReviewsFeed),
        name="tag_feed",
    ),
    path(
        "tags/<uslug:slug>/feed/atom/",
        feeds.per_request(feeds.TagReviewsAtomFeed),
        name="tag_atom",
    ),
    path(
        "authors/<uslug:slug>/feed/",
        feeds.per_request(feeds.AuthorReviewsFeed),
        name="author_feed",
    ),
    path(
        "authors/<uslug:slug>/feed/atom/",
        feeds.per_request(feeds.AuthorReviewsAtomFeed),
        name="author_atom",
    ),
    path("feed/", feeds.per_request(feeds.LatestReviewsFeed), name="feed"),
    path("feed/atom/", feeds.per_request(feeds.LatestReviewsAtomFeed), name="atom"),
    path("region/", views.choose_region, name="region"),
    path("lists/", lists.FilmListIndexView.as_view(), name="lists"),
    path("lists/<uslug:slug>/", lists.FilmListDetailView.as_view(), name="list"),
    path("lists/<uslug:slug>/feed/", lists.list_feed, name="list_feed"),
    path("watch/", views.ProviderListView.as_view(), name="providers"),
    path("watch/feed/", feeds.per_request(feeds.ProvidersFeed), name="providers_feed"),
    path("watch/<uslug:slug>/", views.ProviderDetailView.as_view(), name="provider"),
    path(
        "watch/<uslug:slug>/feed/",
        feeds.per_request(feeds.ProviderFeed),
        name="provider_feed",
    ),
]

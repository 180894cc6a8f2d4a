"""Season and episode pages, under their series' page:
`/films/<series>/season-N/` and `/films/<series>/season-N/episode-M/`.

A series is a `Film`, so its page is the film page (which adds its seasons); a
season or episode has no slug of its own, only its number, which is how readers
and TV guides name it. `/series/` stays free for a section listing series
(`heaven.site_paths.PLANNED_SECTIONS`)."""

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from heaven.meta import PageMetaMixin
from reviews.models import Credit, Episode, Film, Review, Season, group_by_role
from reviews.structured_data import episode_jsonld, season_jsonld
from reviews.views import ReaderRegionMixin
from reviews.watch.state import watch_lines


def series_watch_lines(view, series: Film, season: Season | None = None):
    options = series.watch_options.select_related("provider")
    if season is not None:
        options = options.covering(season.number)
    return watch_lines(options, region=view.region, today=view.today)


class SeasonDetailView(ReaderRegionMixin, PageMetaMixin, DetailView):
    template_name = "reviews/season_detail.html"
    context_object_name = "season"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Season.objects.select_related("series", "poster").with_episodes(),
            series__slug=self.kwargs["slug"],
            series__kind=Film.Kind.SERIES,
            number=self.kwargs["season"],
        )

    def get_context_data(self, **kwargs):
        season = self.object
        credits = list(
            Credit.objects.at_level(season.series, season).in_billing_order()
        )
        kwargs["credits"] = credits
        kwargs["credit_groups"] = group_by_role(credits)
        kwargs["episodes"] = list(season.episodes.all())
        kwargs["watch_lines"] = series_watch_lines(self, season.series, season)
        kwargs["reviews"] = list(
            Review.objects.published().filter(season=season).with_cards().latest_first()
        )
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        season = self.object
        return {
            "title": str(season),
            "description": season.synopsis
            or f"{season}: episodes, cast, where to watch and our reviews.",
            "og_type": "video.tv_show",
            "image": season.poster or season.series.poster,
            "jsonld": [season_jsonld(self.request, season, context["episodes"])],
        }


class EpisodeDetailView(ReaderRegionMixin, PageMetaMixin, DetailView):
    template_name = "reviews/episode_detail.html"
    context_object_name = "episode"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Episode.objects.select_related("season__series", "still"),
            season__series__slug=self.kwargs["slug"],
            season__series__kind=Film.Kind.SERIES,
            season__number=self.kwargs["season"],
            number=self.kwargs["episode"],
        )

    def get_context_data(self, **kwargs):
        episode = self.object
        season = episode.season
        credits = list(
            Credit.objects.at_level(season.series, season, episode).in_billing_order()
        )
        kwargs["credit_groups"] = group_by_role(
            c for c in credits if c.episode_id is None
        )
        kwargs["guest_stars"] = [c for c in credits if c.episode_id is not None]
        kwargs["credits"] = credits
        kwargs["previous"], kwargs["next"] = neighbours(episode)
        kwargs["watch_lines"] = series_watch_lines(self, season.series, season)
        kwargs["reviews"] = list(
            Review.objects.published()
            .filter(episode=episode)
            .with_cards()
            .latest_first()
        )
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        episode = self.object
        return {
            "title": str(episode),
            "description": episode.synopsis
            or f"{episode}: cast, guest stars and our recaps.",
            "og_type": "video.episode",
            "image": episode.still or episode.season.series.poster,
            "jsonld": [episode_jsonld(self.request, episode, context["credits"])],
        }


def neighbours(episode: Episode) -> tuple[Episode | None, Episode | None]:
    """The episodes before and after `episode` in the series, across seasons."""
    siblings = Episode.objects.filter(
        season__series_id=episode.season.series_id
    ).select_related("season__series")
    earlier = siblings.before(episode).order_by("-season__number", "-number").first()
    later = siblings.after(episode).order_by("season__number", "number").first()
    return earlier, later

"""schema.org JSON-LD for review and film pages, as search engines read it."""

from typing import Any

from heaven.meta import absolute_image
from reviews import site_settings
from reviews.models import Credit, CreditLine, Episode, Film, Review, Season
from reviews.watch.state import WatchLine


def imdb_title_url(film: Film) -> list[str]:
    return [f"https://www.imdb.com/title/{film.imdb_id}/"] if film.imdb_id else []


def tmdb_url(film: Film) -> list[str]:
    if not film.tmdb_id:
        return []
    kind = "tv" if film.kind == Film.Kind.SERIES else "movie"
    return [f"https://www.themoviedb.org/{kind}/{film.tmdb_id}"]


def person_ref(request, credit: Credit | CreditLine) -> dict[str, Any]:
    return {
        "@type": "Person",
        "name": credit.credited_name,
        "url": request.build_absolute_uri(credit.person_url),
    }


def watch_action(line: WatchLine) -> dict[str, Any]:
    """Where to watch as schema.org says it: a WatchAction whose Offer carries the
    window and region `reviews.watch.state` decided for this reader and day."""
    option = line.option
    offer: dict[str, Any] = {
        "@type": "Offer",
        "category": option.get_kind_display(),
        "offeredBy": {"@type": "Organization", "name": option.provider.name},
    }
    if option.available_from:
        offer["availabilityStarts"] = option.available_from.isoformat()
    if line.last_day:
        offer["availabilityEnds"] = line.last_day.isoformat()
    if option.region:
        offer["eligibleRegion"] = {"@type": "Country", "name": option.region}
    action: dict[str, Any] = {"@type": "WatchAction", "expectsAcceptanceOf": offer}
    target = option.link or option.provider.homepage
    if target:
        action["target"] = target
    return action


def movie(request, film: Film, credits, watch_lines=()) -> dict[str, Any]:
    """A Movie (or TVSeries) with director and actors from already-fetched
    `credits`, and where to watch it from the reader's `watch_lines`."""
    data: dict[str, Any] = {
        "@type": "TVSeries" if film.kind == Film.Kind.SERIES else "Movie",
        "name": film.title,
        "url": request.build_absolute_uri(film.get_absolute_url()),
    }
    if film.original_title and film.original_title != film.title:
        data["alternateName"] = film.original_title
    if film.release_date:
        data["dateCreated"] = film.release_date.isoformat()
    elif film.year:
        data["dateCreated"] = str(film.year)
    if film.runtime_minutes:
        data["duration"] = f"PT{film.runtime_minutes}M"
    directors = [
        person_ref(request, c) for c in credits if c.role == Credit.Role.DIRECTOR
    ]
    actors = [person_ref(request, c) for c in credits if c.role == Credit.Role.CAST]
    if directors:
        data["director"] = directors
    if actors:
        data["actor"] = actors
    if film.logline:
        data["description"] = film.logline
    same_as = imdb_title_url(film) + tmdb_url(film)
    if same_as:
        data["sameAs"] = same_as
    if watch_lines:
        data["potentialAction"] = [watch_action(line) for line in watch_lines]
    if film.trailer:
        data["trailer"] = video(request, film)
    return data


def video(request, film: Film) -> dict[str, Any]:
    """The film's trailer as a VideoObject, with our poster as its thumbnail."""
    trailer = film.trailer
    data: dict[str, Any] = {
        "@type": "VideoObject",
        "name": f"{film.title}: trailer",
        "description": film.logline or f"The trailer of {film}.",
        "embedUrl": trailer.player_url,
        "url": trailer.watch_url,
    }
    card = film.poster.card_rendition() if film.poster_id else None
    if card is not None:
        data["thumbnailUrl"] = request.build_absolute_uri(card.url)
    return data


def number(value) -> int | float:
    return int(value) if value == int(value) else float(value)


def organization(request, site) -> dict[str, Any]:
    """The site as an Organization: its name, address, logo and own profiles."""
    data: dict[str, Any] = {
        "@type": "Organization",
        "name": site.site_name,
        "url": request.build_absolute_uri("/"),
    }
    if site.logo_id:
        logo, _, _ = absolute_image(request, site.logo)
        if logo:
            data["logo"] = logo
    if site.profile_urls:
        data["sameAs"] = site.profile_urls
    return data


def review_jsonld(request, review: Review, credits, watch_lines=()) -> dict[str, Any]:
    """A Review whose itemReviewed is the Movie with its `credits` (`Credit`s or
    `CreditLine`s, in billing order); needs `Review.objects.with_page()`."""
    site = site_settings.current()
    film = review.film
    if review.episode_id:
        item = episode_item(request, review.episode, credits)
    elif review.season_id:
        item = season_item(request, review.season)
    else:
        item = movie(request, film, credits, watch_lines)
    image, _, _ = absolute_image(request, review.hero)
    if image:
        item["image"] = image
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": review.title,
        "headline": review.meta_title,
        "url": request.build_absolute_uri(review.get_absolute_url()),
        "itemReviewed": item,
        "author": {
            "@type": "Person",
            "name": review.author.display_name,
            "url": request.build_absolute_uri(review.author.get_absolute_url()),
        },
        "publisher": organization(request, site),
        "datePublished": review.published_at.isoformat(),
        "dateModified": review.updated_at.isoformat(),
    }
    if review.meta_description:
        data["description"] = review.meta_description
    if image:
        data["image"] = image
    if review.rating is not None:
        # On the site's own scale, as readers see it (`SiteSettings`).
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": number(site.to_scale(review.rating)),
            "bestRating": site.rating_points,
            "worstRating": 0,
        }
    if review.verdict:
        data["reviewBody"] = review.verdict
    return data


def film_jsonld(
    request, film: Film, credits, watch_lines=(), *, seasons=()
) -> dict[str, Any]:
    """A Movie, or a TVSeries with `containsSeason` (`seasons` with their
    episodes prefetched)."""
    data = {
        "@context": "https://schema.org",
        **movie(request, film, credits, watch_lines),
    }
    if seasons:
        data["containsSeason"] = [
            {**season_item(request, season, with_series=False)} for season in seasons
        ]
        data["numberOfSeasons"] = len(seasons)
        data["numberOfEpisodes"] = sum(len(s.episodes.all()) for s in seasons)
    return data


def series_ref(request, series: Film) -> dict[str, Any]:
    return {
        "@type": "TVSeries",
        "name": series.title,
        "url": request.build_absolute_uri(series.get_absolute_url()),
    }


def season_item(request, season: Season, *, with_series=True) -> dict[str, Any]:
    """A TVSeason (schema.org's CreativeWorkSeason for TV), part of its series."""
    data: dict[str, Any] = {
        "@type": "TVSeason",
        "name": season.label,
        "seasonNumber": season.number,
        "url": request.build_absolute_uri(season.get_absolute_url()),
    }
    if season.air_date:
        data["startDate"] = season.air_date.isoformat()
    if season.synopsis:
        data["description"] = season.synopsis
    if with_series:
        data["partOfSeries"] = series_ref(request, season.series)
    return data


def episode_item(request, episode: Episode, credits=()) -> dict[str, Any]:
    """A TVEpisode, part of its season and series, with its cast from
    `credits` (regulars and guest stars, in billing order)."""
    season = episode.season
    data: dict[str, Any] = {
        "@type": "TVEpisode",
        "name": episode.title,
        "episodeNumber": episode.number,
        "url": request.build_absolute_uri(episode.get_absolute_url()),
        "partOfSeason": season_item(request, season, with_series=False),
        "partOfSeries": series_ref(request, season.series),
    }
    if episode.air_date:
        data["datePublished"] = episode.air_date.isoformat()
    if episode.runtime_minutes:
        data["duration"] = f"PT{episode.runtime_minutes}M"
    if episode.synopsis:
        data["description"] = episode.synopsis
    actors = [person_ref(request, c) for c in credits if c.role == Credit.Role.CAST]
    directors = [
        person_ref(request, c) for c in credits if c.role == Credit.Role.DIRECTOR
    ]
    if actors:
        data["actor"] = actors
    if directors:
        data["director"] = directors
    if episode.imdb_id:
        data["sameAs"] = [f"https://www.imdb.com/title/{episode.imdb_id}/"]
    return data


def season_jsonld(request, season: Season, episodes) -> dict[str, Any]:
    data = {"@context": "https://schema.org", **season_item(request, season)}
    data["numberOfEpisodes"] = len(episodes)
    data["episode"] = [
        {
            "@type": "TVEpisode",
            "name": episode.title,
            "episodeNumber": episode.number,
            "url": request.build_absolute_uri(episode.get_absolute_url()),
        }
        for episode in episodes
    ]
    return data


def episode_jsonld(request, episode: Episode, credits) -> dict[str, Any]:
    return {"@context": "https://schema.org", **episode_item(request, episode, credits)}

"""Writing a batch's seasons and episodes in bulk.

A season is matched on its series and number, an episode on its season and
number, so a second run finds every row and changes nothing. As for films, the
file fills and corrects facts and never empties one; a TMDb id already held by
another season or episode is left where it is."""

from reviews.imports.films.bulk_writes import BATCH_SIZE
from reviews.imports.films.summary import Summary, Tally
from reviews.imports.films.tmdb_lines import FilmRecord
from reviews.models import Episode, Film, Season

SEASON_FACTS = {
    "title": "title",
    "air_date": "air_date",
    "synopsis": "synopsis",
    "tmdb_id": "tmdb_id",
}
EPISODE_FACTS = {**SEASON_FACTS, "runtime_minutes": "runtime"}

# (series pk, season number) and (series pk, season number, episode number)
SeasonKey = tuple[int, int]
EpisodeKey = tuple[int, int, int]


def write_seasons(
    records: list[FilmRecord], films: dict[int, Film], summary: Summary
) -> tuple[dict[SeasonKey, Season], dict[EpisodeKey, Episode]]:
    """The season and episode rows of the batch's series, created or updated."""
    lines = [r for r in records if r.seasons]
    if not lines:
        return {}, {}
    series_ids = [films[r.line].pk for r in lines]

    def seasons_now():
        rows = Season.objects.filter(series_id__in=series_ids)
        return {(s.series_id, s.number): s for s in rows}

    seasons = seasons_now()
    taken = set(
        Season.objects.filter(tmdb_id__in=_ids(lines, episodes=False))
        .exclude(series_id__in=series_ids)
        .values_list("tmdb_id", flat=True)
    )
    new, changed = [], []
    for record in lines:
        series = films[record.line]
        for facts in record.seasons:
            if facts.tmdb_id in taken:
                facts.tmdb_id = None
            season = seasons.get((series.pk, facts.number))
            if season is None:
                new.append(Season(series=series, number=facts.number))
                _apply(new[-1], facts, SEASON_FACTS)
            elif _apply(season, facts, SEASON_FACTS):
                changed.append(season)
            else:
                summary.seasons.unchanged += 1
    _save(Season, new, changed, SEASON_FACTS, summary.seasons)
    if new:
        seasons = seasons_now()

    def episodes_now():
        rows = Episode.objects.filter(season__series_id__in=series_ids).select_related(
            "season"
        )
        return {(e.season.series_id, e.season.number, e.number): e for e in rows}

    episodes = episodes_now()
    taken = set(
        Episode.objects.filter(tmdb_id__in=_ids(lines, episodes=True))
        .exclude(season__series_id__in=series_ids)
        .values_list("tmdb_id", flat=True)
    )
    new, changed = [], []
    for record in lines:
        series = films[record.line]
        for season_facts in record.seasons:
            season = seasons[(series.pk, season_facts.number)]
            for facts in season_facts.episodes:
                if facts.tmdb_id in taken:
                    facts.tmdb_id = None
                episode = episodes.get((series.pk, season.number, facts.number))
                if episode is None:
                    new.append(Episode(season=season, number=facts.number))
                    _apply(new[-1], facts, EPISODE_FACTS)
                elif _apply(episode, facts, EPISODE_FACTS):
                    changed.append(episode)
                else:
                    summary.episodes.unchanged += 1
    _save(Episode, new, changed, EPISODE_FACTS, summary.episodes)
    if new:
        episodes = episodes_now()
    return seasons, episodes


def _ids(lines: list[FilmRecord], *, episodes: bool) -> list[int]:
    ids = []
    for record in lines:
        for season in record.seasons:
            rows = season.episodes if episodes else [season]
            ids += [row.tmdb_id for row in rows if row.tmdb_id]
    return ids


def _apply(row, facts, names: dict[str, str]) -> bool:
    """Copy the facts the file has onto ``row``; whether any changed."""
    changed = False
    for field, attribute in names.items():
        value = getattr(facts, attribute)
        if value not in (None, "") and getattr(row, field) != value:
            setattr(row, field, value)
            changed = True
    return changed


def _save(model, new: list, changed: list, names: dict, tally: Tally) -> None:
    model.objects.bulk_create(new, batch_size=BATCH_SIZE)
    model.objects.bulk_update(changed, list(names), batch_size=BATCH_SIZE)
    tally.created += len(new)
    tally.updated += len(changed)

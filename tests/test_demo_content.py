from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from people.models import Author, Person, PersonAlias
from reviews.models import Credit, Episode, Film, Review, Season, WatchOption


def snapshot():
    """Every demo row with its last-modified stamp, so a rewrite would show."""
    return {
        "people": sorted(Person.objects.values_list("slug", "updated_at")),
        "aliases": sorted(PersonAlias.objects.values_list("slug", "name")),
        "films": sorted(Film.objects.values_list("slug", "updated_at")),
        "seasons": sorted(Season.objects.values_list("series__slug", "number")),
        "episodes": sorted(Episode.objects.values_list("season_id", "number", "title")),
        "credits": Credit.objects.count(),
        "watch": WatchOption.objects.count(),
        "reviews": sorted(Review.objects.values_list("slug", "updated_at", "body")),
        "authors": Author.objects.count(),
    }


def test_seed_demo_loads_the_ballerina_review_faithfully(db, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)

    review = Review.objects.get(slug="ballerina-2023-review")
    assert review.is_published()
    assert review.author.byline == 'Karina "ScreamQueen" Adelgaard'
    assert "animals are harmed" in review.author.bio
    assert review.film.runtime_minutes == 94
    assert review.film.original_title == "발레리나"
    assert "Jun Jong-seo is the perfect avenger" in review.body
    assert review.hero.alt_text.startswith("Ok-ju, in black")
    assert review.film.poster == review.hero  # one picture, stored once
    assert [r.slug for r in review.related_reviews.all()] == ["the-call-2020-review"]

    jun = Person.objects.get(name="Jun Jong-seo")
    assert {a.name for a in jun.aliases.all()} == {"Jeon Jong-seo", "전종서"}
    ok_ju = Credit.objects.get(film=review.film, person=jun)
    assert ok_ju.character == "Ok-ju"
    the_call = Credit.objects.get(film__slug="the-call-2020", person=jun)
    assert the_call.credited_name == "Jeon Jong-seo"
    director = Credit.objects.get(film=review.film, role=Credit.Role.DIRECTOR)
    assert director.person.name == "Lee Chung-hyun"
    netflix = review.film.watch_options.get()
    assert (netflix.provider.name, str(netflix.available_from)) == (
        "Netflix",
        "2023-10-06",
    )
    assert "Log in to the admin" in out.getvalue()
    assert User.objects.get(username="admin").check_password("heaven-demo")


def test_seed_demo_twice_changes_nothing_the_second_time(db):
    call_command("seed_demo", "--no-admin", stdout=StringIO())
    before = snapshot()

    out = StringIO()
    call_command("seed_demo", "--no-admin", stdout=out)

    assert snapshot() == before
    assert "Nothing to do." in out.getvalue()


def test_seed_demo_refuses_a_known_admin_password_when_debug_is_off(db, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.filter(username="admin").exists()
    assert not Review.objects.exists()


def test_demo_has_a_series_with_a_recap_and_a_season_review_in_feeds_and_sitemaps(
    client, db
):
    call_command("seed_demo", "--no-admin", stdout=StringIO())

    series = Film.objects.get(slug="hellbound-2021")
    assert series.kind == Film.Kind.SERIES
    season = series.seasons.get()
    first, second = season.episodes.order_by("number")
    recap = Review.objects.get(episode=first)
    season_review = Review.objects.get(season=season, episode__isnull=True)
    assert recap.is_published() and season_review.is_published()
    assert (recap.film, recap.season) == (series, season)

    page = client.get(recap.get_absolute_url())
    assert page.status_code == 200
    assert "TVEpisode" in page.content.decode()
    assert client.get(second.get_absolute_url()).status_code == 200
    guest = Credit.objects.get(episode=second)
    assert guest.person.name == "Park Jeong-min"

    feed = client.get("/feed/").content.decode()
    assert recap.title.replace("&", "&amp;") in feed
    assert season_review.title in feed
    seasons = client.get("/sitemap-seasons.xml").content.decode()
    episodes = client.get("/sitemap-episodes.xml").content.decode()
    assert f"http://testserver{season.get_absolute_url()}" in seasons
    for episode in (first, second):
        assert f"http://testserver{episode.get_absolute_url()}" in episodes

"""The demo's series: Hellbound, its first season and two episodes, a recap of
the first episode and a review of the season. Like the rest of the demo, only
what is missing is created, so a second run changes nothing."""

import datetime

from people.models import Author, Person, PersonAlias
from reviews.library.models import add_to_library
from reviews.models import (
    Credit,
    Episode,
    Film,
    Genre,
    Provider,
    Review,
    Season,
    WatchOption,
)

UTC = datetime.UTC

PEOPLE = {
    # slug: (name, sort name, native name)
    "yeon-sang-ho": ("Yeon Sang-ho", "Yeon Sang-ho", "연상호"),
    "kim-hyun-joo": ("Kim Hyun-joo", "Kim Hyun-joo", "김현주"),
    "park-jeong-min": ("Park Jeong-min", "Park Jeong-min", "박정민"),
}

SERIES = {
    "slug": "hellbound-2021",
    "title": "Hellbound",
    "original_title": "지옥",
    "kind": Film.Kind.SERIES,
    "year": 2021,
    "release_date": datetime.date(2021, 11, 19),
    "countries": "KR",
    "languages": "ko",
    "logline": (
        "Supernatural beings appear out of nowhere to condemn people to hell, and a "
        "religious group rises on the fear they leave behind."
    ),
}

SEASON = {
    "number": 1,
    "air_date": datetime.date(2021, 11, 19),
    "synopsis": "A city learns to live with public, announced damnations.",
}

EPISODES = [
    {
        "number": 1,
        "title": "Episode 1",
        "air_date": datetime.date(2021, 11, 19),
        "runtime_minutes": 59,
        "synopsis": "A detective looks into a decree that came with a time of death.",
    },
    {
        "number": 2,
        "title": "Episode 2",
        "air_date": datetime.date(2021, 11, 19),
        "runtime_minutes": 56,
        "synopsis": "A single mother is told the hour she will be taken.",
    },
]

# (person slug, role, character, billing order, episode number or None)
CREDITS = [
    ("yeon-sang-ho", Credit.Role.DIRECTOR, "", 0, None),
    ("kim-hyun-joo", Credit.Role.CAST, "Min Hye-jin", 1, None),
    ("park-jeong-min", Credit.Role.CAST, "Bae Young-jae", 1, 2),
]

REVIEWS = {
    "hellbound-season-1-episode-1-recap": {
        "title": "Hellbound – Episode 1 Recap | Netflix Korean Horror Series",
        "episode": 1,
        "excerpt": "The first episode of HELLBOUND wastes no time: a decree, a "
        "countdown and three beings of smoke in broad daylight.",
        "body": "<p>Hellbound opens with a café, a stranger’s face and a time of "
        "death read aloud. From there the episode follows the detective who cannot "
        "let the case go.</p><p>It is a brutal, confident first hour, and it ends "
        "exactly where you want the next one to start.</p>",
        "verdict": "A brutal, confident opening hour.",
        "rating": None,
        "published_at": datetime.datetime(2021, 11, 19, 12, 0, tzinfo=UTC),
    },
    "hellbound-season-1-review": {
        "title": "Hellbound Season 1 – Review | Netflix Korean Horror Series",
        "episode": None,
        "excerpt": "HELLBOUND season 1 on Netflix is a grim, gripping look at what "
        "fear does to a city, from the director of Train to Busan.",
        "body": "<p>Yeon Sang-ho’s series asks what people do when hell is real "
        "and announced in advance, and the answer is rarely kind.</p><p>Kim "
        "Hyun-joo anchors the season as a lawyer who refuses the new order.</p>",
        "verdict": "Grim, gripping and worth the binge.",
        "rating": 8,
        "published_at": datetime.datetime(2021, 11, 26, 9, 0, tzinfo=UTC),
    },
}


def load_demo_series(result, *, author: Author, netflix: Provider, poster_image):
    """Create the demo series and its reviews where missing. `poster_image`
    draws the demo's gradient cards (`reviews.demo.poster_image`)."""
    people = {}
    for slug, (name, sort_name, native) in PEOPLE.items():
        person, created = Person.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_name": sort_name}
        )
        people[slug] = result.add(person, created)
        result.add(
            *PersonAlias.objects.get_or_create(
                person=person, name=native, defaults={"kind": "native"}
            )
        )

    facts = dict(SERIES)
    series, created = Film.objects.get_or_create(slug=facts.pop("slug"), defaults=facts)
    result.add(series, created)
    if created:
        series.genres.set(
            Genre.objects.get_or_create(name=name)[0] for name in ("Horror", "Drama")
        )
    season = result.add(
        *Season.objects.get_or_create(
            series=series, number=SEASON["number"], defaults=SEASON
        )
    )
    episodes = {}
    for facts in EPISODES:
        episode, created = Episode.objects.get_or_create(
            season=season, number=facts["number"], defaults=facts
        )
        episodes[episode.number] = result.add(episode, created)

    for person_slug, role, character, order, episode_number in CREDITS:
        episode = episodes[episode_number] if episode_number else None
        result.add(
            *Credit.objects.get_or_create(
                film=series,
                season=season if episode else None,
                episode=episode,
                person=people[person_slug],
                role=role,
                character=character,
                defaults={"billing_order": order},
            )
        )
    result.add(
        *WatchOption.objects.get_or_create(
            film=series,
            provider=netflix,
            region="",
            kind="subscription",
            available_from=SEASON["air_date"],
        )
    )

    for slug, spec in REVIEWS.items():
        if Review.objects.filter(slug=slug).exists():
            continue
        episode = episodes.get(spec["episode"])
        review = Review(
            slug=slug,
            title=spec["title"],
            film=series,
            season=season,
            episode=episode,
            author=author,
            excerpt=spec["excerpt"],
            body=spec["body"],
            verdict=spec["verdict"],
            rating=spec["rating"],
            status=Review.Status.PUBLISHED,
            published_at=spec["published_at"],
        )
        review.hero, _ = add_to_library(
            file=poster_image(series.title, ((30, 30, 35), (90, 10, 10))),
            name=f"demo/{slug}.jpg",
            alt_text="Three figures of smoke over a city street at dusk.",
            credit="Illustration: Heaven demo",
        )
        if series.poster_id is None:
            series.poster = review.hero
            series.save(update_fields=["poster", "updated_at"])
        review.full_clean()
        review.save()
        review.tags.set(["Korean", "Netflix", "series"])
        result.add(review, True)

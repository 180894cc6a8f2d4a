"""The demo site's content: the Ballerina (2023) review and the people around it
(the demo series lives in `demo_series.py`, pages and menus in `demo_pages.py`).

`load_demo_content` only ever creates what is missing, so running it again changes
nothing, and an editor's changes to demo rows are never overwritten.
"""

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from people.models import Author, Person, PersonAlias
from reviews.demo_pages import load_demo_list, load_demo_pages
from reviews.demo_series import load_demo_series
from reviews.library.models import add_to_library
from reviews.models import (
    ContentWarning,
    Credit,
    Film,
    Genre,
    Provider,
    Review,
    WatchOption,
)

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
UTC = datetime.UTC

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "heaven-demo"  # noqa: S105 - a local demo login, printed on purpose

KARINA_BIO = (
    "I write reviews and recaps on Heaven of Horror. And yes, it does happen that I "
    "find myself screaming, when watching a good horror movie. I love psychological "
    "horror, survival horror and kick-ass women. Also, I have a huge soft spot for a "
    "good horror-comedy. Oh yeah, and I absolutely HATE when animals are harmed in "
    "movies, so I will immediately think less of any movie, where animals are harmed "
    "for entertainment (even if the animals are just really good actors). "
    "Fortunately, horror doesn't use this nearly as much as comedy. And people assume "
    "horror lovers are the messed up ones. Go figure!"
)

PEOPLE = {
    # slug: (name, sort name, [(alias, kind, note)])
    "lee-chung-hyun": ("Lee Chung-hyun", "Lee Chung-hyun", [("이충현", "native", "")]),
    "jun-jong-seo": (
        "Jun Jong-seo",
        "Jun Jong-seo",
        [
            ("Jeon Jong-seo", "romanization", "as listed on IMDb"),
            ("전종서", "native", "Korean"),
        ],
    ),
    "kim-ji-hoon": ("Kim Ji-hoon", "Kim Ji-hoon", [("김지훈", "native", "")]),
    "park-yu-rim": ("Park Yu-rim", "Park Yu-rim", [("박유림", "native", "")]),
    "park-shin-hye": ("Park Shin-hye", "Park Shin-hye", [("박신혜", "native", "")]),
    "ryusuke-hamaguchi": (
        "Ryusuke Hamaguchi",
        "Hamaguchi, Ryusuke",
        [("濱口竜介", "native", "")],
    ),
    "hidetoshi-nishijima": (
        "Hidetoshi Nishijima",
        "Nishijima, Hidetoshi",
        [("西島秀俊", "native", "")],
    ),
}

FILMS = {
    "ballerina-2023": {
        "title": "Ballerina",
        "original_title": "발레리나",
        "year": 2023,
        "release_date": datetime.date(2023, 10, 6),
        "runtime_minutes": 94,
        "countries": "KR",
        "languages": "ko",
        "logline": (
            "Grieving the loss of a best friend she couldn’t protect, ex-bodyguard "
            "Ok-ju sets out to fulfill her dear friend’s last wish: sweet, sweet revenge."
        ),
        "genres": ["Action", "Thriller"],
        "credits": [
            ("lee-chung-hyun", "director", "", 0, None),
            ("lee-chung-hyun", "writer", "", 0, None),
            ("jun-jong-seo", "cast", "Ok-ju", 1, None),
            ("kim-ji-hoon", "cast", "Choi", 2, None),
            ("park-yu-rim", "cast", "Min-hee", 3, None),
        ],
        "watch": [("Netflix", "", "subscription", datetime.date(2023, 10, 6))],
    },
    "the-call-2020": {
        "title": "The Call",
        "original_title": "콜",
        "year": 2020,
        "release_date": datetime.date(2020, 11, 27),
        "runtime_minutes": 112,
        "countries": "KR",
        "languages": "ko",
        "logline": (
            "Two women living in the same house twenty years apart are connected by "
            "a phone call, and one of them is a serial killer."
        ),
        "genres": ["Horror", "Thriller", "Mystery"],
        "credits": [
            ("lee-chung-hyun", "director", "", 0, None),
            ("lee-chung-hyun", "writer", "", 0, None),
            ("park-shin-hye", "cast", "Seo-yeon", 1, None),
            ("jun-jong-seo", "cast", "Young-sook", 2, "Jeon Jong-seo"),
        ],
        "watch": [("Netflix", "", "subscription", datetime.date(2020, 11, 27))],
    },
    "drive-my-car-2021": {
        "title": "Drive My Car",
        "original_title": "ドライブ・マイ・カー",
        "year": 2021,
        "release_date": datetime.date(2021, 8, 20),
        "runtime_minutes": 179,
        "countries": "JP",
        "languages": "ja",
        "logline": (
            "A widowed stage actor and director, cast to stage Uncle Vanya in "
            "Hiroshima, forms a quiet bond with the young woman assigned to drive him."
        ),
        "genres": ["Drama"],
        "credits": [
            ("ryusuke-hamaguchi", "director", "", 0, None),
            ("ryusuke-hamaguchi", "writer", "", 0, None),
            ("hidetoshi-nishijima", "cast", "Yusuke Kafuku", 1, None),
            ("park-yu-rim", "cast", "Lee Yoon-a", 2, None),
        ],
        "watch": [],
    },
}

REVIEWS = {
    "the-call-2020-review": {
        "title": "The Call (2020) – Review | Netflix Horror-Thriller",
        "film": "the-call-2020",
        "body_file": "the-call-2020.html",
        "excerpt": (
            "THE CALL (2020) is a damn brutal Korean horror-thriller on Netflix, "
            "connecting two women twenty years apart through one old telephone."
        ),
        "verdict": "A damn brutal horror-thriller with twists until the very last second.",
        "rating": 8,
        "published_at": datetime.datetime(2020, 11, 27, 9, 0, tzinfo=UTC),
        "hero_alt": "A cordless telephone on a dark kitchen table, lit in red.",
        "tags": ["Korean", "Netflix", "time travel", "serial killer"],
        "warnings": ["Graphic violence"],
        "related": [],
        "colours": ((60, 10, 20), (10, 10, 30)),
    },
    "ballerina-2023-review": {
        "title": "Ballerina (2023) – Review | Netflix Revenge Thriller",
        "film": "ballerina-2023",
        "body_file": "ballerina-2023.html",
        "excerpt": (
            "BALLERINA (2023) on Netflix is a female-led Korean revenge thriller. It "
            "has an extremely tough and no-nonsense protagonist that you can’t help "
            "but root for. As you should. Especially as the people she’s fighting are "
            "brutal gangsters. Read our full Ballerina movie review here and find it "
            "on Netflix now!"
        ),
        "verdict": (
            "If you’re not sure what to watch this Friday night, Ballerina is a "
            "solid choice!"
        ),
        "rating": None,
        "published_at": datetime.datetime(2023, 10, 6, 9, 0, tzinfo=UTC),
        "hero_alt": (
            "Ok-ju, in black, stands in a neon-lit corridor holding a pair of "
            "pink ballet shoes."
        ),
        "tags": ["Korean", "Netflix", "revenge", "action thriller"],
        "warnings": ["Graphic violence"],
        "related": ["the-call-2020-review"],
        "colours": ((120, 20, 60), (20, 10, 40)),
    },
}


@dataclass
class DemoResult:
    created: list[str] = field(default_factory=list)

    def add(self, obj, was_created: bool):
        if was_created:
            self.created.append(f"{obj._meta.verbose_name}: {obj}")
        return obj


def poster_image(title: str, colours: tuple) -> ContentFile:
    """A gradient card with the title, so the demo has real images to resize."""
    width, height = 1600, 900
    top, bottom = colours
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(
                round(a + (b - a) * mix) for a, b in zip(top, bottom, strict=True)
            ),
        )
    font = ImageFont.load_default(size=96)
    draw.text((80, height - 220), title, fill=(245, 240, 235), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue())


@transaction.atomic
def load_demo_content(*, with_admin: bool = True) -> DemoResult:
    result = DemoResult()
    User = get_user_model()

    if with_admin and not User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
        admin = User.objects.create_superuser(
            DEMO_ADMIN_USERNAME, "admin@example.com", DEMO_ADMIN_PASSWORD
        )
        result.add(admin, True)

    writer, created = User.objects.get_or_create(
        username="karina",
        defaults={"first_name": "Karina", "last_name": "Adelgaard", "is_staff": True},
    )
    if created:
        writer.set_unusable_password()
        writer.save()
    result.add(writer, created)
    author = result.add(
        *Author.objects.get_or_create(
            slug="karina-adelgaard",
            defaults={
                "user": writer,
                "display_name": "Karina Adelgaard",
                "nickname": "ScreamQueen",
                "bio": KARINA_BIO,
            },
        )
    )

    people = {}
    for slug, (name, sort_name, aliases) in PEOPLE.items():
        person, created = Person.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_name": sort_name}
        )
        people[slug] = result.add(person, created)
        for alias_name, kind, note in aliases:
            result.add(
                *PersonAlias.objects.get_or_create(
                    person=person,
                    name=alias_name,
                    defaults={"kind": kind, "note": note},
                )
            )

    netflix = result.add(
        *Provider.objects.get_or_create(
            slug="netflix",
            defaults={"name": "Netflix", "homepage": "https://www.netflix.com/"},
        )
    )
    providers = {"Netflix": netflix}

    films = {}
    for slug, facts in FILMS.items():
        facts = dict(facts)
        genres, credits, watch = (
            facts.pop("genres"),
            facts.pop("credits"),
            facts.pop("watch"),
        )
        film, created = Film.objects.get_or_create(slug=slug, defaults=facts)
        films[slug] = result.add(film, created)
        if created:
            film.genres.set(
                Genre.objects.get_or_create(name=name)[0] for name in genres
            )
        for person_slug, role, character, order, alias_name in credits:
            person = people[person_slug]
            credited_as = person.aliases.get(name=alias_name) if alias_name else None
            result.add(
                *Credit.objects.get_or_create(
                    film=film,
                    person=person,
                    role=role,
                    character=character,
                    defaults={"billing_order": order, "credited_as": credited_as},
                )
            )
        for provider_name, region, kind, available_from in watch:
            result.add(
                *WatchOption.objects.get_or_create(
                    film=film,
                    provider=providers[provider_name],
                    region=region,
                    kind=kind,
                    available_from=available_from,
                )
            )

    reviews = {}
    for slug, spec in REVIEWS.items():
        review = Review.objects.filter(slug=slug).first()
        if review is None:
            review = Review(
                slug=slug,
                title=spec["title"],
                film=films[spec["film"]],
                author=author,
                excerpt=spec["excerpt"],
                body=(CONTENT_DIR / spec["body_file"]).read_text(encoding="utf-8"),
                verdict=spec["verdict"],
                rating=spec["rating"],
                status=Review.Status.PUBLISHED,
                published_at=spec["published_at"],
            )
            # One library image serves as the review's hero and the film's poster.
            review.hero, _ = add_to_library(
                file=poster_image(films[spec["film"]].title, spec["colours"]),
                name=f"demo/{slug}.jpg",
                alt_text=spec["hero_alt"],
                credit="Illustration: Heaven demo",
            )
            film = films[spec["film"]]
            if film.poster_id is None:
                film.poster = review.hero
                film.save(update_fields=["poster", "updated_at"])
            review.full_clean()
            review.save()
            review.tags.set(spec["tags"])
            review.content_warnings.set(
                ContentWarning.objects.get_or_create(name=name)[0]
                for name in spec["warnings"]
            )
            review.related_reviews.set(reviews[other] for other in spec["related"])
            result.add(review, True)
        reviews[slug] = review

    load_demo_series(result, author=author, netflix=netflix, poster_image=poster_image)
    load_demo_pages(result)
    load_demo_list(result)
    return result

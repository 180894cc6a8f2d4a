"""The data migration that moves hero images, posters and people's and authors'
photos into the image library, with their alt text, and back."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from PIL import Image as PILImage

from people.models import Author, Person
from reviews.models import Film, Image, Review

BEFORE = [
    ("reviews", "0015_image_focal_point"),
    ("people", "0005_bios_in_paragraphs"),
]


def stored_jpeg(name, colour) -> str:
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 500), colour).save(buffer, format="JPEG")
    return default_storage.save(name, ContentFile(buffer.getvalue()))


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor.loader.project_state(targets).apps if targets else None


@pytest.fixture
def old_apps(media_root):
    """The models as they were before the library took over, migrated forward
    again afterwards whatever the test did."""
    apps = migrate(BEFORE)
    yield apps
    migrate(None)


@pytest.mark.django_db(transaction=True)
def test_old_uploads_move_into_the_library_with_their_alt_text(old_apps, capsys):
    OldFilm = old_apps.get_model("reviews", "Film")
    OldReview = old_apps.get_model("reviews", "Review")
    OldPerson = old_apps.get_model("people", "Person")
    OldAuthor = old_apps.get_model("people", "Author")

    poster = stored_jpeg("posters/ballerina.jpg", (120, 20, 60))
    film = OldFilm.objects.create(
        title="Ballerina",
        slug="ballerina-2023",
        year=2023,
        poster=poster,
        poster_alt="Ok-ju holding pink ballet shoes",
    )
    no_alt = OldFilm.objects.create(
        title="The Call",
        slug="the-call-2020",
        year=2020,
        poster=stored_jpeg("posters/the-call.jpg", (10, 10, 30)),
    )
    lost = OldFilm.objects.create(
        title="Smile", slug="smile-2022", poster="posters/gone.jpg", poster_alt="Gone"
    )
    OldReview.objects.create(
        title="Ballerina review",
        slug="ballerina-review",
        film=film,
        hero_image=stored_jpeg("reviews/hero.jpg", (160, 20, 40)),
        hero_alt="Jun Jong-seo in a neon-lit corridor",
        hero_credit="Photo: Netflix",
    )
    # The same picture as the poster, uploaded again as a hero: stored once.
    OldReview.objects.create(
        title="Ballerina, again",
        slug="ballerina-again",
        film=film,
        hero_image=poster,
        hero_alt="",
    )
    OldPerson.objects.create(
        name="Jun Jong-seo",
        slug="jun-jong-seo",
        photo=stored_jpeg("people/jun.jpg", (200, 180, 160)),
        photo_alt="Jun Jong-seo smiling at a premiere",
    )
    OldPerson.objects.create(
        name="Park Shin-hye",
        slug="park-shin-hye",
        photo=stored_jpeg("people/park.jpg", (180, 160, 200)),
    )
    OldAuthor.objects.create(
        display_name="Karina Adelgaard",
        slug="karina",
        photo=stored_jpeg("authors/karina.jpg", (90, 90, 90)),
    )

    migrate(None)

    ballerina = Film.objects.get(slug="ballerina-2023")
    assert ballerina.poster.file.name == "posters/ballerina.jpg"  # not copied
    assert ballerina.poster.alt_text == "Ok-ju holding pink ballet shoes"
    assert (ballerina.poster.width, ballerina.poster.height) == (900, 500)
    assert (
        Film.objects.get(pk=no_alt.pk).poster.alt_text == "Poster for The Call (2020)"
    )
    assert Film.objects.get(pk=lost.pk).poster is None
    assert "posters/gone.jpg" in capsys.readouterr().out

    hero = Review.objects.get(slug="ballerina-review").hero
    assert hero.alt_text == "Jun Jong-seo in a neon-lit corridor"
    assert hero.credit == "Photo: Netflix"
    assert Review.objects.get(slug="ballerina-again").hero == ballerina.poster

    assert (
        Person.objects.get(slug="jun-jong-seo").photo.alt_text
        == "Jun Jong-seo smiling at a premiere"
    )
    assert (
        Person.objects.get(slug="park-shin-hye").photo.alt_text
        == "Photo of Park Shin-hye"
    )
    author_photo = Author.objects.get(slug="karina").photo
    assert author_photo.alt_text == "Photo of Karina Adelgaard"
    assert Image.objects.count() == 6  # 7 uploads, one of them twice, one lost


@pytest.mark.django_db(transaction=True)
def test_the_migration_runs_backwards_to_the_old_fields(old_apps):
    migrate(None)
    image = Image.objects.create(
        file=stored_jpeg("library/still.jpg", (20, 90, 160)),
        alt_text="Ok-ju walks into the club",
        credit="Photo: Netflix",
        checksum="a" * 64,
    )
    film = Film.objects.create(title="Ballerina", slug="ballerina", poster=image)
    Review.objects.create(title="Ballerina review", film=film, hero=image)
    Person.objects.create(name="Jun Jong-seo", photo=image)

    apps = migrate(BEFORE)

    review = apps.get_model("reviews", "Review").objects.get()
    assert review.hero_image.name == "library/still.jpg"
    assert (review.hero_alt, review.hero_credit) == (
        "Ok-ju walks into the club",
        "Photo: Netflix",
    )
    old_film = apps.get_model("reviews", "Film").objects.get()
    assert old_film.poster.name == "library/still.jpg"
    assert old_film.poster_alt == "Ok-ju walks into the club"
    person = apps.get_model("people", "Person").objects.get()
    assert person.photo_alt == "Ok-ju walks into the club"


@pytest.mark.django_db(transaction=True)
def test_unreadable_and_oversized_uploads_are_listed_not_fatal(old_apps, capsys):
    OldReview = old_apps.get_model("reviews", "Review")
    OldPerson = old_apps.get_model("people", "Person")
    html_page = default_storage.save("reviews/error.jpg", ContentFile(b"<html>404"))
    bomb = io.BytesIO()
    PILImage.new("1", (9000, 9000)).save(bomb, format="PNG")  # 81 M pixels
    huge = default_storage.save("people/huge.png", ContentFile(bomb.getvalue()))
    shared = stored_jpeg("reviews/shared.jpg", (10, 200, 30))
    OldReview.objects.create(title="Broken", slug="broken", hero_image=html_page)
    OldReview.objects.create(
        title="First", slug="first", hero_image=shared, hero_alt="A green field"
    )
    OldReview.objects.create(
        title="Second", slug="second", hero_image=shared, hero_alt="Grass up close"
    )
    OldPerson.objects.create(name="Big Photo", slug="big-photo", photo=huge)

    migrate(None)

    said = capsys.readouterr().out
    assert "reviews/error.jpg" in said and "people/huge.png" in said
    assert Review.objects.get(slug="broken").hero is None
    assert Person.objects.get(slug="big-photo").photo is None
    # One picture, one alt text: the other is named for an editor to look at.
    kept = Review.objects.get(slug="second").hero.alt_text
    dropped = ({"A green field", "Grass up close"} - {kept}).pop()
    assert f"reviews/shared.jpg: {dropped}" in said

"""Hero images and posters become foreign keys to the image library.

Each old upload becomes a library image (reused when the same bytes are already in
the library, by checksum) that keeps the file where it is, so renditions made
before stay valid. The library requires alt text: an upload without any gets an
honest description of what it is ("Poster for Ballerina (2023)", "Image for the
review of Ballerina (2023)"), replaced by the real alt text of a later upload of
the same picture. A file missing from storage cannot become a library
image (its size cannot be read); the row loses the dead reference, which showed
nothing already, and the migration lists it so an editor can upload it again.

Reversible: going back copies each library image's file, alt text and credit into
the old fields; the library images stay.
"""

import hashlib

from django.db import migrations, models
from PIL import Image as PILImage


def film_label(film) -> str:
    return f"{film.title} ({film.year})" if film.year else film.title


class Moves:
    """What the move learnt so far: files missing from storage, and the images it
    described with a fallback, which a later row's own alt text replaces."""

    def __init__(self):
        self.missing = []
        self.unreadable = []
        self.other_text = []  # (file, alt text) of a picture already described
        self.described_by_fallback = set()


def library_image(Image, field_file, *, alt_text, fallback, credit="", moves):
    """The library image holding `field_file`, made or reused; None when the
    file is missing from storage."""
    digest = hashlib.sha256()
    width = height = None
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
            handle.seek(0)
            try:
                with PILImage.open(handle) as picture:
                    width, height = picture.size
            except Exception:  # not a picture, or a decompression bomb
                pass
    except OSError:
        moves.missing.append(field_file.name)
        return None
    if not (width and height):
        # The library cannot hold it (its size is unknown); the page showed
        # nothing for it already.
        moves.unreadable.append(field_file.name)
        return None
    checksum = digest.hexdigest()
    alt_text = alt_text.strip()[:250]
    found = Image.objects.filter(checksum=checksum).first()
    if found is not None:
        if alt_text and found.pk in moves.described_by_fallback:
            found.alt_text = alt_text
            found.save(update_fields=["alt_text"])
            moves.described_by_fallback.discard(found.pk)
        elif alt_text and alt_text != found.alt_text:
            moves.other_text.append((field_file.name, alt_text))
        if credit.strip() and credit.strip() != found.credit:
            moves.other_text.append((field_file.name, f"credit {credit.strip()}"))
        return found
    image = Image.objects.create(
        file=field_file.name,
        alt_text=alt_text or fallback[:250],
        credit=credit.strip()[:200],
        checksum=checksum,
        width=width,
        height=height,
    )
    if not alt_text:
        moves.described_by_fallback.add(image.pk)
    return image


def report(moves):
    """Tell whoever runs the migration what an editor has to look at."""
    lists = [
        ("Missing from storage, not moved to the image library (upload them "
         "again)", sorted(set(moves.missing))),
        ("Not readable as pictures, not moved to the image library (upload them "
         "again)", sorted(set(moves.unreadable))),
        ("The same picture was used with other alt text or credit; the library "
         "keeps the first, these were not kept", [f"{name}: {alt}" for name, alt in moves.other_text]),
    ]  # fmt: skip
    for heading, items in lists:
        if items:
            print(f"\n  {heading}: " + "; ".join(items))


def into_library(apps, schema_editor):
    Image = apps.get_model("reviews", "Image")
    Review = apps.get_model("reviews", "Review")
    Film = apps.get_model("reviews", "Film")
    moves = Moves()
    for review in Review.objects.exclude(hero_image="").select_related("film"):
        subject = film_label(review.film) if review.film else f"“{review.title}”"
        review.hero = library_image(
            Image,
            review.hero_image,
            alt_text=review.hero_alt,
            fallback=f"Image for the review of {subject}",
            credit=review.hero_credit,
            moves=moves,
        )
        review.save(update_fields=["hero"])
    for film in Film.objects.exclude(poster=""):
        film.library_poster = library_image(
            Image,
            film.poster,
            alt_text=film.poster_alt,
            fallback=f"Poster for {film_label(film)}",
            moves=moves,
        )
        film.save(update_fields=["library_poster"])
    report(moves)


def out_of_library(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    Film = apps.get_model("reviews", "Film")
    for review in Review.objects.filter(hero__isnull=False).select_related("hero"):
        review.hero_image = review.hero.file.name
        review.hero_alt = review.hero.alt_text
        review.hero_credit = review.hero.credit
        review.save(update_fields=["hero_image", "hero_alt", "hero_credit"])
    for film in Film.objects.filter(library_poster__isnull=False).select_related(
        "library_poster"
    ):
        film.poster = film.library_poster.file.name
        film.poster_alt = film.library_poster.alt_text
        film.save(update_fields=["poster", "poster_alt"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0015_image_focal_point"),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="hero",
            field=models.ForeignKey(
                blank=True,
                help_text="From the image library, which holds its alt text and "
                "credit. Use + to upload a new one.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="hero_of",
                to="reviews.image",
                verbose_name="hero image",
            ),
        ),
        # A new name first: the old `poster` file field holds the data to move.
        migrations.AddField(
            model_name="film",
            name="library_poster",
            field=models.ForeignKey(
                blank=True,
                help_text="From the image library, which holds its alt text and "
                "credit. Use + to upload a new one.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="poster_of",
                to="reviews.image",
            ),
        ),
        # The old fields go in 0017: PostgreSQL refuses to alter a table in the
        # transaction that wrote rows to it with deferred constraint checks pending.
        migrations.RunPython(into_library, out_of_library, elidable=False),
    ]

"""People's and authors' photos become foreign keys to the image library.

As reviews 0016 does for heroes and posters: each old upload becomes a library
image (reused by checksum) that keeps its file where it is. A person's photo
without alt text is described as "Photo of <name>", an author's as "Photo of
<display name>" (the author page used the byline as its alt). A file missing from
storage is listed, not moved.

Reversible: going back copies each library image's file (and alt text, for a
person) into the old fields; the library images stay.
"""

import hashlib

from django.db import migrations, models
from PIL import Image as PILImage


class Moves:
    """What the move learnt so far: files missing from storage, and the images it
    described with a fallback, which a later row's own alt text replaces."""

    def __init__(self):
        self.missing = []
        self.unreadable = []
        self.other_text = []  # (file, alt text) of a picture already described
        self.described_by_fallback = set()


def library_image(Image, field_file, *, alt_text, fallback, moves):
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
        return found
    image = Image.objects.create(
        file=field_file.name,
        alt_text=alt_text or fallback[:250],
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
        ("The same picture was used with other alt text; the library keeps the "
         "first, these were not kept", [f"{name}: {alt}" for name, alt in moves.other_text]),
    ]  # fmt: skip
    for heading, items in lists:
        if items:
            print(f"\n  {heading}: " + "; ".join(items))


def into_library(apps, schema_editor):
    Image = apps.get_model("reviews", "Image")
    moves = Moves()
    for person in apps.get_model("people", "Person").objects.exclude(photo=""):
        person.library_photo = library_image(
            Image,
            person.photo,
            alt_text=person.photo_alt,
            fallback=f"Photo of {person.name}",
            moves=moves,
        )
        person.save(update_fields=["library_photo"])
    for author in apps.get_model("people", "Author").objects.exclude(photo=""):
        author.library_photo = library_image(
            Image,
            author.photo,
            alt_text="",
            fallback=f"Photo of {author.display_name}",
            moves=moves,
        )
        author.save(update_fields=["library_photo"])
    report(moves)


def out_of_library(apps, schema_editor):
    for person in (
        apps.get_model("people", "Person")
        .objects.filter(library_photo__isnull=False)
        .select_related("library_photo")
    ):
        person.photo = person.library_photo.file.name
        person.photo_alt = person.library_photo.alt_text
        person.save(update_fields=["photo", "photo_alt"])
    for author in (
        apps.get_model("people", "Author")
        .objects.filter(library_photo__isnull=False)
        .select_related("library_photo")
    ):
        author.photo = author.library_photo.file.name
        author.save(update_fields=["photo"])


def photo_field(related_name):
    return models.ForeignKey(
        blank=True,
        help_text="From the image library, which holds its alt text and credit.",
        null=True,
        on_delete=models.deletion.PROTECT,
        related_name=related_name,
        to="reviews.image",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_bios_in_paragraphs"),
        ("reviews", "0017_remove_old_hero_and_poster_fields"),
    ]

    operations = [
        # New names first: the old `photo` file fields hold the data to move.
        migrations.AddField(
            model_name="person",
            name="library_photo",
            field=photo_field("photo_of_people"),
        ),
        migrations.AddField(
            model_name="author",
            name="library_photo",
            field=photo_field("photo_of_authors"),
        ),
        # The old fields go in 0007: PostgreSQL refuses to alter a table in the
        # transaction that wrote rows to it with deferred constraint checks pending.
        migrations.RunPython(into_library, out_of_library, elidable=False),
    ]

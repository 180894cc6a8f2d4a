"""The upload fields that 0016 moved into the image library go; `Film.poster`
becomes the name of the library poster. Reversible: the fields come back empty
and 0016, run backwards, fills them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0016_library_heroes_and_posters"),
    ]

    operations = [
        migrations.RemoveField(model_name="review", name="hero_image"),
        migrations.RemoveField(model_name="review", name="hero_alt"),
        migrations.RemoveField(model_name="review", name="hero_credit"),
        migrations.RemoveField(model_name="film", name="poster"),
        migrations.RemoveField(model_name="film", name="poster_alt"),
        migrations.RenameField(
            model_name="film", old_name="library_poster", new_name="poster"
        ),
    ]

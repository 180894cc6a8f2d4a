"""The photo upload fields that 0006 moved into the image library go; `photo`
becomes the name of the library photo. Reversible: the fields come back empty and
0006, run backwards, fills them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_library_photos"),
    ]

    operations = [
        migrations.RemoveField(model_name="person", name="photo"),
        migrations.RemoveField(model_name="person", name="photo_alt"),
        migrations.RemoveField(model_name="author", name="photo"),
        migrations.RenameField(
            model_name="person", old_name="library_photo", new_name="photo"
        ),
        migrations.RenameField(
            model_name="author", old_name="library_photo", new_name="photo"
        ),
    ]

"""Bios in the markup the bio editor can make, so editing one later loses
nothing: <cite> becomes <em> and <span lang> its text (`people.bios.sanitize_bio`,
run as it is when this migration runs). Irreversible in content."""

from django.db import migrations


def bios_in_editor_markup(apps, schema_editor):
    from people.bios import sanitize_bio

    for name in ("Person", "Author"):
        model = apps.get_model("people", name)
        for pk, bio in model.objects.exclude(bio="").values_list("pk", "bio").iterator():
            cleaned = sanitize_bio(bio)
            if cleaned != bio:
                model.objects.filter(pk=pk).update(bio=cleaned)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_remove_old_photo_fields"),
    ]

    operations = [
        migrations.RunPython(bios_in_editor_markup, migrations.RunPython.noop),
    ]

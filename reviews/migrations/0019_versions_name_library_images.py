"""Saved review versions (django-reversion; reviews are the model it keeps) from
before the image library name their hero by file name; 0016 made those files
library images. Point each such version at its library image, so restoring or
comparing an old version keeps its picture instead of emptying it. A file the library does
not hold by that name keeps the row's current picture. Not reversible in content
(going back leaves the versions as they are: an old version restored then keeps
its picture)."""

import json

from django.db import migrations

# model → (its library image field, the old fields, file name first)
OLD_FIELDS = {
    ("reviews", "review"): ("hero", ("hero_image", "hero_alt", "hero_credit")),
}


def versions_name_library_images(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Version = apps.get_model("reversion", "Version")
    Image = apps.get_model("reviews", "Image")
    image_by_file = dict(Image.objects.values_list("file", "pk"))
    for (app_label, model_name), (key, old_fields) in OLD_FIELDS.items():
        content_type = ContentType.objects.filter(
            app_label=app_label, model=model_name
        ).first()
        if content_type is None:
            continue
        model = apps.get_model(app_label, model_name)
        current = dict(model.objects.values_list("pk", f"{key}_id"))
        versions = Version.objects.filter(content_type=content_type, format="json")
        for version in versions.iterator():
            objects = json.loads(version.serialized_data)
            changed = False
            for obj in objects:
                fields = obj.get("fields", {})
                old_name = fields.get(old_fields[0])
                # A file name (text) is the old form; the new one is an id or null.
                if not isinstance(old_name, str):
                    continue
                for name in old_fields:
                    fields.pop(name, None)
                fields[key] = image_by_file.get(old_name) if old_name else None
                if old_name and fields[key] is None:
                    fields[key] = current.get(_pk(obj.get("pk")))
                changed = True
            if changed:
                version.serialized_data = json.dumps(objects)
                version.save(update_fields=["serialized_data"])


def _pk(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0018_bodies_in_editor_markup"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(versions_name_library_images, migrations.RunPython.noop),
    ]

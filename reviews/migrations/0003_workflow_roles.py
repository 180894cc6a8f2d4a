"""The Writers and Editors groups and the publish permission, so that a fresh
database has the roles the editorial workflow relies on."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from reviews.workflow import create_roles

    create_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("reviews", "0002_workflow"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]

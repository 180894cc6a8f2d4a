"""Writers add people (and their aliases): top up the Writers group's
permissions (reviews.workflow.WRITER_PERMISSIONS)."""

from django.db import migrations


def create_roles(apps, schema_editor):
    from reviews.workflow import create_roles

    create_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("reviews", "0024_wordpress_comments_page_ids_needs_title"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
    ]

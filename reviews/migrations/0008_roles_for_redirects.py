"""Give Editors the permissions of the models added since the roles were made
(redirects from imports). Any migration that adds a model should end like this."""

from django.db import migrations


def top_up_roles(apps, schema_editor):
    from reviews.workflow import create_roles

    create_roles(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_sitemap_indexes"),
        ("reviews", "0007_imports"),
    ]

    operations = [
        migrations.RunPython(top_up_roles, migrations.RunPython.noop),
    ]

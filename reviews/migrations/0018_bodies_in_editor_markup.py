"""Bodies in the markup the editor can make, so editing one later loses nothing:
<cite> becomes <em>, <q> quotation marks, <span lang> its text, and an empty
class="" goes (`reviews.body_markup.sanitize_body`, run as it is when this migration
runs). Mention addresses may be as long as a slug's percent-encoded form.
Irreversible in content: the old markup is not kept (versions still hold it)."""

from django.db import migrations, models


def bodies_in_editor_markup(apps, schema_editor):
    from reviews.body_markup import sanitize_body

    Review = apps.get_model("reviews", "Review")
    for pk, body in Review.objects.exclude(body="").values_list("pk", "body").iterator():
        cleaned = sanitize_body(body)
        if cleaned != body:
            Review.objects.filter(pk=pk).update(body=cleaned)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0017_remove_old_hero_and_poster_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mention",
            name="path",
            field=models.CharField(help_text="The address in the body.", max_length=2000),
        ),
        migrations.RunPython(bodies_in_editor_markup, migrations.RunPython.noop),
    ]

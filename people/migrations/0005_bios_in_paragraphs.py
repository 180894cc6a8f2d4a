import re

from django.db import migrations

# One paragraph and nothing else: what a bio from before the editor becomes.
ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p\b).)*)</p>", re.DOTALL)


def bios_in_paragraphs(apps, schema_editor):
    """Bios are edited in the rich-text editor and shown in a <div> from now on:
    give the ones saved before, loose text with inline tags, their paragraphs
    (the same rule a save applies, so a bio reads the same either way)."""
    from people.bios import sanitize_bio

    changed = 0
    for name in ("Person", "Author"):
        model = apps.get_model("people", name)
        for row in model.objects.exclude(bio="").only("pk", "bio").iterator():
            cleaned = sanitize_bio(row.bio)
            if cleaned != row.bio:
                changed += model.objects.filter(pk=row.pk).update(bio=cleaned)
    if changed:
        retire_cached_pages()


def retire_cached_pages():
    # update() sends no post_save, so the page cache would go on serving the
    # bios as they were; retire every cached page by hand.
    from heaven.page_cache import bump_content_version

    bump_content_version()


def bios_inline(apps, schema_editor):
    """Back to the pages that put the bio inside their own <p>: a one-paragraph
    bio loses its <p>. Longer bios keep theirs; no single <p> could hold them."""
    changed = 0
    for name in ("Person", "Author"):
        model = apps.get_model("people", name)
        for row in model.objects.filter(bio__startswith="<p>").only("pk", "bio"):
            if match := ONE_PARAGRAPH.fullmatch(row.bio):
                changed += model.objects.filter(pk=row.pk).update(bio=match[1])
    if changed:
        retire_cached_pages()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_checked_images_and_clean_bios"),
    ]

    operations = [
        migrations.RunPython(bios_in_paragraphs, bios_inline),
    ]

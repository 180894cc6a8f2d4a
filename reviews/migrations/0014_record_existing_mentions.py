import re
from urllib.parse import unquote

from django.db import migrations

# The rule of `reviews.mentions.record` as it stood when this migration was
# written, copied so the migration keeps working whatever that module becomes:
# a link in a (sanitized) body to /people/<slug>/ or /films/<slug>/ is a mention
# of the person (by their slug, or an alias's) or the film, one row per address.
INTERNAL_LINK = re.compile(r'<a\b[^>]*?\bhref="(/(people|films)/([^/"?#]+)/)"')
BATCH = 500


def record_existing_mentions(apps, schema_editor):
    """Reviews saved before mentions were recorded have no rows, so the person
    page's "Mentioned in" leaves them out until their next save: record them now.
    A review that has rows already was saved since, and its rows are right."""
    Review = apps.get_model("reviews", "Review")
    Mention = apps.get_model("reviews", "Mention")
    reviews = (
        Review.objects.filter(body__contains='href="/')
        .exclude(pk__in=Mention.objects.values("review_id"))
        .order_by("pk")
        .values_list("pk", "body")
    )
    recorded = 0
    batch = []
    for review in reviews.iterator(chunk_size=BATCH):
        batch.append(review)
        if len(batch) == BATCH:
            recorded += len(Mention.objects.bulk_create(_mentions(apps, batch)))
            batch = []
    recorded += len(Mention.objects.bulk_create(_mentions(apps, batch)))
    if recorded:
        # bulk_create sends no post_save: retire the cached person pages that
        # lack the new "Mentioned in" lines by hand.
        from heaven.page_cache import bump_content_version

        bump_content_version()


def _mentions(apps, reviews):
    """Mention rows for (pk, body) pairs, their slugs looked up in three queries."""
    Person = apps.get_model("people", "Person")
    PersonAlias = apps.get_model("people", "PersonAlias")
    Film = apps.get_model("reviews", "Film")
    Mention = apps.get_model("reviews", "Mention")
    # Left for the review's next save: a slug with a NUL names no page (and
    # databases refuse it), and an address too long for Mention.path here.
    links = {
        pk: [
            (path, section, unquote(slug))
            for path, section, slug in INTERNAL_LINK.findall(body)
            if len(path) <= 500 and "\x00" not in unquote(slug)
        ]
        for pk, body in reviews
    }
    wanted = {"people": set(), "films": set()}
    for found in links.values():
        for _, section, slug in found:
            wanted[section].add(slug)
    people = dict(Person.objects.filter(slug__in=wanted["people"]).values_list("slug", "pk"))
    people.update(
        PersonAlias.objects.filter(slug__in=wanted["people"] - people.keys()).values_list(
            "slug", "person_id"
        )
    )
    films = dict(Film.objects.filter(slug__in=wanted["films"]).values_list("slug", "pk"))
    rows = []
    for review_id, found in links.items():
        targets = {}  # one row per address, as a save records them
        for path, section, slug in found:
            target = (people if section == "people" else films).get(slug)
            if target is not None:
                targets[path] = (section, target)
        rows.extend(
            Mention(
                review_id=review_id,
                path=path,
                person_id=target if section == "people" else None,
                film_id=target if section == "films" else None,
            )
            for path, (section, target) in targets.items()
        )
    return rows


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_sitemap_indexes"),
        ("reviews", "0013_image_library"),
    ]

    operations = [
        # Rows a save would record anyway: nothing to take back.
        migrations.RunPython(record_existing_mentions, migrations.RunPython.noop),
    ]

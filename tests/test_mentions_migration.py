"""Reviews saved before mentions were recorded get their mention rows from a
migration, so a person's page lists them under "Mentioned in" without anyone
saving them again."""

import datetime
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from reviews.models import Mention
from tests.conftest import make_alias, make_author, make_film, make_person

BEFORE = [("reviews", "0013_image_library")]


def migrate_to_the_end():
    """Through 0014_record_existing_mentions and what follows it: today's models
    and views read only today's schema (heroes and photos became library images
    after 0014)."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def mentioned_in(client, person) -> list[str]:
    page = client.get(person.get_absolute_url()).text
    section = re.search(r'<ul class="mentioned-in">(.*?)</ul>', page, re.DOTALL)
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a>', section[1]) if section else []


@pytest.mark.django_db(transaction=True)
def test_reviews_saved_before_mentions_are_listed_on_the_person_page(client):
    jun = make_person("Jun Jong-seo")
    jeon = make_person("Jeon Jong-seo")  # reached through an alias's address
    alias = make_alias(jeon, "Jeon Jongseo")
    ballerina = make_film("Ballerina", year=2023)
    author = make_author("Karina")
    assert mentioned_in(client, jun) == []  # and the page is cached
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Review = old.get_model("reviews", "Review")

    def old_review(title, body, status="published"):
        # The model as it was: saving it records nothing, as saves did then.
        return Review.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-"),
            body=body,
            status=status,
            published_at=timezone.now() - datetime.timedelta(days=1),
            film_id=ballerina.pk,
            author_id=author.pk,
        )

    review = old_review(
        "Ballerina review",
        f'<p><a href="{jun.get_absolute_url()}">Jun</a> and again '
        f'<a href="{jun.get_absolute_url()}">her</a>, '
        f'<a href="/people/{alias.slug}/">Jeon</a> in '
        f'<a href="{ballerina.get_absolute_url()}">Ballerina</a>; '
        '<a href="/people/nobody-we-know/">someone</a>.</p>',
    )
    draft = old_review(
        "Draft review", f'<p><a href="/people/{jun.slug}/">J</a></p>', "draft"
    )
    plain = old_review("Plain review", "<p>No links at all.</p>")

    migrate_to_the_end()

    assert mentioned_in(client, jun) == ["Ballerina review"]
    assert mentioned_in(client, jeon) == ["Ballerina review"]
    rows = Mention.objects.filter(review_id=review.pk)
    # One row per address, the unknown page left out (the checklist names it).
    assert sorted((m.path, str(m.target)) for m in rows) == [
        (ballerina.get_absolute_url(), str(ballerina)),
        (f"/people/{alias.slug}/", "Jeon Jong-seo"),
        (jun.get_absolute_url(), "Jun Jong-seo"),
    ]
    # Drafts get their rows too, as a save gives them; the page shows only
    # what is published.
    assert Mention.objects.filter(review_id=draft.pk).count() == 1
    assert not Mention.objects.filter(review_id=plain.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_reviews_saved_since_keep_the_rows_their_save_recorded():
    jun = make_person("Jun Jong-seo")
    other = make_person("Someone Else")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    review = old.get_model("reviews", "Review").objects.create(
        title="Saved since",
        slug="saved-since",
        body='<p><a href="/people/old-slug/">J</a></p>',
    )
    # Its save recorded whom the link meant; the address has changed since.
    old.get_model("reviews", "Mention").objects.create(
        review_id=review.pk, path="/people/old-slug/", person_id=jun.pk
    )

    migrate_to_the_end()

    assert [m.person for m in Mention.objects.filter(review_id=review.pk)] == [jun]
    assert not other.mentions.exists()

"""A review version saved before heroes became library images names its hero by
file name; a migration points it at the library image, so restoring it keeps the
picture."""

import json

import pytest
import reversion
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from reversion.models import Version

from reviews.models import Image, Review
from tests.conftest import make_library_image, make_review

BEFORE = [("reviews", "0018_bodies_in_editor_markup")]


def as_before_the_library(version):
    """The version's data as django-reversion stored it before reviews 0016."""
    data = json.loads(version.serialized_data)
    fields = data[0]["fields"]
    hero = fields.pop("hero")
    fields.update(
        hero_image=Image.objects.get(pk=hero).file.name,
        hero_alt="Ok-ju in the corridor",
        hero_credit="",
    )
    version.serialized_data = json.dumps(data)
    version.save()


@pytest.mark.django_db(transaction=True)
def test_restoring_a_version_from_before_the_library_keeps_its_hero(media_root):
    still = make_library_image("Ok-ju in the corridor")
    review = make_review("Versioned review", hero=still)
    with reversion.create_revision():
        review.title = "Versioned review, first words"
        review.save()
    version = Version.objects.get_for_object(review).get()
    as_before_the_library(version)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    Version.objects.get(pk=version.pk).revert()

    restored = Review.objects.get(pk=review.pk)
    assert restored.title == "Versioned review, first words"
    assert restored.hero == still

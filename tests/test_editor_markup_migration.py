"""Bodies and bios saved before the editor made their markup get the editor's
forms from a migration, so opening one in the editor later loses nothing; and a
link to a page with a long non-Latin address is recorded as a mention."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from people.models import Person
from reviews.models import Review
from tests.conftest import make_film, make_person, make_review

BEFORE = [("reviews", "0017_remove_old_hero_and_poster_fields"), ("people", "0007_remove_old_photo_fields")]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_older_markup_becomes_the_editors_and_the_cached_page_goes(client):
    review = make_review("Old markup")
    person = make_person("Jun Jong-seo")
    client.get(review.get_absolute_url())  # cached
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    # Written as the old sanitizer kept them; historical models do not sanitize.
    old.get_model("reviews", "Review").objects.filter(pk=review.pk).update(
        body='<p><cite>Burning</cite>, <q cite="x">run</q>, <span lang="ko">전종서</span></p>'
    )
    old.get_model("people", "Person").objects.filter(pk=person.pk).update(
        bio='<p>Star of <cite>Burning</cite>, <span lang="ko">전종서</span>.</p>'
    )

    # As a deploy runs it: the migrate command, whose end retires cached pages.
    call_command("migrate", verbosity=0)

    body = Review.objects.get(pk=review.pk).body
    assert body == "<p><em>Burning</em>, \u201crun\u201d, 전종서</p>"
    assert (
        Person.objects.get(pk=person.pk).bio
        == "<p>Star of <em>Burning</em>, 전종서.</p>"
    )
    assert "<em>Burning</em>" in client.get(review.get_absolute_url()).text


@pytest.mark.django_db
def test_a_link_to_a_long_hangul_address_is_a_mention():
    film = make_film("발" * 120)
    assert len(film.get_absolute_url()) > 1000

    review = make_review(body=f'<p><a href="{film.get_absolute_url()}">it</a></p>')

    assert review.mentions.get().film == film

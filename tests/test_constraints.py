"""The database itself refuses invalid rows, whatever form or script writes them."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from people.models import Person, PersonAlias
from reviews.models import Credit, Film, Review, WatchOption
from tests.conftest import (
    make_alias,
    make_author,
    make_credit,
    make_film,
    make_person,
    make_provider,
    make_review,
)

pytestmark = pytest.mark.django_db


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slugs_are_unique_per_table():
    film = make_film("Ballerina")
    refused(lambda: Film.objects.create(title="Other", slug=film.slug))
    person = make_person("Kim Ji-hoon")
    refused(lambda: Person.objects.create(name="Other", slug=person.slug))
    review = make_review("Ballerina review")
    refused(lambda: Review.objects.create(title="Other", slug=review.slug))


def test_an_empty_slug_cannot_be_stored():
    film = make_film("Ballerina")
    refused(lambda: Film.objects.filter(pk=film.pk).update(slug=""))
    person = make_person("Jun Jong-seo")
    refused(lambda: Person.objects.filter(pk=person.pk).update(slug=""))


def test_external_ids_are_unique_only_when_present():
    make_person("Jun Jong-seo", imdb_id="nm8545486", tmdb_id=2066416)
    refused(lambda: make_person("Copy", imdb_id="nm8545486"))
    refused(lambda: make_person("Copy", tmdb_id=2066416))
    # Most people have no ids yet: many empty values are fine.
    make_person("No ids one")
    make_person("No ids two")
    make_film("Ballerina", imdb_id="tt1234567")
    refused(lambda: make_film("Copy", imdb_id="tt1234567"))
    make_film("No id one")
    make_film("No id two")


@pytest.mark.parametrize("rating", [Decimal("-0.5"), Decimal("10.5"), Decimal("11")])
def test_a_rating_outside_zero_to_ten_is_refused(rating):
    refused(lambda: make_review(rating=rating))


def test_ratings_at_the_ends_of_the_range_are_kept():
    assert make_review(rating=Decimal("0")).rating == 0
    assert make_review(rating=Decimal("10")).rating == 10


def test_a_watch_window_must_end_after_it_starts():
    film, provider = make_film(), make_provider("Netflix")
    day = datetime.date(2023, 10, 6)
    for until in (day, day - datetime.timedelta(days=1)):
        refused(
            lambda until=until: WatchOption.objects.create(
                film=film, provider=provider, available_from=day, available_until=until
            )
        )
    WatchOption.objects.create(
        film=film,
        provider=provider,
        available_from=day,
        available_until=day + datetime.timedelta(days=1),
    )


def test_the_same_credit_cannot_be_entered_twice():
    film, person = make_film(), make_person()
    make_credit(film, person, Credit.Role.CAST, character="Ok-ju")
    refused(lambda: make_credit(film, person, Credit.Role.CAST, character="Ok-ju"))
    # The same person may also direct, or play a second character.
    make_credit(film, person, Credit.Role.DIRECTOR)
    make_credit(film, person, Credit.Role.CAST, character="Ok-ju (young)")


def test_an_alias_is_not_stored_twice_for_one_person():
    person = make_person("Jun Jong-seo")
    make_alias(person, "Jeon Jong-seo")
    refused(lambda: PersonAlias.objects.create(person=person, name="Jeon Jong-seo"))


def test_a_draft_may_have_no_film_but_a_published_review_must():
    draft = make_review("Early draft", published=False)
    assert draft.film is None
    refused(
        lambda: Review.objects.filter(pk=draft.pk).update(
            status=Review.Status.PUBLISHED,
            published_at=datetime.datetime(2023, 10, 6, tzinfo=datetime.UTC),
            author=make_author(),
        )
    )


def test_a_published_review_needs_a_publish_date():
    refused(lambda: make_review(published_at=None))


def test_a_film_with_a_review_cannot_be_deleted():
    review = make_review()
    with pytest.raises(ProtectedError):
        review.film.delete()
    assert Film.objects.filter(pk=review.film.pk).exists()


def test_a_person_with_credits_cannot_be_deleted():
    credit = make_credit(make_film(), make_person())
    with pytest.raises(ProtectedError):
        credit.person.delete()


def test_an_author_with_reviews_cannot_be_deleted():
    review = make_review()
    with pytest.raises(ProtectedError):
        review.author.delete()


def test_a_film_without_reviews_can_be_deleted_with_its_credits():
    film = make_film()
    make_credit(film, make_person())
    film.delete()
    assert not Credit.objects.exists()

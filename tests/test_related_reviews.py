"""Related reviews the page chooses when the writer picks none: shared people,
then a shared director, then shared tags and genres; published only; one query."""

import pytest

from reviews import related
from reviews.models import Credit, Genre, Review
from tests.conftest import make_author, make_credit, make_film, make_person, make_review
from tests.test_review_page_cache import fresh, publish, warm


@pytest.fixture
def world(db):
    director, lead, second = (make_person() for _ in range(3))
    film = make_film("Nightfall")
    make_credit(film, director, Credit.Role.DIRECTOR)
    make_credit(film, lead)
    make_credit(film, second)
    horror = Genre.objects.create(name="Horror", slug="horror")
    film.genres.add(horror)
    review = make_review("Nightfall, reviewed", film=film)
    review.tags.add("revenge")

    def reviewed(title, *people, role=Credit.Role.CAST, **fields):
        other = make_film(title)
        for person in people:
            make_credit(other, person, role)
        return make_review(film=other, **fields)

    both_actors = reviewed("Two Faces", lead, second)
    same_director = reviewed("Daybreak", director, role=Credit.Role.DIRECTOR)
    one_actor = reviewed("Cameo", lead)
    genre = reviewed("Genre")
    genre.film.genres.add(horror)
    tagged = reviewed("Tagged")  # as near as the genre's, and newer
    tagged.tags.add("revenge")
    reviewed("Unrelated")
    reviewed("A draft", lead, second, published=False, author=make_author())
    return {
        "review": review,
        "lead": lead,
        "second": second,
        "reviewed": reviewed,
        "order": [both_actors, same_director, one_actor, tagged, genre],
    }


def test_nearest_first_and_nothing_unrelated_or_unpublished(world):
    chosen = related.automatic(world["review"], limit=10)

    assert chosen == world["order"]


def test_the_page_lists_them_when_the_writer_picks_none(client, world):
    page = client.get(world["review"].get_absolute_url()).text

    listed = [f"Our review of {other.film.title}" for other in world["order"][:4]]
    assert [page.index(line) for line in listed] == sorted(
        page.index(line) for line in listed
    )
    assert "Our review of Genre" not in page  # beyond the limit
    assert "Our review of Unrelated" not in page
    assert "Our review of A draft" not in page


def test_the_writers_picks_win(client, world):
    review = world["review"]
    pick = make_review(film=make_film("Picked by hand"))
    review.related_reviews.add(pick)

    page = client.get(review.get_absolute_url()).text

    assert "Our review of Picked by hand" in page
    assert "Our review of Two Faces" not in page


def test_picks_none_of_which_is_public_leave_the_choice_to_the_page(client, world):
    review = world["review"]
    review.related_reviews.add(make_review(published=False, film=make_film("Hidden")))

    page = client.get(review.get_absolute_url()).text

    assert "Our review of Two Faces" in page
    assert "Hidden" not in page


def test_a_review_without_a_film_has_none(db):
    assert related.automatic(make_review(published=False)) == []


@pytest.mark.parametrize("n", [3, 30])
def test_choosing_takes_one_query(world, n, django_assert_num_queries):
    for _ in range(n):
        world["reviewed"]("More", world["lead"], world["second"]).tags.add("revenge")
    review = Review.objects.with_page().get(pk=world["review"].pk)
    review.public_related  # noqa: B018 (loaded by with_page)

    with django_assert_num_queries(1):
        chosen = related.for_page(review)

    assert len(chosen) == related.AUTOMATIC_LIMIT


@pytest.mark.parametrize("n", [3, 30])
def test_the_review_page_query_count_does_not_grow(
    client, world, n, django_assert_max_num_queries
):
    url = world["review"].get_absolute_url()
    for _ in range(n):
        world["reviewed"]("More", world["lead"], world["second"]).tags.add("revenge")
    client.get(url)
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200


def test_a_newly_published_nearer_review_shows_on_the_next_page(client, world):
    url = world["review"].get_absolute_url()
    before = warm(client, url)
    assert "Our review of A draft" not in before

    publish(Review.objects.get(film__title="A draft"))

    assert "Our review of A draft" in fresh(client, url).text


def test_a_listed_review_unpublished_leaves_the_next_page(client, world):
    url = world["review"].get_absolute_url()
    warm(client, url)
    shown = world["order"][0]
    shown.status = Review.Status.DRAFT
    shown.save()

    assert "Our review of Two Faces" not in fresh(client, url).text


def test_a_listed_reviews_film_renamed_shows_on_the_next_page(client, world):
    url = world["review"].get_absolute_url()
    warm(client, url)
    film = world["order"][0].film
    film.title = "Two Faces Redux"
    film.save()

    assert "Our review of Two Faces Redux" in fresh(client, url).text

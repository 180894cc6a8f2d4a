"""Inline mentions: [[Name]] shorthand, links that follow renames and merges, and
a person's "Mentioned in" list."""

import pytest
from django.core.exceptions import ValidationError

from people.merge import merge_people
from reviews.mentions import broken_links, expand_shorthand
from reviews.models import Review
from tests.conftest import make_alias, make_film, make_person, make_review
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db


def test_shorthand_links_a_person_by_name_or_alias():
    jun = make_person("Jun Jong-seo")
    make_alias(jun, "Jeon Jong-seo")
    html = expand_shorthand("<p>[[Jun Jong-seo]] and [[jeon jongseo]]</p>")
    assert html == (
        '<p><a href="/people/jun-jong-seo/">Jun Jong-seo</a> and '
        '<a href="/people/jun-jong-seo/">jeon jongseo</a></p>'
    )


def test_shorthand_links_a_film_by_title_and_year():
    make_film("Ballerina", year=2023)
    make_film("Ballerina", year=2025)
    html = expand_shorthand("<p>[[Ballerina (2023)]]</p>")
    assert html == '<p><a href="/films/ballerina-2023/">Ballerina (2023)</a></p>'


def test_a_shorthand_that_matches_nothing_or_several_is_an_error_naming_it():
    make_film("Ballerina", year=2023)
    make_film("Ballerina", year=2025)
    with pytest.raises(ValidationError) as error:
        expand_shorthand("<p>[[Nobody Here]] [[Ballerina]]</p>")
    message = " ".join(error.value.messages)
    assert "“Nobody Here” is no person or film" in message
    assert "“Ballerina” could be" in message and "/films/ballerina-2025/" in message


def test_the_admin_keeps_the_writers_text_when_a_mention_is_unknown(admin_client):
    review = make_review(published=False, body="<p>Old.</p>")
    data = {"title": review.title, "slug": review.slug, "body": "<p>[[Nobody]]</p>"}
    response = admin_client.post(admin_url(Review, "change", review.pk), data)
    assert response.status_code == 200
    assert "“Nobody” is no person or film" in response.text
    assert "[[Nobody]]" in response.text  # still in the form, not dropped
    review.refresh_from_db()
    assert review.body == "<p>Old.</p>"


def test_the_admin_turns_shorthand_into_a_link_on_save(admin_client):
    make_person("Jun Jong-seo")
    review = make_review(published=False)
    data = {
        "title": review.title,
        "slug": review.slug,
        "body": "<p>Starring [[Jun Jong-seo]].</p>",
    }
    response = admin_client.post(admin_url(Review, "change", review.pk), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (
        '<a href="/people/jun-jong-seo/" rel="noopener">Jun Jong-seo</a>' in review.body
    )
    assert review.mentions.get().person.name == "Jun Jong-seo"


def test_a_renamed_persons_mention_links_to_the_new_address(client):
    jun = make_person("Jun Jong-seo")
    review = make_review(body='<p><a href="/people/jun-jong-seo/">Jun</a></p>')
    jun.slug = "jeon-jong-seo"
    jun.name = "Jeon Jong-seo"
    jun.save()

    page = client.get(review.get_absolute_url()).text
    assert 'href="/people/jeon-jong-seo/"' in page
    assert 'href="/people/jun-jong-seo/"' not in page

    review.save()  # the next save writes the new address into the body
    assert 'href="/people/jeon-jong-seo/"' in review.body


def test_a_merged_persons_mention_links_to_the_person_kept(client):
    jun = make_person("Jun Jong-seo")
    duplicate = make_person("Jeon Jongseo")
    review = make_review(body='<p><a href="/people/jeon-jongseo/">Jeon</a></p>')

    merge_people(source=duplicate, target=jun)

    page = client.get(review.get_absolute_url()).text
    assert 'href="/people/jun-jong-seo/"' in page
    assert review.mentions.get().person == jun
    assert review in client.get(jun.get_absolute_url()).context["mentioned_in"]


def test_a_link_to_an_alias_address_is_a_mention_of_the_person():
    jun = make_person("Jun Jong-seo")
    make_alias(jun, "전종서")
    review = make_review(body='<p><a href="/people/전종서/">전종서</a></p>')
    assert review.mentions.get().person == jun


def test_the_person_page_lists_published_reviews_that_mention_them(client):
    jun = make_person("Jun Jong-seo")
    body = '<p><a href="/people/jun-jong-seo/">Jun</a> and again <a href="/people/jun-jong-seo/">her</a></p>'
    seen = make_review("Seen review", body=body)
    make_review("Draft review", body=body, published=False)

    page = client.get(jun.get_absolute_url())
    assert list(page.context["mentioned_in"]) == [seen]
    assert "Mentioned in" in page.text and "Draft review" not in page.text


@pytest.mark.parametrize("count", [1, 8])
def test_the_person_page_query_count_stays_flat(
    client, count, django_assert_max_num_queries
):
    jun = make_person("Jun Jong-seo")
    for _ in range(count):
        make_review(body='<p><a href="/people/jun-jong-seo/">Jun</a></p>')
    with django_assert_max_num_queries(5):
        page = client.get(jun.get_absolute_url())
    assert len(page.context["mentioned_in"]) == count


@pytest.mark.parametrize("count", [1, 8])
def test_the_review_page_query_count_stays_flat_with_mentions(
    client, count, django_assert_max_num_queries
):
    links = "".join(
        f'<a href="{make_person().get_absolute_url()}">x</a>' for _ in range(count)
    )
    review = make_review(body=f"<p>{links}</p>")
    assert review.mentions.count() == count
    # 9, and one for the related reviews chosen when the writer picks none.
    with django_assert_max_num_queries(10):
        client.get(review.get_absolute_url())


def test_a_name_with_an_ampersand_is_found():
    make_film("Tom & Jerry", year=1940)
    html = expand_shorthand("<p>[[Tom &amp; Jerry]]</p>")
    assert html == '<p><a href="/films/tom-jerry-1940/">Tom &amp; Jerry</a></p>'


def test_a_link_with_a_nul_in_its_address_saves_and_counts_as_broken():
    review = make_review(body='<p><a href="/people/a%00b/">who</a></p>')

    assert not review.mentions.exists()
    assert "/people/a%00b/" in broken_links(review.body)

"""The public pages a reader reaches: what each shows, what it hides, and how many
queries it costs (the same for 3 items as for 30)."""

import datetime
import html as html_lib
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reviews.models import ContentWarning, Credit, Review
from tests.conftest import (
    make_alias,
    make_author,
    make_credit,
    make_film,
    make_person,
    make_provider,
    make_review,
    make_watch_option,
)

DAY = datetime.timedelta(days=1)


def text_of(response) -> str:
    """The page's visible text, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def draft(**fields) -> Review:
    fields.setdefault("film", make_film())
    fields.setdefault("author", make_author())
    return make_review(published=False, **fields)


# --- What each page shows -------------------------------------------------------


def test_review_page_shows_everything_a_reader_expects(client, demo):
    response = client.get(demo["ballerina"].get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    html = response.content.decode()

    assert "Ballerina (2023) – Review | Netflix Revenge Thriller" in text
    assert 'By Karina "ScreamQueen" Adelgaard' in text
    assert "Published 6 October 2023" in text
    assert 'alt="Ok-ju, in black, stands in a neon-lit corridor' in html
    assert "Illustration: Heaven demo" in text
    assert "Verdict: If you’re not sure what to watch this Friday night" in text
    assert "Jun Jong-seo is the perfect avenger" in text
    # The film facts box
    assert "Director Lee Chung-hyun" in text
    assert "Writer Lee Chung-hyun" in text
    assert "Jun Jong-seo as Ok-ju" in text
    assert "Kim Ji-hoon as Choi" in text
    assert "Original title 발레리나" in text
    assert "Year 2023" in text
    assert "Runtime 94 minutes" in text
    assert "Streaming on Netflix" in text
    # Tags, warnings, related, author box
    assert 'href="/tags/korean/"' in html
    assert "Content warnings: Graphic violence" in text
    assert "Our review of The Call" in text
    assert "Latest posts by Karina" in text
    assert "The Call (2020) – Review" in text
    assert "animals are harmed" in text


def test_review_facts_name_a_person_as_credited_and_link_their_page(client, demo):
    html = client.get(demo["the_call"].get_absolute_url()).content.decode()
    start = html.index('<aside class="facts"')
    facts = html[start : html.index("</aside>", start)]

    jun = demo["jun"].get_absolute_url()
    assert (
        f'<a href="{jun}">Jeon Jong-seo</a> <span class="character">as Young-sook'
        in facts
    )
    assert ">Jun Jong-seo<" not in facts


def test_review_page_shows_rating_and_spoiler_notice(client, db):
    review = make_review(rating="7.5", has_spoilers=True, verdict="Worth it.")
    review.content_warnings.add(ContentWarning.objects.create(name="Animal harm"))

    text = text_of(client.get(review.get_absolute_url()))

    assert "7.5 /10 out of 10" in text
    assert "Spoiler warning" in text
    assert "Content warnings: Animal harm" in text


def test_home_lists_latest_reviews_with_card_details(client, demo):
    text = text_of(client.get("/"))

    assert text.index("Ballerina (2023)") < text.index("The Call (2020)")
    assert re.search(r"Rating: 8\b", text)  # The Call's rating
    assert "6 October 2023" in text
    assert "Karina" in text


def test_film_page_lists_credits_by_role_in_billing_order(client, demo):
    text = text_of(client.get("/films/the-call-2020/"))

    assert (
        text.index("Director Lee Chung-hyun")
        < text.index("Writer Lee Chung-hyun")
        < text.index("Cast Park Shin-hye")
    )
    assert text.index("Park Shin-hye as Seo-yeon") < text.index("Jun Jong-seo")
    assert "Jun Jong-seo as Young-sook, credited as Jeon Jong-seo" in text
    assert "Streaming on Netflix" in text
    assert "The Call (2020) – Review | Netflix Horror-Thriller" in text
    assert "Original title: 콜" in text


def test_person_page_lists_aliases_and_filmography_newest_first(client, demo):
    response = client.get("/people/jun-jong-seo/")
    text = text_of(response)
    html = response.content.decode()

    assert "Also credited as Jeon Jong-seo · 전종서" in text
    assert text.index("Ballerina (2023)") < text.index("The Call (2020)")
    assert "The Call (2020) as Young-sook, credited as Jeon Jong-seo" in text
    assert 'href="/reviews/ballerina-2023-review/">Our review' in html
    assert 'href="/reviews/the-call-2020-review/">Our review' in html
    assert "Our review of The Call" in text  # link text says which review


def test_person_filmography_groups_roles(client, demo):
    page = text_of(client.get("/people/lee-chung-hyun/"))
    text = page[page.index("Filmography") :]  # after the known-for row

    director = text.index("Director")
    writer = text.index("Writer")
    assert director < text.index("Ballerina (2023)", director) < writer
    assert text.count("The Call (2020)") == 2


def test_person_alias_slug_redirects_permanently(client, demo):
    response = client.get("/people/jeon-jong-seo/")

    assert response.status_code == 301
    assert response["Location"] == "/people/jun-jong-seo/"


def test_author_page_shows_bio_nickname_and_reviews(client, demo):
    text = text_of(client.get("/authors/karina-adelgaard/"))

    assert 'Karina "ScreamQueen" Adelgaard' in text
    assert "Also known as ScreamQueen" in text
    assert "animals are harmed" in text
    assert "Ballerina (2023) – Review" in text
    assert "The Call (2020) – Review" in text


def test_tag_page_lists_reviews_with_the_tag(client, demo):
    text = text_of(client.get("/tags/revenge/"))

    assert "Reviews tagged “revenge”" in text
    assert "Ballerina (2023) – Review" in text
    assert "The Call (2020) – Review" not in text


def test_unknown_pages_answer_the_custom_404(client, db):
    for url in ["/reviews/nope/", "/films/nope/", "/people/nope/", "/authors/nope/",
                "/tags/nope/", "/nope/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in text_of(response)


def test_server_error_page_needs_no_database_or_context(rf, db):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


# --- Drafts and unpublished reviews are invisible ---------------------------------


@pytest.mark.parametrize(
    "status", [Review.Status.DRAFT, Review.Status.IN_REVIEW, Review.Status.UNPUBLISHED]
)
def test_unpublished_review_answers_404(client, db, status):
    review = make_review(status=status, published_at=timezone.now() - DAY)

    assert client.get(review.get_absolute_url()).status_code == 404


def test_scheduled_review_appears_at_its_time(client, db, time_machine):
    time_machine.move_to(datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC))
    review = make_review(
        status=Review.Status.SCHEDULED,
        published_at=datetime.datetime(2030, 1, 2, 9, tzinfo=datetime.UTC),
    )
    assert client.get(review.get_absolute_url()).status_code == 404
    assert review.title not in text_of(client.get("/"))

    time_machine.move_to(datetime.datetime(2030, 1, 2, 9, 1, tzinfo=datetime.UTC))
    assert client.get(review.get_absolute_url()).status_code == 200
    assert review.title in text_of(client.get("/"))


def test_drafts_are_absent_from_every_list_and_link(client, db):
    author = make_author()
    film = make_film("Shared Film")
    person = make_person("Shared Person")
    make_credit(film, person)
    public = make_review("Public review", author=author, film=film)
    public.tags.add("shared")
    hidden = make_review("Hidden draft", published=False, author=author, film=film)
    hidden.tags.add("shared", "secret")
    public.related_reviews.add(hidden)
    other = make_review("Other public", author=author)

    pages = [
        "/",
        public.get_absolute_url(),
        other.get_absolute_url(),
        film.get_absolute_url(),
        person.get_absolute_url(),
        author.get_absolute_url(),
        "/tags/shared/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Hidden draft" not in response.content.decode(), url
        assert hidden.get_absolute_url() not in response.content.decode(), url
    assert client.get("/tags/secret/").status_code == 404


def test_author_with_only_drafts_has_no_page(client, db):
    author = make_author()
    make_review(published=False, author=author, film=make_film())

    assert client.get(author.get_absolute_url()).status_code == 404


def test_staff_who_edit_reviews_can_preview_a_draft_uncached(client, db):
    review = draft(title="Work in progress")
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(
        Permission.objects.get(codename="change_review"),
        Permission.objects.get(codename="publish_review"),
    )
    client.force_login(editor)

    response = client.get(review.get_absolute_url())

    assert response.status_code == 200
    assert "Preview — not published." in text_of(response)
    assert "no-cache" in response["Cache-Control"]
    assert 'type="application/ld+json"' not in response.content.decode()


def test_an_early_draft_without_film_or_byline_still_previews(admin_client):
    review = make_review("Notes on a film to come", published=False, body="<p>Idea</p>")

    response = admin_client.get(review.get_absolute_url())

    assert response.status_code == 200
    assert "Preview — not published." in text_of(response)
    assert "Idea" in text_of(response)


def test_logged_in_user_without_permission_gets_404_for_drafts(client, db):
    review = draft()
    client.force_login(User.objects.create_user("reader", password="x"))

    assert client.get(review.get_absolute_url()).status_code == 404


# --- Pagination never breaks -------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["abc", "0", "-1", "99", "1.5", "%00", "last", "last2", "9" * 30]
)
def test_bad_page_numbers_answer_404_not_500(client, db, page):
    author = make_author()
    for _ in range(3):
        make_review(author=author).tags.add("t")
    for url in ["/", author.get_absolute_url(), "/tags/t/"]:
        assert client.get(url, {"page": page}).status_code == 404, (url, page)


def test_home_paginates_twelve_to_a_page(client, db):
    now = timezone.now()
    for number in range(14):
        make_review(f"Review number {number:02}", published_at=now - DAY * (number + 1))

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/")
    second = client.get("/", {"page": 2})

    assert "Review number 00" in text_of(first)
    assert "Review number 12" not in text_of(first)
    assert "Page 1 Older →" in text_of(first)
    assert "Newer" not in text_of(first)
    assert "← Newer Page 2" in text_of(second)
    assert "Older" not in text_of(second)
    # The cost of a page does not grow with the table: nothing counts every row.
    assert not any("COUNT(" in query["sql"] for query in queries)
    assert "Review number 13" in text_of(second)
    assert 'rel="canonical" href="http://testserver/?page=2"' in (
        second.content.decode()
    )


# --- Query budgets: the same for 3 items as for 30 ------------------------------


def review_world(n: int) -> Review:
    """A review whose film has n cast (each with an alias), n watch options, n tags,
    n warnings, n related reviews (plus a draft), and an author with n more."""
    author = make_author()
    film = make_film("Budget film", original_title="예산", runtime_minutes=90)
    make_credit(film, make_person(), Credit.Role.DIRECTOR)
    for order in range(n):
        person = make_person()
        alias = make_alias(person, f"{person.name} alias")
        make_credit(film, person, character=f"Role {order}", billing_order=order,
                    credited_as=alias if order % 2 else None)  # fmt: skip
        make_watch_option(
            film, make_provider(), available_from=datetime.date(2020, 1, 1)
        )
    review = make_review(author=author, film=film, rating="8.5")
    review.tags.add(*[f"tag {i}" for i in range(n)])
    review.content_warnings.add(
        *[ContentWarning.objects.create(name=f"Warning {n}-{i}") for i in range(n)]
    )
    review.related_reviews.add(*[make_review() for _ in range(n)], draft())
    for _ in range(n):
        make_review(author=author)
    return review


def person_world(n: int):
    person = make_person("Prolific")
    for i in range(n):
        make_alias(person, f"Prolific {i}")
        film = make_film(year=2000 + i)
        make_credit(film, person, Credit.Role.CAST if i % 2 else Credit.Role.DIRECTOR)
        make_review(film=film)
        draft(film=film)
    return person.get_absolute_url()


def film_world(n: int):
    review = review_world(n)
    for _ in range(n):
        make_review(film=review.film)
    return review.film.get_absolute_url()


def list_world(n: int):
    author = make_author()
    for _ in range(n):
        review = make_review(author=author)
        review.tags.add("budget")
    return author


def provider_world(n: int):
    provider = make_provider()
    for i in range(n):
        make_watch_option(
            make_film(), provider, available_from=datetime.date(2020, 1, 1 + i % 28)
        )
    return provider.get_absolute_url()


URL_FOR = {
    "home": (lambda n: list_world(n) and "/", 3),
    "review": (lambda n: review_world(n).get_absolute_url(), 8),
    "film": (film_world, 6),
    "person": (person_world, 5),  # 5 with "Mentioned in"
    "author": (lambda n: list_world(n).get_absolute_url(), 4),
    "tag": (lambda n: list_world(n) and "/tags/budget/", 4),
    "provider": (provider_world, 3),  # provider, options with films, reviews
}


@pytest.mark.parametrize("page", URL_FOR)
def test_page_query_count_does_not_grow_with_items(
    client, db, page, django_assert_max_num_queries
):
    build, ceiling = URL_FOR[page]
    counts = []
    for n in (3, 30):
        url = build(n)
        client.get(url)  # make image renditions and warm nothing else
        with django_assert_max_num_queries(ceiling):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_review_page_stays_within_ten_queries(
    client, db, django_assert_max_num_queries
):
    review = review_world(30)
    with django_assert_max_num_queries(10):
        response = client.get(review.get_absolute_url())
    assert response.status_code == 200
    page = response.text
    assert review.title in page and "Budget film" in page
    # Everything the 30 rows of each kind put on the page is there.
    assert all(f"Role {order}" in page for order in range(30))
    assert page.count('class="related"') == 1


def test_reverse_url_names_exist():
    assert reverse("reviews:tag", kwargs={"slug": "x"}) == "/tags/x/"


@pytest.mark.parametrize(
    "url",
    [
        "/sitemap-nope.xml",
        "/sitemap-people.xml?p=abc",
        "/sitemap-people.xml?p=99",
        "/tags/nope/feed/",
        "/authors/nope/feed/",
        "/people/%E2%80%8B/",
        "/films/a%00b/",
        "/watch/nope/",
    ],
)
def test_odd_addresses_answer_404_never_500(client, demo, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_an_odd_parameter_on_a_review_still_shows_the_review(client, demo):
    response = client.get("/reviews/ballerina-2023-review/?page=abc")
    assert response.status_code == 200
    assert "Ballerina (2023)" in response.text

"""Old addresses keep answering: a rename leaves a 301 (chains collapse, renaming
back removes it), editors add path and 410 entries, and no redirect ever takes an
address the site or one of its rows answers at (admin and WordPress import)."""

from io import StringIO

import pytest
from django.core.management import call_command
from taggit.models import Tag

from reviews.models import Redirect
from tests.conftest import make_author, make_film, make_person, make_review
from tests.test_pages import make_page
from tests.workflow_support import make_user

pytestmark = pytest.mark.django_db


def moved(client, old: str) -> tuple[int, str]:
    response = client.get(old)
    return response.status_code, response.get("Location", "")


def rename(row, slug: str):
    row.slug = slug
    row.full_clean()
    row.save()
    return row


def test_a_published_review_renamed_answers_at_its_old_address(client):
    review = make_review("Ballerina", slug="ballerina")
    rename(review, "ballerina-2023")
    assert moved(client, "/reviews/ballerina/") == (301, "/reviews/ballerina-2023/")
    assert client.get("/reviews/ballerina-2023/").status_code == 200


def test_a_draft_renamed_leaves_no_redirect(client):
    draft = make_review("Draft", slug="draft-one", published=False)
    rename(draft, "draft-two")
    assert client.get("/reviews/draft-one/").status_code == 404
    assert not Redirect.objects.exists()


@pytest.mark.parametrize(
    "make, prefix",
    [
        (lambda: make_film("Drive My Car", slug="drive"), "/films/"),
        (lambda: make_person("Jun Jong-seo", slug="jun"), "/people/"),
        (lambda: make_author("Karina", slug="karina"), "/authors/"),
    ],
    ids=["film", "person", "author"],
)
def test_a_renamed_film_person_or_author_answers_at_its_old_address(
    client, make, prefix
):
    row = make()
    old = row.get_absolute_url()
    if prefix == "/authors/":
        make_review(author=row)  # an author's page lists their reviews
    rename(row, "renamed")
    assert moved(client, old) == (301, f"{prefix}renamed/")
    assert client.get(f"{prefix}renamed/").status_code == 200


def test_a_renamed_tag_and_its_feeds_answer_at_the_old_addresses(client):
    review = make_review()
    review.tags.add("Korean")
    tag = Tag.objects.get(name="Korean")
    rename(tag, "korean-cinema")
    assert moved(client, "/tags/korean/") == (301, "/tags/korean-cinema/")
    assert moved(client, "/tags/korean/feed/") == (301, "/tags/korean-cinema/feed/")
    assert client.get("/tags/korean-cinema/").status_code == 200


def test_a_renamed_author_keeps_their_feed_subscribers(client):
    author = make_author("Karina", slug="karina")
    make_review(author=author)
    rename(author, "karina-a")
    assert moved(client, "/authors/karina/feed/atom/") == (
        301,
        "/authors/karina-a/feed/atom/",
    )


def test_a_moved_page_takes_its_published_subpages_along(client):
    about = make_page("About us", slug="about")
    make_page("The team", slug="team", parent=about)
    make_page("Jobs", slug="jobs", parent=about, published=False)
    rename(about, "who-we-are")
    assert moved(client, "/about/") == (301, "/who-we-are/")
    assert moved(client, "/about/team/") == (301, "/who-we-are/team/")
    # The draft's old address was never given out.
    assert client.get("/about/jobs/").status_code == 404


def test_a_chain_of_renames_answers_with_the_last_address_at_once(client):
    film = make_film("The Call", slug="a")
    rename(film, "b")
    rename(film, "c")
    assert moved(client, "/films/a/") == (301, "/films/c/")
    assert moved(client, "/films/b/") == (301, "/films/c/")
    review = make_review("Call", slug="a")
    rename(review, "b")
    rename(review, "c")
    assert moved(client, "/reviews/a/") == (301, "/reviews/c/")


def test_renaming_back_serves_the_address_again_without_a_loop(client):
    film = make_film("The Call", slug="a")
    rename(film, "b")
    rename(film, "c")
    rename(film, "a")
    assert client.get("/films/a/").status_code == 200
    assert moved(client, "/films/b/") == (301, "/films/a/")
    assert moved(client, "/films/c/") == (301, "/films/a/")
    assert not Redirect.objects.filter(old_path="/films/a/").exists()
    review = make_review("Call", slug="x")
    rename(review, "y")
    rename(review, "x")
    assert client.get("/reviews/x/").status_code == 200
    assert moved(client, "/reviews/y/") == (301, "/reviews/x/")


def test_a_new_row_at_a_redirected_address_takes_it_back(client):
    film = make_film("Old", slug="old")
    rename(film, "new")
    make_film("Another", slug="old")
    assert client.get("/films/old/").status_code == 200
    assert not Redirect.objects.filter(old_path="/films/old/").exists()


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(superuser=True))
    return client


def add_in_admin(client, **fields):
    data = {"old_path": "", "review": "", "target": "", **fields}
    if not data.get("gone"):
        data.pop("gone", None)
    return client.post("/admin/reviews/redirect/add/", data)


def test_an_editor_adds_a_path_redirect_and_a_gone_entry(editor_client, client):
    film = make_film("Drive My Car", slug="drive-my-car")
    response = add_in_admin(
        editor_client, old_path="/old/drive/", target=film.get_absolute_url()
    )
    assert response.status_code == 302
    response = add_in_admin(
        editor_client, old_path="/elsewhere/", target="https://example.org/films/"
    )
    assert response.status_code == 302
    response = add_in_admin(editor_client, old_path="/2019/removed-post/", gone="on")
    assert response.status_code == 302
    editor_client.logout()

    assert moved(client, "/old/drive/") == (301, "/films/drive-my-car/")
    assert moved(client, "/elsewhere/") == (301, "https://example.org/films/")
    gone = client.get("/2019/removed-post/")
    assert gone.status_code == 410
    assert "Page removed" in gone.text
    # A redirect to a renamed film follows the rename.
    rename(film, "drive-my-car-2021")
    assert moved(client, "/old/drive/") == (301, "/films/drive-my-car-2021/")


@pytest.mark.parametrize(
    "old_path, says",
    [
        ("/feed/", "an address the site itself serves"),
        ("/reviews/live/", "the address of the review “Live”"),
        ("/about/", "the address of the page “About us”"),
    ],
)
def test_the_admin_refuses_a_redirect_at_an_address_in_use(
    editor_client, old_path, says
):
    make_review("Live", slug="live")
    make_page("About us", slug="about")
    response = add_in_admin(editor_client, old_path=old_path, target="/films/")
    assert response.status_code == 200
    assert says in response.context["adminform"].form.errors["old_path"][0]
    assert not Redirect.objects.exists()


def test_the_admin_refuses_two_destinations_a_loop_and_a_plain_http_address(
    editor_client,
):
    review = make_review("Live", slug="live")
    both = add_in_admin(editor_client, old_path="/x/", target="/y/", review=review.pk)
    assert "Choose one" in both.context["adminform"].form.errors["target"][0]
    http = add_in_admin(editor_client, old_path="/x/", target="http://example.org/")
    assert "https://" in http.context["adminform"].form.errors["target"][0]
    assert add_in_admin(editor_client, old_path="/x/", target="/y/").status_code == 302
    loop = add_in_admin(editor_client, old_path="/y/", target="/x/")
    assert "loop" in loop.context["adminform"].form.errors["target"][0]
    assert Redirect.objects.count() == 1


WXR = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Old blog</title>
  <link>https://old.example.com</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.com</wp:base_site_url>
  <wp:author><wp:author_login>karina</wp:author_login>
    <wp:author_display_name>Karina</wp:author_display_name></wp:author>
  {items}
</channel>
</rss>
"""
ITEM = """<item>
    <title>{title}</title>
    <link>https://old.example.com{permalink}</link>
    <dc:creator>karina</dc:creator>
    <content:encoded><![CDATA[<p>Text.</p>]]></content:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt>2023-10-06 09:00:00</wp:post_date_gmt>
    <wp:post_name>{slug}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>"""


def test_a_wordpress_permalink_at_a_site_address_is_reported_not_redirected(
    tmp_path, client
):
    make_review("Live", slug="live")
    items = [
        ITEM.format(
            title="Ballerina (2023)", permalink="/feed/", post_id=1, slug="ballerina"
        ),
        ITEM.format(
            title="The Call (2020)", permalink="/reviews/live/", post_id=2, slug="call"
        ),
    ]
    export = tmp_path / "export.xml"
    export.write_text(WXR.format(items="\n".join(items)))
    out = StringIO()
    call_command("import_wordpress", str(export), stdout=out)

    summary = out.getvalue()
    assert "the site's own address, e.g. /feed/: 1" in summary
    assert "a review's address, e.g. /reviews/live/: 1" in summary
    assert not Redirect.objects.filter(old_path__in=["/feed/", "/reviews/live/"])
    assert client.get("/feed/").status_code == 200
    assert client.get("/reviews/live/").status_code == 200
    # The short links still lead to the imported posts.
    assert Redirect.objects.filter(old_path="/?p=1").exists()


@pytest.mark.parametrize("redirects", [1, 30])
def test_following_an_old_address_takes_few_queries(
    client, django_assert_max_num_queries, redirects
):
    film = make_film("The Call", slug="call-0")
    for number in range(1, redirects + 1):
        rename(film, f"call-{number}")
    with django_assert_max_num_queries(3):
        response = client.get("/films/call-0/")
    assert response["Location"] == f"/films/call-{redirects}/"

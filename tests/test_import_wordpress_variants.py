"""`import_wordpress` on every kind of export WordPress writes (WXR 1.0 to 1.2, http
and https namespaces, WordPress.com and self-hosted, classic and block editor), and
what such exports hold beyond posts: untitled posts, logins Django would refuse,
pages with parents, comments, review and SEO plugin meta."""

import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from reviews import site_settings
from reviews.models import Comment, Page, Redirect, Review

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "wordpress"
WPCOM = DATA / "wpcom-https-blocks.xml"
WXR_10 = DATA / "selfhosted-wxr-1.0-classic.xml"
WXR_11 = DATA / "selfhosted-wxr-1.1-custom-rating.xml"
UTC = datetime.UTC


def run(path, *args) -> str:
    out = StringIO()
    call_command("import_wordpress", str(path), *map(str, args), stdout=out)
    return out.getvalue()


@pytest.fixture
def wpcom():
    return run(WPCOM)


def test_an_https_namespace_wordpress_com_export_is_imported(wpcom):
    assert set(Review.objects.values_list("wordpress_site", "wordpress_id")) == {
        ("nightfallnotes.wordpress.com", 12),
        ("nightfallnotes.wordpress.com", 14),
        ("nightfallnotes.wordpress.com", 15),
    }
    past_lives = Review.objects.get(wordpress_id=12)
    # Block comments are gone, the blocks' HTML stays; the https excerpt is read.
    assert "wp:" not in past_lives.body
    assert (
        "<blockquote" in past_lives.body and "Quietly devastating." in past_lives.body
    )
    assert past_lives.excerpt == "A love story in two languages."
    assert past_lives.film.title == "Past Lives" and past_lives.film.year == 2023
    assert past_lives.is_published()
    assert "Imported from nightfallnotes.wordpress.com (WXR 1.2)" in wpcom


@pytest.mark.parametrize("path", [WXR_10, WXR_11], ids=["wxr 1.0", "wxr 1.1"])
def test_older_self_hosted_classic_exports_are_imported(path):
    output = run(path)
    review = Review.objects.get(wordpress_id=7)
    assert review.wordpress_site == "www.oldreel.example"
    assert review.title == "The Third Man (1949) – a review"
    assert review.film.title == "The Third Man" and review.film.year == 1949
    # Classic-editor text gets its paragraphs and line breaks as WordPress shows it.
    assert review.body.startswith("<p>Vienna after the war")
    assert "for ten minutes<br>" in review.body
    # WXR 1.0 tags are domain="tag"; a category repeated without a domain once.
    assert sorted(review.tags.names(), key=str.casefold) == ["noir", "Reviews"]
    assert review.published_at == datetime.datetime(2009, 2, 1, 18, 30, tzinfo=UTC)
    # No author block in WXR 1.0: the login becomes the author.
    assert review.author.user.username == "admin"
    assert "1 posts: 1 created, 0 updated, 0 unchanged, 0 failed, 0 skipped" in output


def test_an_untitled_post_is_titled_from_its_first_words_and_kept_as_a_draft(wpcom):
    untitled = Review.objects.get(wordpress_id=14)
    assert untitled.title == "Watched Aftersun again tonight and it hit even …"
    assert untitled.needs_title
    # Published on WordPress, but not here until an editor gives it a title.
    assert untitled.status == Review.Status.DRAFT
    assert not untitled.is_published()
    assert untitled.wordpress_status == "publish"
    assert "left as drafts: untitled, titled from their words" in wpcom


def test_an_untitled_empty_post_is_titled_from_its_slug(wpcom):
    empty = Review.objects.get(wordpress_id=15)
    assert empty.title == "Late night thoughts"
    assert empty.needs_title and empty.status == Review.Status.DRAFT


def test_a_login_django_refuses_becomes_a_valid_username_keeping_the_byline(wpcom):
    review = Review.objects.select_related("author__user").get(wordpress_id=12)
    assert review.author.user.username == "Mira_Sol"
    assert review.author.display_name == "Mira Solberg"
    assert review.author.user.email == "mira@example.org"
    assert get_user_model().objects.filter(username="Mira_Sol").count() == 1
    assert "logins made valid usernames" in wpcom


def test_pages_become_site_pages_under_their_parents(wpcom, client):
    about = Page.objects.get(wordpress_id=30)
    team = Page.objects.get(wordpress_id=31)
    # "Team" came before its parent in the file, and still sits under it.
    assert team.parent == about
    assert (about.path, team.path) == ("about", "about/team")
    assert about.seo_description == "Who writes Nightfall Notes."
    page = client.get("/about/team/")
    assert page.status_code == 200
    assert "Mira writes, Jun edits." in page.content.decode()
    # WordPress's short link for a page leads to it.
    response = client.get("/", {"page_id": "31"})
    assert response.status_code == 301 and response["Location"] == "/about/team/"
    assert "3 pages: 3 created, 0 updated, 0 unchanged, 0 failed, 0 skipped" in wpcom


def test_a_page_never_takes_an_address_the_site_serves(wpcom, client):
    feed = Page.objects.get(wordpress_id=32)
    assert feed.path == "feed-page"
    assert client.get("/feed/")["Content-Type"].startswith("application/")
    # Its old permalink was /feed-page/ too: nothing to redirect.
    assert not Redirect.objects.filter(old_path="/feed-page/").exists()


def test_comments_are_stored_on_their_review_with_replies(wpcom):
    review = Review.objects.get(wordpress_id=12)
    comments = {c.wordpress_id: c for c in Comment.objects.filter(review=review)}
    # The pingback is another site's notice, not a comment.
    assert set(comments) == {501, 502, 503}
    jun = comments[501]
    assert jun.author_name == "Jun" and jun.author_url == "https://jun.example.net"
    assert jun.body == "The bar scene!<br>I cried."
    assert jun.posted_at == datetime.datetime(2024, 3, 6, 7, 0, tzinfo=UTC)
    assert jun.approved
    assert comments[502].parent == jun
    assert not comments[503].approved
    assert "comments: 3 created" in wpcom


def test_wp_review_stars_and_yoast_fields_fill_rating_and_seo(wpcom):
    review = Review.objects.get(wordpress_id=12)
    assert review.rating == Decimal("9.0")  # 4.5 of 5 stars, stored out of 10
    name = site_settings.current().site_name
    assert review.seo_title == f"Past Lives (2023) review – {name}"[:70]
    assert review.seo_description == (
        "Celine Song's debut is the quietest heartbreak of the year."
    )


def test_rank_math_fields_fill_seo(wpcom):
    review = Review.objects.get(wordpress_id=14)
    name = site_settings.current().site_name
    assert review.seo_title == f"Aftersun, again – {name}"[:70]
    assert review.seo_description == "A second look at Aftersun."
    assert review.rating is None


def test_a_wp_review_percentage_is_converted():
    run(WXR_10)
    assert Review.objects.get(wordpress_id=7).rating == Decimal("9.2")


def test_another_plugins_key_and_scale_are_read_when_named():
    run(WXR_11, "--rating-meta", "_my_stars", "--rating-scale", "5")
    assert Review.objects.get(wordpress_id=7).rating == Decimal("8.0")


def test_another_plugins_key_without_a_scale_is_refused_before_any_write():
    with pytest.raises(CommandError, match=r"^--rating-meta _my_stars needs"):
        run(WXR_11, "--rating-meta", "_my_stars")
    assert not Review.objects.exists()


def test_a_second_run_changes_nothing(wpcom):
    before = {
        "reviews": list(Review.objects.values_list("pk", "updated_at")),
        "pages": list(Page.objects.values_list("pk", "updated_at")),
        "comments": Comment.objects.count(),
        "redirects": Redirect.objects.count(),
    }
    again = run(WPCOM)
    assert "3 posts: 0 created, 0 updated, 3 unchanged, 0 failed, 0 skipped" in again
    assert "3 pages: 0 created, 0 updated, 3 unchanged, 0 failed, 0 skipped" in again
    assert before == {
        "reviews": list(Review.objects.values_list("pk", "updated_at")),
        "pages": list(Page.objects.values_list("pk", "updated_at")),
        "comments": Comment.objects.count(),
        "redirects": Redirect.objects.count(),
    }


def test_a_dry_run_reports_everything_and_writes_nothing():
    output = run(WPCOM, "--dry-run")
    assert (
        "Would import from nightfallnotes.wordpress.com (WXR 1.2): 3 posts: " in output
    )
    assert "3 pages: 3 created" in output and "comments: 3 created" in output
    assert not Review.objects.exists() and not Page.objects.exists()
    assert not Comment.objects.exists() and not Redirect.objects.exists()
    assert not get_user_model().objects.filter(username="Mira_Sol").exists()

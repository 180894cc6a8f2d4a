"""`import_wordpress`: a WordPress export becomes reviews, authors, films, tags and
redirects, and a second run changes nothing."""

import datetime
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from taggit.models import Tag

from people.models import Author
from reviews.imports.wordpress import content_to_html, film_in_title
from reviews.models import Film, Image, Redirect, Review
from tests.conftest import make_author, make_film

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "wordpress"
EXPORT = DATA / "export.xml"
MEDIA = DATA / "media"
UTC = datetime.UTC


def run(*args, **options) -> str:
    """Run the command on the test export, or on the path given first."""
    if not args or str(args[0]).startswith("--"):
        args = (EXPORT, *args)
    out = StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out, **options)
    return out.getvalue()


def review(post_id: int) -> Review:
    return Review.objects.select_related("film", "author").get(wordpress_id=post_id)


@pytest.fixture
def karina():
    """Karina already writes here: her login matches the export's author."""
    user = get_user_model().objects.create_user("karina")
    return make_author("Karina A.", user=user)


@pytest.fixture
def imported(karina):
    ballerina = make_film("Ballerina", year=2023, original_title="발레리나")
    output = run("--media-dir", str(MEDIA))
    return {"output": output, "karina": karina, "ballerina": ballerina}


def counts() -> dict[str, int]:
    return {
        "reviews": Review.objects.count(),
        "films": Film.objects.count(),
        "authors": Author.objects.count(),
        "users": get_user_model().objects.count(),
        "redirects": Redirect.objects.count(),
        "tags": Tag.objects.count(),
    }


def test_posts_become_reviews_and_other_items_are_reported(imported):
    assert set(Review.objects.values_list("wordpress_id", flat=True)) == {
        101,
        102,
        103,
        104,
        105,
        106,
    }
    assert set(Review.objects.values_list("wordpress_site", flat=True)) == {
        "blog.example.com"
    }
    output = imported["output"]
    assert "reviews: 6 created, 1 skipped (in the WordPress trash)" in output
    assert "pages: 1 created" in output
    assert "attachments: 2 skipped" in output
    assert "comments: 1 created" in output
    assert (
        "Imported from blog.example.com (WXR 1.2): 7 posts: 6 created, 0 updated, "
        "0 unchanged, 0 failed, 1 skipped; 1 pages: 1 created, 0 updated, "
        "0 unchanged, 0 failed, 0 skipped." in output
    )
    assert not Review.objects.filter(title="About us").exists()


def test_wordpress_states_map_to_review_states(imported):
    ballerina = review(101)
    assert ballerina.status == Review.Status.PUBLISHED
    assert ballerina.published_at == datetime.datetime(2023, 10, 6, 9, 0, tzinfo=UTC)
    assert ballerina.is_published()
    the_call = review(102)
    assert the_call.status == Review.Status.SCHEDULED
    assert the_call.published_at == datetime.datetime(2030, 1, 1, 12, 0, tzinfo=UTC)
    assert review(103).status == Review.Status.DRAFT
    assert review(103).published_at is None
    assert review(104).status == Review.Status.IN_REVIEW
    assert review(105).status == Review.Status.DRAFT  # private
    assert {r.wordpress_status for r in Review.objects.all()} == {
        "publish",
        "future",
        "draft",
        "pending",
        "private",
    }


def test_title_slug_excerpt_and_body_come_across(imported):
    ballerina = review(101)
    assert ballerina.title == "Ballerina (2023) – Review | Netflix Revenge Thriller"
    assert ballerina.slug == "ballerina-2023-review"
    assert ballerina.excerpt == "Revenge, beautifully shot."
    assert "<h2>Verdict</h2>" in ballerina.body
    # A draft without a WordPress slug gets one from its title.
    assert review(103).slug == "drive-my-car-2021-review"


def test_gutenberg_blocks_become_clean_sanitized_html(imported):
    body = review(101).body
    assert "wp:" not in body and "<!--" not in body
    assert "<script" not in body and "onclick" not in body
    assert "class=" not in body
    assert "<p>Stylish, violent and <strong>short</strong>.</p>" in body
    assert '<a href="https://www.youtube.com/watch?v=abc123"' in body


def test_caption_and_other_shortcodes_become_clean_html(imported):
    body = review(102).body
    assert (
        '<figure><img src="https://blog.example.com/wp-content/uploads/2023/11/'
        'the-call-still.jpg" alt="Park Shin-hye on the phone" width="640" '
        'height="360"><figcaption>Park Shin-hye answers the call.</figcaption>'
        "</figure>"
    ) in body
    assert "[caption" not in body.replace("<p>[caption] is how", "")
    assert "[spoiler]" not in body and "The ending is bleak." in body
    assert "Watch it [sic]." in body  # brackets that are no shortcode stay
    assert "<p>[caption] is how WordPress writes a caption.</p>" in body
    # Classic-editor text gets its paragraphs and line breaks.
    assert "<p>A phone connects two women twenty years apart.</p>" in body
    assert "Tense from the first ring<br>" in body


def test_authors_are_matched_by_login_or_created_from_the_export(imported):
    assert review(101).author == imported["karina"]
    jonas = review(102).author
    assert jonas.display_name == "Jonas Berg"
    assert jonas.user.username == "jonas"
    assert jonas.user.email == "jonas@example.com"
    assert not jonas.user.has_usable_password()
    assert "authors: 1 created, 1 found" in imported["output"]


def test_default_author_takes_posts_of_unknown_logins(karina):
    house = make_author("House Critic")
    run("--default-author", house.slug)
    assert review(102).author == house
    assert review(101).author == karina
    assert not get_user_model().objects.filter(username="jonas").exists()


def test_an_unknown_default_author_is_a_clear_error():
    with pytest.raises(CommandError, match="No author with the slug 'nobody'"):
        run("--default-author", "nobody")
    assert Review.objects.count() == 0


def test_categories_and_tags_become_tags(imported):
    assert sorted(review(101).tags.names()) == ["Horror", "Korean", "Netflix"]
    # WordPress's default category is dropped.
    assert sorted(review(102).tags.names()) == ["Korean"]
    assert not Tag.objects.filter(name__iexact="uncategorized").exists()


def test_existing_tags_are_reused_whatever_their_case(karina):
    Tag.objects.create(name="netflix", slug="netflix")
    output = run()
    assert Tag.objects.filter(name__iexact="netflix").count() == 1
    assert "tags: 2 created, 1 found" in output


def test_film_named_in_the_title_is_attached_or_created(imported):
    assert review(101).film == imported["ballerina"]  # matched, not duplicated
    assert Film.objects.filter(title="Ballerina").count() == 1
    the_call = review(102).film
    assert (the_call.title, the_call.year) == ("The Call", 2020)
    assert (review(104).film.title, review(104).film.year) == ("Smile", 2022)
    assert "films: 4 created, 1 found" in imported["output"]


def test_published_post_naming_no_film_stays_a_draft_flagged_needs_film(imported):
    listicle = review(106)
    assert listicle.film is None
    assert listicle.needs_film
    assert listicle.status == Review.Status.DRAFT
    assert listicle.wordpress_status == "publish"
    # The original date is kept for when an editor publishes it again.
    assert listicle.published_at == datetime.datetime(2023, 12, 31, 18, tzinfo=UTC)
    assert not Review.objects.filter(needs_film=True).exclude(wordpress_id=106)
    assert "1 left as drafts: need a film" in imported["output"]


def test_featured_image_comes_from_the_media_folder(imported, media_root):
    ballerina = review(101)
    # The featured image is a library image, with the attachment's alt text.
    hero = ballerina.hero
    assert hero.file.name == "library/wordpress/101-ballerina-poster.jpg"
    stored = Path(media_root) / hero.file.name
    assert stored.read_bytes() == (MEDIA / "2023/10/ballerina-poster.jpg").read_bytes()
    assert hero.alt_text == "Jun Jong-seo in a black coat"
    assert ballerina.original_image_url == ""


def test_a_featured_image_already_in_the_library_is_reused(karina):
    from django.core.files import File

    from reviews.library.models import add_to_library

    with (MEDIA / "2023/10/ballerina-poster.jpg").open("rb") as source:
        still, _ = add_to_library(
            file=File(source), name="ballerina.jpg", alt_text="Ok-ju in a black coat"
        )

    run("--media-dir", str(MEDIA))

    assert review(101).hero == still
    assert still.alt_text == "Ok-ju in a black coat"  # the library's words stay
    assert Image.objects.count() == 1


def test_featured_image_not_in_the_media_folder_keeps_its_url(imported):
    the_call = review(102)
    assert the_call.hero is None
    assert the_call.original_image_url == (
        "https://blog.example.com/wp-content/uploads/2023/11/the-call-still.jpg"
    )


def test_a_featured_image_that_is_no_picture_keeps_the_post_and_its_url(
    karina, tmp_path
):
    import shutil

    media = tmp_path / "media"
    shutil.copytree(MEDIA, media)
    (media / "2023/10/ballerina-poster.jpg").write_bytes(b"<html>Not found</html>")

    output = run("--media-dir", str(media))

    assert review(101).hero is None
    assert review(101).original_image_url.endswith("/2023/10/ballerina-poster.jpg")
    assert "not a picture Heaven can read: kept as original URL" in output
    assert "copied from the media folder" not in output
    assert not Image.objects.exists()


def test_without_a_media_folder_every_featured_image_keeps_its_url(karina):
    run()
    assert review(101).hero is None
    assert review(101).original_image_url.endswith("/2023/10/ballerina-poster.jpg")


def test_old_permalinks_redirect_permanently_to_the_review(imported, client):
    ballerina, the_call = review(101), review(102)
    response = client.get("/2023/10/ballerina-2023-review/")
    assert response.status_code == 301
    assert response["Location"] == ballerina.get_absolute_url()
    assert client.get(response["Location"]).status_code == 200
    # A scheduled post's old link answers from its publish time, not before (the
    # redirect would name an address readers cannot open yet); without the
    # trailing slash too.
    assert the_call.status == Review.Status.SCHEDULED
    assert client.get("/2030/01/the-call-2020-review").status_code == 404
    with time_machine.travel(the_call.published_at + datetime.timedelta(seconds=1)):
        response = client.get("/2030/01/the-call-2020-review")
    assert response.status_code == 301
    assert response["Location"] == the_call.get_absolute_url()
    # Unknown addresses are still a 404.
    assert client.get("/2023/10/no-such-post/").status_code == 404


def test_wordpress_short_links_redirect_to_the_review(imported, client):
    response = client.get("/", {"p": "101"})
    assert response.status_code == 301
    assert response["Location"] == review(101).get_absolute_url()
    # An old link to a post that is a draft here names nothing: the home page.
    assert client.get("/", {"p": "103"}).status_code == 200
    # A short link to something that was not imported shows the home page as before.
    assert client.get("/", {"p": "999999"}).status_code == 200
    assert client.get("/", {"p": "not-a-number"}).status_code == 200


def test_redirects_follow_a_review_when_its_slug_changes(imported, client):
    ballerina = review(101)
    ballerina.slug = "ballerina-review"
    ballerina.save()
    response = client.get("/2023/10/ballerina-2023-review/")
    assert response["Location"] == "/reviews/ballerina-review/"


def test_a_second_import_changes_nothing(imported):
    before = {r.pk: (r.updated_at, r.body, r.hero_id) for r in Review.objects.all()}
    counts_before = counts()
    output = run("--media-dir", str(MEDIA))
    assert counts() == counts_before
    after = {r.pk: (r.updated_at, r.body, r.hero_id) for r in Review.objects.all()}
    assert after == before
    assert "reviews: 6 unchanged" in output
    assert "Nothing to do." in output


def test_a_second_import_updates_only_what_changed(imported, tmp_path):
    changed = EXPORT.read_text().replace(
        "Grinning faces everywhere.", "Grinning faces, everywhere, all the time."
    )
    path = tmp_path / "export.xml"
    path.write_text(changed)
    untouched = review(101).updated_at
    output = run(path, "--media-dir", str(MEDIA))
    assert "reviews: 1 updated, 5 unchanged" in output
    assert "all the time" in review(104).body
    assert review(101).updated_at == untouched
    assert Review.objects.count() == 6


def test_an_editors_film_survives_a_re_import(imported, tmp_path):
    listicle = review(106)
    listicle.film = make_film("Talk to Me", year=2023)
    listicle.save()
    path = tmp_path / "export.xml"
    path.write_text(EXPORT.read_text().replace("<li>Ballerina</li>", "<li>Smile</li>"))
    run(path)
    listicle = review(106)
    assert listicle.film.title == "Talk to Me"
    assert listicle.status == Review.Status.PUBLISHED
    assert not listicle.needs_film


def test_dry_run_writes_nothing_and_prints_the_same_summary(karina, media_root):
    before = counts()
    dry = run("--dry-run", "--media-dir", str(MEDIA))
    assert counts() == before
    assert not Path(media_root).exists() or not any(Path(media_root).rglob("*.jpg"))
    assert dry.startswith("Dry run: nothing was written.")
    real = run("--media-dir", str(MEDIA))
    assert dry.splitlines()[1:-1] == real.splitlines()[:-1]


HOSTILE = {
    "malformed": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
        "<item><title>Broken</item></channel></rss>",
        r"^Malformed XML: mismatched tag: line 1, column \d+\.$",
    ),
    "empty": ("", r"^Malformed XML: no element found: line 1, column 0\.$"),
    "billion laughs": (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        "<rss><channel><title>&lol3;</title></channel></rss>",
        r"^Refusing hostile XML: the file declares a DTD or entities",
    ),
    "external entity": (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM '
        '"secrets.txt">]>\n<rss><channel><title>&xxe;</title></channel></rss>',
        r"^Refusing hostile XML",
    ),
    "not wxr (html)": (
        "<html><body><p>Hello</p></body></html>",
        r"^Not a WordPress export: the root element is <html>, not <rss>\.$",
    ),
    "not wxr (plain rss)": (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title>'
        "<link>https://feed.example.com</link><item><title>Post</title></item>"
        "</channel></rss>",
        r"^Not a WordPress export: no wp:wxr_version before the first item\.$",
    ),
    "old wxr": (
        '<rss xmlns:wp="http://wordpress.org/export/0.9/"><channel>'
        "<wp:wxr_version>0.9</wp:wxr_version></channel></rss>",
        r"^Unsupported WXR version 0\.9; expected 1\.0, 1\.1 or 1\.2\.$",
    ),
}


@pytest.mark.parametrize("case", HOSTILE.keys())
def test_bad_files_end_with_one_line_and_leave_the_database_untouched(
    case, tmp_path, karina
):
    content, message = HOSTILE[case]
    path = tmp_path / "export.xml"
    path.write_text(content)
    before = counts()
    with pytest.raises(CommandError, match=message) as raised:
        run(path)
    assert "\n" not in str(raised.value)
    assert counts() == before


def test_a_file_broken_after_good_posts_imports_nothing(tmp_path, karina):
    text = EXPORT.read_text()
    path = tmp_path / "export.xml"
    path.write_text(text.replace("</channel>", "<item><title>cut off"))
    with pytest.raises(CommandError, match="^Malformed XML"):
        run(path)
    assert Review.objects.count() == 0


def test_a_missing_file_is_a_one_line_error(tmp_path):
    with pytest.raises(CommandError, match=r"^Cannot read missing\.xml"):
        run(tmp_path / "missing.xml")


def test_the_command_exits_non_zero_on_a_bad_file(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text("<html></html>")
    with pytest.raises(SystemExit) as exited:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", "import_wordpress", str(path)])
    assert exited.value.code == 1


def bad_post_export(tmp_path) -> Path:
    text = EXPORT.read_text().replace(
        "<wp:status><![CDATA[pending]]></wp:status>",
        "<wp:status><![CDATA[limbo]]></wp:status>",
    )
    path = tmp_path / "export.xml"
    path.write_text(text)
    return path


def test_one_bad_post_is_reported_with_its_id_and_the_rest_import(tmp_path, karina):
    output = run(bad_post_export(tmp_path))
    assert "error: post 104: unknown WordPress status 'limbo'" in output
    assert Review.objects.count() == 5
    # The last line counts what happened, not what the file held.
    assert "7 posts: 5 created, 0 updated, 0 unchanged, 1 failed, 1 skipped" in output
    assert "Imported 7 posts" not in output
    assert not Review.objects.filter(wordpress_id=104).exists()


def test_strict_stops_at_the_first_bad_post_and_imports_nothing(tmp_path, karina):
    with pytest.raises(CommandError, match=r"^post 104: unknown WordPress status"):
        run(bad_post_export(tmp_path), "--strict")
    assert Review.objects.count() == 0


def test_a_post_whose_slug_is_taken_gets_a_free_one(karina):
    from tests.conftest import make_review

    make_review("Ballerina", slug="ballerina-2023-review")
    run()
    assert review(101).slug == "ballerina-2023-review-2"


def test_quiet_runs_print_nothing(karina):
    assert run(verbosity=0) == ""


@pytest.mark.parametrize(
    ("title", "film"),
    [
        ("Ballerina (2023) – Review | Netflix Revenge Thriller", ("Ballerina", 2023)),
        ("Review: The Call (2020)", ("The Call", 2020)),
        ("“Smile” (2022) review", ("Smile", 2022)),
        ("Movie Review - Drive My Car (2021)", ("Drive My Car", 2021)),
        ("Our ten favourite horror films", None),
        ("Squid Game (Season 2) – Review", None),
    ],
)
def test_the_film_is_read_from_the_title(title, film):
    assert film_in_title(title) == film


def test_gallery_shortcode_uses_the_exports_attachments():
    from reviews.imports.wordpress import Attachment

    html = content_to_html(
        '[gallery ids="7,8"]',
        attachments={7: Attachment("https://blog.example.com/a.jpg", "A")},
    )
    assert html == '<figure><img src="https://blog.example.com/a.jpg" alt="A"></figure>'


def test_a_caption_inside_a_paragraph_leaves_no_empty_paragraphs():
    html = content_to_html(
        "<!-- wp:paragraph --><p>[caption]<img src='https://e.example.com/a.jpg' "
        "alt='A'> A.[/caption]</p><!-- /wp:paragraph -->",
        attachments={},
    )
    assert html == (
        '<figure><img src="https://e.example.com/a.jpg" alt="A">'
        "<figcaption>A.</figcaption></figure>"
    )


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_only(karina):
    terminal = Terminal()
    call_command("import_wordpress", str(EXPORT), stdout=terminal)
    assert "\rImporting posts: 7/7\n" in terminal.getvalue()
    assert "Importing posts" not in run("--dry-run")


def test_a_run_without_the_media_folder_keeps_images_copied_before(imported, tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(EXPORT.read_text().replace("Stylish, violent", "Stylish, brutal"))
    run(path)
    ballerina = review(101)
    assert ballerina.hero.file.name == "library/wordpress/101-ballerina-poster.jpg"
    assert ballerina.original_image_url == ""
    assert "brutal" in ballerina.body


def test_a_published_post_without_any_date_is_reported(tmp_path, karina):
    text = EXPORT.read_text()
    for old in (
        "<pubDate>Sun, 31 Dec 2023 18:00:00 +0000</pubDate>",
        "<wp:post_date><![CDATA[2023-12-31 19:00:00]]></wp:post_date>",
        "<wp:post_date_gmt><![CDATA[2023-12-31 18:00:00]]></wp:post_date_gmt>",
    ):
        assert old in text
        text = text.replace(old, "")
    path = tmp_path / "export.xml"
    path.write_text(text)
    output = run(path)
    assert "error: post 106: a publish post without a date" in output
    assert Review.objects.count() == 5


def test_a_published_post_without_a_gmt_date_uses_its_pubdate(tmp_path, karina):
    path = tmp_path / "export.xml"
    path.write_text(
        EXPORT.read_text().replace(
            "<wp:post_date_gmt><![CDATA[2023-10-06 09:00:00]]></wp:post_date_gmt>",
            "<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>",
        )
    )
    run(path)
    assert review(101).published_at == datetime.datetime(2023, 10, 6, 9, tzinfo=UTC)


def test_wxr_1_1_exports_import_the_same(tmp_path, karina):
    path = tmp_path / "export.xml"
    path.write_text(
        EXPORT.read_text()
        .replace("http://wordpress.org/export/1.2/", "http://wordpress.org/export/1.1/")
        .replace("<wp:wxr_version>1.2<", "<wp:wxr_version>1.1<")
    )
    output = run(path)
    assert "(WXR 1.1)" in output
    assert review(101).excerpt == "Revenge, beautifully shot."
    assert Review.objects.count() == 6

"""The pre-publish checklist, word count and previews on the review change form."""

import io
import re

import pytest
from PIL import Image

from reviews import workflow
from reviews.models import Review
from reviews.reading import reading_minutes, word_count
from tests.conftest import make_author, make_film, make_library_image, make_review
from tests.test_admin import admin_url

pytestmark = pytest.mark.django_db


def ready_draft(**fields):
    fields.setdefault("film", make_film("Ballerina"))
    fields.setdefault("author", make_author("Ana"))
    return make_review("Ballerina review", published=False, **fields)


def test_words_are_counted_across_tags():
    assert word_count("<p>one</p><p>two <strong>three</strong>-four</p>") == 4
    assert word_count("<p>Ok-ju's revenge</p>") == 2
    assert reading_minutes("") == 0
    assert reading_minutes("<p>" + "word " * 231 + "</p>") == 2


def test_a_broken_internal_link_blocks_publishing_with_a_clear_message(admin_user):
    review = ready_draft(body='<p><a href="/people/nobody-here/">Nobody</a></p>')
    with pytest.raises(workflow.NotReadyToPublish) as error:
        workflow.publish(review, by=admin_user)
    assert "working links instead of /people/nobody-here/" in str(error.value)
    review.refresh_from_db()
    assert review.status == Review.Status.DRAFT


def test_warnings_do_not_block_publishing(admin_user):
    review = ready_draft(excerpt="", rating=None)
    failed = [c.label for c in workflow.checklist(review) if not c.passed]
    assert failed == [
        "Rating set",
        "Hero image",
        "Excerpt",
        "At least one tag",
        "SEO description 50–160 characters",
    ]
    workflow.publish(review, by=admin_user)
    assert review.status == Review.Status.PUBLISHED


def test_the_checklist_is_all_green_for_a_complete_review():
    review = ready_draft(
        rating="8",
        excerpt="A bodyguard takes revenge in a stylish Netflix thriller from Korea.",
        hero=make_library_image("Jun Jong-seo in a dark corridor"),
    )
    review.tags.add("Korean")
    checks = workflow.checklist(review)
    assert [check.label for check in checks if not check.passed] == []
    labels = {check.label for check in checks}
    assert {"Rating set", "Hero image", "Excerpt", "At least one tag"} <= labels


def test_the_change_form_shows_checklist_length_and_previews(admin_client):
    review = ready_draft(
        seo_title="Ballerina (2023) review: revenge, beautifully shot",
        seo_description="Too short.",
        body="<p>" + "word " * 459 + '<a href="/people/nobody-here/">x</a></p>',
        hero=make_library_image("Jun Jong-seo in a dark corridor"),
    )
    page = admin_client.get(admin_url(Review, "change", review.pk)).text
    # The panels' numbers sit in spans that static/desk/live_panels.js updates.
    text = re.sub(r"<span[^>]*>|</span>", "", page)

    assert "Not yet. Missing: working links instead of /people/nobody-here/." in page
    assert '<li class="check-failed">' in page and "this blocks publishing" in page
    assert "Hero image has alt text" not in page  # the library requires it
    assert "Rating set: not yet (a warning; it does not block publishing)" in page
    assert "460 words, about 2 min to read" in text
    assert "Title: 50 of about 60 characters." in text
    assert "Description: 10 of about 160 characters." in text
    assert 'class="social-card"><img src="/media/renditions/' in page


def _jpeg(size=(900, 500)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 20, 40)).save(buffer, format="JPEG")
    return buffer.getvalue()

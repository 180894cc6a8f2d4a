"""The admin's fit and finish: "View on site" for a library image opens where
readers see it, or is not offered."""

import pytest
from django.urls import reverse

from reviews.models import Review
from tests.conftest import make_library_image, make_review

pytestmark = pytest.mark.django_db


def image_page(client, image) -> str:
    return client.get(reverse("admin:reviews_image_change", args=[image.pk])).text


def test_view_on_site_for_an_image_opens_the_published_review_it_heads(admin_client):
    image = make_library_image("Ok-ju on a rooftop")
    make_review(title="A draft", hero=image, status=Review.Status.DRAFT)
    review = make_review(title="The Handmaiden", hero=image)
    page = image_page(admin_client, image)
    assert f'href="{review.get_absolute_url()}" class="viewsitelink"' in page
    assert "/admin/r/" not in page


def test_view_on_site_is_not_offered_for_an_image_readers_do_not_see(admin_client):
    unused = make_library_image("A corridor")
    in_a_draft = make_library_image("A staircase")
    make_review(title="A draft", hero=in_a_draft, status=Review.Status.DRAFT)
    for image in (unused, in_a_draft):
        assert "viewsitelink" not in image_page(admin_client, image)

"""The review form's tag field keeps tags as the writer typed them: commas
separate, spaces and case stay, nothing comes back quoted (heaven/tag_input.py)."""

import re

from django.urls import reverse
from taggit.models import Tag

from tests.conftest import make_review
from tests.workflow_support import form_data


def shown_tags(page) -> str:
    (value,) = re.findall(r'name="tags" value="([^"]*)"', page.text)
    return value


def test_new_tags_keep_their_spelling_and_come_back_unquoted(admin_client):
    review = make_review(title="Parasite")
    url = reverse("admin:reviews_review_change", args=[review.pk])
    typed = "Film Noir,  Bong Joon-ho , 'Oscar winners', film noir, \"Rock, Paper\""
    response = admin_client.post(
        url, {**form_data(admin_client.get(url)), "tags": typed}
    )
    assert response.status_code == 302

    assert sorted(review.tags.names()) == [
        "Bong Joon-ho",
        "Film Noir",
        "Oscar winners",
        "Rock, Paper",
    ]
    page = admin_client.get(url)
    assert (
        shown_tags(page)
        == "Bong Joon-ho, Film Noir, Oscar winners, &quot;Rock, Paper&quot;"
    )
    # Saving the form as shown changes nothing.
    admin_client.post(url, {**form_data(page)})
    assert Tag.objects.count() == 4
    assert sorted(review.tags.names())[0] == "Bong Joon-ho"


def test_an_existing_tag_is_matched_whatever_the_case(admin_client):
    Tag.objects.create(name="Korean")
    review = make_review(title="Burning")
    url = reverse("admin:reviews_review_change", args=[review.pk])
    admin_client.post(url, {**form_data(admin_client.get(url)), "tags": "korean"})
    assert list(review.tags.names()) == ["Korean"]
    assert Tag.objects.count() == 1

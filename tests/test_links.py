"""Page addresses made without `reverse()` per link are the addresses `reverse()`
makes, for every kind of slug and under a script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from heaven.links import slug_url

SLUGS = ["ballerina-2023", "전종서", "zoë-kravitz", "a_b-2", "x"]
VIEWS = ["people:person", "people:author", "reviews:film", "reviews:review"]


@pytest.mark.parametrize("viewname", VIEWS)
@pytest.mark.parametrize("slug", SLUGS)
def test_the_address_is_the_one_reverse_makes(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_a_script_prefix_is_kept():
    set_script_prefix("/blog/")
    try:
        assert slug_url("reviews:film", "nightfall") == "/blog/films/nightfall/"
        assert slug_url("reviews:film", "전종서") == reverse(
            "reviews:film", kwargs={"slug": "전종서"}
        )
    finally:
        set_script_prefix("/")
    assert slug_url("reviews:film", "nightfall") == "/films/nightfall/"


@pytest.mark.parametrize("slug", ["", "has space", "a/b"])
def test_a_slug_the_address_cannot_hold_fails_like_reverse(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("reviews:film", slug)

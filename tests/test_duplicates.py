"""The possible-duplicates report and the admin's alias-aware person search."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from people.duplicates import find_duplicate_people
from tests.conftest import make_credit, make_film, make_person


def test_same_folded_name_is_reported_with_credit_counts(demo):
    jeon = make_person("JEON JONG SEO")
    make_credit(make_film("Burning", year=2018), jeon)
    pairs = find_duplicate_people()
    pair = next(
        p
        for p in pairs
        if {p.first.name, p.second.name} == {"Jun Jong-seo", "JEON JONG SEO"}
    )
    assert pair.same_folded_name
    counts = {
        pair.first.name: pair.first_credits,
        pair.second.name: pair.second_credits,
    }
    assert counts == {"Jun Jong-seo": 2, "JEON JONG SEO": 1}


def test_very_similar_names_are_reported(db):
    make_person("Hidetoshi Nishijima")
    make_person("Hidetoshi Nishjima")
    (pair,) = find_duplicate_people()
    assert not pair.same_folded_name
    assert pair.similarity > 0.9


def test_a_persons_own_aliases_are_not_duplicates(demo):
    assert find_duplicate_people() == []


def test_different_people_are_not_reported(db):
    make_person("Park Shin-hye")
    make_person("Kim Ji-hoon")
    assert find_duplicate_people() == []


def test_the_command_lists_pairs(demo):
    make_person("Jeon Jong-seo", slug="jeon-jong-seo-2")
    out = StringIO()
    call_command("find_duplicate_people", stdout=out)
    text = out.getvalue()
    assert (
        "Jun Jong-seo [jun-jong-seo, 2 credits] ~ Jeon Jong-seo [jeon-jong-seo-2, 0 credits]"
        in text
    )
    assert "same name when folded" in text
    assert "1 possible duplicate pair." in text


def test_the_command_lists_the_surest_pairs_first_up_to_a_limit(demo):
    make_person("Jeon Jong-seo", slug="jeon-jong-seo-2")
    make_person("Jun Jong-sea")
    out = StringIO()
    call_command("find_duplicate_people", "--limit", "1", stdout=out)
    lines = out.getvalue().splitlines()
    assert "same name when folded" in lines[0]
    assert "2 possible duplicate pairs." in lines[-1]
    assert len(lines) == 2


def test_the_command_rejects_a_bad_similarity(db):
    with pytest.raises(CommandError, match="--similarity must be above 0"):
        call_command("find_duplicate_people", "--similarity", "2", stdout=StringIO())


def test_the_command_says_when_there_is_nothing(demo):
    out = StringIO()
    call_command("find_duplicate_people", stdout=out)
    assert "Nothing to do" in out.getvalue()


# Admin search ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    ["jeon jongseo", "JEON JONG-SEO", "전종서", "종서", "Jun Jong Seo", "nm8545486"],
)
def test_admin_person_search_finds_any_alias_spelling(demo, admin_client, spelling):
    demo["jun"].imdb_id = "nm8545486"
    demo["jun"].save()
    response = admin_client.get(
        reverse("admin:people_person_changelist"), {"q": spelling}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [demo["jun"]]


def test_admin_autocomplete_finds_people_by_alias(demo, admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "jeon jong seo",
            "app_label": "reviews",
            "model_name": "credit",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Jun Jong-seo"]


def test_admin_person_search_survives_odd_input(demo, admin_client):
    for query in ["%", "'; --", "🎬", "x" * 5000, "nm\x00", "jeon\x00"]:
        response = admin_client.get(
            reverse("admin:people_person_changelist"), {"q": query}
        )
        assert response.status_code == 200


def test_admin_alias_autocomplete_folds_names(demo, admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "JEON jongseo",
            "app_label": "reviews",
            "model_name": "credit",
            "field_name": "credited_as",
        },
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Jeon Jong-seo"]

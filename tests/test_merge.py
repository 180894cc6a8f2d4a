"""Merging a duplicate person: nothing lost, one transaction, old links keep working."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from people import merge
from people.merge import MergeConflict, merge_people, plan_merge
from people.models import Person, PersonAlias
from reviews.models import Credit
from tests.conftest import (
    make_alias,
    make_credit,
    make_film,
    make_library_image,
    make_person,
)


@pytest.fixture
def duplicate(demo):
    """Jeon Jong-seo entered a second time, with a credit of her own, one shared
    with Jun Jong-seo and an alias."""
    jeon = make_person(
        "Jeon Jongseo", imdb_id="nm8545486", birth_date=datetime.date(1994, 7, 5)
    )
    make_alias(jeon, "Jeon J.", kind=PersonAlias.Kind.MISSPELLING)
    ballerina = demo["ballerina"].film
    make_credit(ballerina, jeon, character="Ok-ju", billing_order=1)
    make_credit(make_film("Burning", year=2018), jeon, character="Hae-mi")
    return jeon


def state(*people):
    """What a reader could see of these people."""
    return {
        person.slug: {
            "name": Person.objects.filter(pk=person.pk)
            .values_list("name", flat=True)
            .first(),
            "credits": sorted(
                Credit.objects.filter(person=person).values_list(
                    "film__title", "role", "character"
                )
            ),
            "aliases": sorted(
                PersonAlias.objects.filter(person=person).values_list("name", "slug")
            ),
        }
        for person in people
    }


def test_merge_moves_credits_and_aliases_and_collapses_duplicates(duplicate, demo):
    jun = demo["jun"]
    merge_people(source=duplicate, target=jun)

    assert not Person.objects.filter(pk=duplicate.pk).exists()
    credits = sorted(
        Credit.objects.filter(person=jun).values_list("film__title", "character")
    )
    assert credits == [
        ("Ballerina", "Ok-ju"),
        ("Burning", "Hae-mi"),
        ("The Call", "Young-sook"),
    ]
    aliases = {alias.name: alias for alias in jun.aliases.all()}
    assert set(aliases) == {"Jeon Jong-seo", "전종서", "Jeon J.", "Jeon Jongseo"}
    assert aliases["Jeon Jongseo"].slug == "jeon-jongseo"


def test_merge_keeps_external_ids_and_facts_the_target_lacks(duplicate, demo):
    merge_people(source=duplicate, target=demo["jun"])
    jun = Person.objects.get(pk=demo["jun"].pk)
    assert jun.imdb_id == "nm8545486"
    assert jun.birth_date == datetime.date(1994, 7, 5)


def test_merge_takes_the_library_photo_the_target_lacks(duplicate, demo):
    photo = make_library_image("Jun Jong-seo at a premiere")
    duplicate.photo = photo
    duplicate.save()
    merge_people(source=duplicate, target=demo["jun"])
    assert Person.objects.get(pk=demo["jun"].pk).photo == photo


def test_the_old_address_redirects_to_the_person_kept(duplicate, demo, client):
    merge_people(source=duplicate, target=demo["jun"])
    response = client.get("/people/jeon-jongseo/")
    assert response.status_code == 301
    assert response["Location"] == "/people/jun-jong-seo/"


def test_merged_name_is_found_by_search(duplicate, demo, client):
    merge_people(source=duplicate, target=demo["jun"])
    response = client.get(reverse("search"), {"q": "jeon jong seo"})
    assert [person.name for person in response.context["results"].people] == [
        "Jun Jong-seo"
    ]


def test_credits_credited_as_a_moving_alias_follow_it(demo):
    jun, other = demo["jun"], make_person("Jun Jong-seo (2)")
    alias = make_alias(other, "Jeon Jong-seo")  # Jun already has this alias
    credit = make_credit(make_film("Burning", year=2018), other, credited_as=alias)
    merge_people(source=other, target=jun)
    credit.refresh_from_db()
    assert credit.person == jun
    assert credit.credited_as == jun.aliases.get(name="Jeon Jong-seo")


def test_different_imdb_ids_stop_the_merge_and_change_nothing(duplicate, demo):
    jun = demo["jun"]
    jun.imdb_id = "nm0000001"
    jun.save()
    before = state(duplicate, jun)
    with pytest.raises(
        MergeConflict, match="IMDb id nm8545486 but Jun Jong-seo has nm0000001"
    ):
        merge_people(source=duplicate, target=jun)
    assert state(duplicate, jun) == before


def test_a_person_cannot_be_merged_into_themselves(demo):
    with pytest.raises(MergeConflict, match="into themselves"):
        merge_people(source=demo["jun"], target=demo["jun"])


def test_a_failure_halfway_leaves_both_people_untouched(duplicate, demo, monkeypatch):
    jun = demo["jun"]
    before = state(duplicate, jun)

    def fail(**kwargs):
        raise RuntimeError("disk full")

    # Aliases and credits have moved by the time the last step fails.
    monkeypatch.setattr(merge, "_take_facts_and_delete", fail)
    with pytest.raises(RuntimeError):
        merge_people(source=duplicate, target=jun)
    assert state(duplicate, jun) == before
    assert Person.objects.get(pk=duplicate.pk).imdb_id == "nm8545486"


def test_dry_run_writes_nothing_and_shows_the_plan(duplicate, demo):
    before = state(duplicate, demo["jun"])
    plan = merge_people(source=duplicate, target=demo["jun"], dry_run=True)
    assert state(duplicate, demo["jun"]) == before
    summary = "\n".join(plan.summary())
    assert "Moving to Jun Jong-seo: 1 credit." in summary
    assert "Already on Jun Jong-seo, so merged into theirs: 1 credit." in summary
    assert "/people/jeon-jongseo/ redirects to /people/jun-jong-seo/" in summary


def test_the_command_merges(duplicate, demo):
    out = StringIO()
    call_command("merge_people", "jeon-jongseo", "jun-jong-seo", stdout=out)
    assert "Merged Jeon Jongseo into Jun Jong-seo." in out.getvalue()
    assert not Person.objects.filter(slug="jeon-jongseo").exists()
    assert Credit.objects.filter(person=demo["jun"]).count() == 3


def test_the_command_dry_run_writes_nothing(duplicate, demo):
    before = state(duplicate, demo["jun"])
    out = StringIO()
    call_command(
        "merge_people", "jeon-jongseo", "jun-jong-seo", "--dry-run", stdout=out
    )
    assert "Dry run: nothing was changed." in out.getvalue()
    assert "Aliases move: Jeon J." in out.getvalue()
    assert state(duplicate, demo["jun"]) == before


def test_the_command_rejects_unknown_people_and_conflicts(duplicate, demo):
    with pytest.raises(CommandError, match="No person with the slug or id “nobody”"):
        call_command("merge_people", "nobody", "jun-jong-seo", stdout=StringIO())
    with pytest.raises(CommandError, match="is not a slug or an id"):
        call_command("merge_people", "jun\x00; --", "jun-jong-seo", stdout=StringIO())
    with pytest.raises(CommandError, match="into themselves"):
        call_command("merge_people", "jun-jong-seo", "jeon-jong-seo", stdout=StringIO())


# The admin action ------------------------------------------------------------------

CHANGELIST = reverse("admin:people_person_changelist")


def test_admin_action_shows_what_will_move_before_merging(
    duplicate, demo, admin_client
):
    jun = demo["jun"]
    response = admin_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": [jun.pk, duplicate.pk]},
    )
    assert response.status_code == 200
    text = response.text
    assert "Keep Jun Jong-seo" in text and "Keep Jeon Jongseo" in text
    assert "Burning (2023) – Hae-mi" not in text  # the film's own year shows
    assert "Jeon Jongseo – Cast (Hae-mi)" in text
    assert "/people/jeon-jongseo/ redirects to /people/jun-jong-seo/" in text
    assert 'value="Merge Jeon Jongseo into Jun Jong-seo"' in text
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_admin_action_merges_after_confirmation(duplicate, demo, admin_client):
    jun = demo["jun"]
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": [jun.pk, duplicate.pk],
            "post": "yes",
            "keep": jun.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Merged Jeon Jongseo into Jun Jong-seo" in response.text
    assert not Person.objects.filter(pk=duplicate.pk).exists()
    assert Credit.objects.filter(person=jun).count() == 3


def test_admin_action_reports_a_conflict_and_changes_nothing(
    duplicate, demo, admin_client
):
    jun = demo["jun"]
    jun.imdb_id = "nm0000001"
    jun.save()
    response = admin_client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": [jun.pk, duplicate.pk],
            "post": "yes",
            "keep": jun.pk,
        },
        follow=True,
    )
    assert "Not merged:" in response.text
    assert Person.objects.filter(pk=duplicate.pk).exists()


def test_admin_action_needs_exactly_two_people(demo, admin_client):
    response = admin_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": [demo["jun"].pk]},
        follow=True,
    )
    assert "Select exactly two people to merge." in response.text


def test_plan_lists_the_new_alias(duplicate, demo):
    plan = plan_merge(source=duplicate, target=demo["jun"])
    assert plan.new_alias == "Jeon Jongseo"
    assert plan.conflicts == []

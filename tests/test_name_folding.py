"""One person however their name is spelled: case, accents, hyphens and spacing."""

import pytest

from people.models import Person, PersonAlias
from people.search import fold_name, fold_query
from tests.conftest import make_alias, make_person

SPELLINGS_OF_JEON_JONG_SEO = [
    "Jeon Jong-seo",
    "jeon jongseo",
    "Jeon Jong-Seo",
    "JEON JONG SEO",
    "  Jeon   Jong — Seo ",
    "Jéon Jöng-séo",
]


@pytest.mark.parametrize("spelling", SPELLINGS_OF_JEON_JONG_SEO)
def test_every_spelling_folds_to_one_key(spelling):
    assert fold_name(spelling) == fold_name("Jeon Jong-seo") == "jeonjongseo"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("전종서", "전종서"),
        ("濱口竜介", "濱口竜介"),
        ("Zoë Kravitz", "zoekravitz"),
        ("Søren Kierkegaard", "sorenkierkegaard"),
        ("Straße", "strasse"),
        ("O'Brien-Smith", "obriensmith"),
        ("", ""),
        ("🎬 !!", ""),
    ],
)
def test_folding_keeps_letters_of_every_script_and_drops_the_rest(name, key):
    assert fold_name(name) == key


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Đorđe Balašević", "Dorde Balasevic"),
        ("Guðrún Ósvífursdóttir", "Gudrun Osvifursdottir"),
        ("Łukasz Żak", "Lukasz Zak"),
        ("Ħamrun Spartans", "Hamrun Spartans"),
        ("Işıl Yücesoy", "Isil Yucesoy"),
        ("Máŧŧe Gaup", "Matte Gaup"),
        ("Ægir Þór Ævarsson", "Aegir Thor Aevarsson"),
        ("Œdipe roi", "Oedipe roi"),
    ],
)
def test_letters_without_a_combining_accent_fold_as_a_reader_types_them(name, typed):
    # NFKD cannot split these letters; a reader on an English keyboard types the
    # plain spelling and must still find the name.
    assert fold_name(name) == fold_name(typed) == "".join(typed.lower().split())


def test_a_huge_query_is_folded_from_its_start_only():
    assert len(fold_query("a" * 10_000)) == 200
    assert fold_query("Jun Jong-seo " + "x" * 300) == "junjongseo" + "x" * 187
    assert fold_query("a" * 201) == "a" * 200


def test_people_and_aliases_store_their_folded_name_on_save(db):
    person = make_person("Jun Jong-seo")
    alias = make_alias(person, "Jeon Jong-seo")
    assert Person.objects.get(pk=person.pk).search_name == "junjongseo"
    assert PersonAlias.objects.get(pk=alias.pk).search_name == "jeonjongseo"

    person.name = "Jun Jong Seo"
    person.save(update_fields=["name"])
    assert Person.objects.get(pk=person.pk).search_name == "junjongseo"


@pytest.mark.parametrize(
    "spelling",
    [*SPELLINGS_OF_JEON_JONG_SEO, "jun jong-seo", "JUN JONGSEO", "전종서", "종서"],
)
def test_every_spelling_finds_jun_jong_seo(demo, spelling):
    found = Person.objects.matching(spelling)
    assert list(found) == [demo["jun"]]


def test_matching_lists_a_person_once_however_many_aliases_match(demo):
    make_alias(demo["jun"], "Jeon Jong Seo (actress)")
    assert list(Person.objects.matching("jeon jong")) == [demo["jun"]]


@pytest.mark.parametrize("text", ["", "   ", "-- ;", "🎬", "%", "_", "\\"])
def test_a_query_with_nothing_to_match_finds_nobody(demo, text):
    assert not Person.objects.matching(text).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_folds_names_that_already_exist():
    """Rows saved before search_name existed get it from the data migration, and
    the migration (PostgreSQL parts included) runs backwards and forwards."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("people", "0001_initial")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldPerson = old_apps.get_model("people", "Person")
    OldAlias = old_apps.get_model("people", "PersonAlias")
    person = OldPerson.objects.create(name="Jun Jong-Seo", slug="jun-jong-seo")
    OldAlias.objects.create(person=person, name="전종서", slug="전종서")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Person.objects.get(slug="jun-jong-seo").search_name == "junjongseo"
    assert PersonAlias.objects.get(slug="전종서").search_name == "전종서"
    assert list(Person.objects.matching("JUN jongseo")) == [
        Person.objects.get(slug="jun-jong-seo")
    ]

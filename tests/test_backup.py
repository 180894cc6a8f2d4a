"""export_content and import_content: a backup restored into an empty database
renders every public page exactly as before."""

import datetime
import json
from io import StringIO

import pytest
import reversion
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from heaven.backup import content_models
from people.models import Author, Person
from reviews import workflow
from reviews.models import Film, Provider, Redirect, Review, ReviewTransition
from reviews.sitemaps import SITEMAPS
from tests.conftest import (
    make_alias,
    make_credit,
    make_provider,
    make_review,
    make_watch_option,
)
from tests.workflow_support import make_user


def public_urls() -> list[str]:
    urls = ["/", "/feed/", "/feed/atom/", "/sitemap.xml", "/robots.txt"]
    urls += [f"/sitemap-{section}.xml" for section in SITEMAPS]
    for queryset in (
        Review.objects.published(),
        Film.objects.all(),
        Person.objects.all(),
        Provider.objects.all(),
        Author.objects.filter(reviews__in=Review.objects.published()).distinct(),
    ):
        urls += [row.get_absolute_url() for row in queryset]
    urls += [f"/tags/{tag.slug}/" for tag in Tag.objects.all()]
    urls += [f"/tags/{tag.slug}/feed/" for tag in Tag.objects.all()]
    return sorted(set(urls))


def render(urls) -> dict[str, tuple[int, str]]:
    cache.clear()
    client = Client()
    return {
        url: (response.status_code, response.content.decode())
        for url in urls
        for response in [client.get(url)]
    }


def richer_demo(demo):
    """The demo, plus what it lacks: a writer's login, versions with a user,
    an audit trail, a scheduled review, an alias credit, a redirect, options."""
    workflow.create_roles()  # a transactional test may start from an empty database
    editor = make_user("editor", group=workflow.EDITORS)
    ballerina = demo["ballerina"]
    with reversion.create_revision():
        ballerina.verdict = "Still worth it."
        ballerina.save()
        reversion.set_user(editor)
        reversion.set_comment("Tightened the verdict.")
    draft = make_review("A draft by the editor", published=False, film=ballerina.film)
    draft.author = Author.objects.get(user=editor)
    draft.save()
    workflow.publish(draft, by=editor)
    make_review(
        "Tomorrow's review",
        published=False,
        film=ballerina.film,
        author=ballerina.author,
        status=Review.Status.SCHEDULED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    ).tags.add("soon")
    alias = make_alias(demo["jun"], "Jun Jong-Seo (credited)")
    make_credit(demo["the_call"].film, demo["jun"], role="producer", credited_as=alias)
    Redirect.objects.create(old_path="/2023/10/ballerina/", review=ballerina)
    make_watch_option(ballerina.film, make_provider("Cinema Club"), region="KR")


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_renders_every_public_page_the_same(demo, tmp_path):
    richer_demo(demo)
    counts = {
        model: model.objects.count()
        for model in (Person, Film, Review, Version, ReviewTransition, Redirect, Tag)
    }
    urls = public_urls()
    before = render(urls)
    assert len(urls) > 20
    # Only the tag of the review scheduled for tomorrow has no page yet.
    missing = {url for url, (status, _) in before.items() if status != 200}
    assert missing == {"/tags/soon/", "/tags/soon/feed/"}
    backup = tmp_path / "backup.json"

    out = StringIO()
    call_command("export_content", str(backup), stdout=out)
    assert "Exported" in out.getvalue()
    call_command("flush", interactive=False, verbosity=0)
    assert Review.objects.count() == 0
    out = StringIO()
    call_command("import_content", str(backup), stdout=out)

    assert "Restored" in out.getvalue()
    assert {model: model.objects.count() for model in counts} == counts
    after = render(urls)
    for url in urls:
        assert after[url] == before[url], url
    ballerina = Review.objects.get(slug="ballerina-2023-review")
    version = Version.objects.get_for_object(ballerina).first()
    assert version.revision.user.username == "editor"
    assert version.revision.get_comment() == "Tightened the verdict."
    assert Author.objects.get(user__username="editor").reviews.count() == 1
    # Ids carry on after the restored ones.
    restored_ids = set(Review.objects.values_list("pk", flat=True))
    assert make_review().pk > max(restored_ids)


def test_import_refuses_a_database_with_content(demo, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup), stdout=StringIO())

    with pytest.raises(CommandError, match="already has content"):
        call_command("import_content", str(backup), stdout=StringIO())


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "is not a JSON backup"),
        ('{"model": "reviews.review"}', "is not a backup written by export_content"),
        (
            json.dumps([{"model": "reviews.review", "pk": 1, "fields": {"x": 1}}]),
            "could not be restored",
        ),
    ],
)
def test_import_refuses_a_bad_file_with_one_line(db, tmp_path, content, message):
    backup = tmp_path / "backup.json"
    backup.write_text(content)

    with pytest.raises(CommandError, match=message) as raised:
        call_command("import_content", str(backup), stdout=StringIO())

    assert "\n" not in str(raised.value)
    assert Review.objects.count() == 0


def test_import_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("import_content", str(tmp_path / "nope.json"))


def test_import_dry_run_changes_nothing(demo, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup), stdout=StringIO())
    for model in reversed(content_models()):
        model._base_manager.all().delete()

    out = StringIO()
    # The users are still there: keep them (import_content refuses otherwise).
    call_command(
        "import_content", str(backup), "--dry-run", "--skip-existing-users", stdout=out
    )

    assert "Would restore" in out.getvalue()
    assert Film.objects.count() == 0


def test_export_to_an_unwritable_place_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        call_command("export_content", str(tmp_path / "no" / "such" / "dir.json"))

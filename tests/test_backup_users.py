"""import_content into a database that already has a user of the same name (the
new site's admin made with createsuperuser, say) never replaces that user's
password or email: it refuses in one line, or with --skip-existing-users keeps
them as they are, restores the rest and says so."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from heaven.backup import content_models
from people.models import Author
from reviews.models import Review
from tests.conftest import make_review
from tests.workflow_support import make_user

User = get_user_model()


@pytest.fixture
def backup(db, tmp_path):
    """A backup of a site where "editor" writes a review, then a fresh database
    where someone has already made their own "editor"."""
    old_editor = make_user("editor", password="old-site-password")
    old_editor.email = "editor@old-site.example"
    old_editor.save()
    make_review("Ballerina (2023) – Review", author=old_editor.author)
    make_user("critic", password="critic-password")
    path = tmp_path / "backup.json"
    call_command("export_content", str(path), stdout=StringIO())
    # A fresh database: no content, no users.
    for model in reversed(content_models()):
        model._base_manager.all().delete()
    User.objects.all().delete()

    new_editor = User.objects.create_superuser(
        "editor", "editor@new-site.example", "new-site-password"
    )
    return path, new_editor


def test_import_refuses_to_overwrite_an_existing_user(backup):
    path, new_editor = backup

    with pytest.raises(CommandError) as refused:
        call_command("import_content", str(path), stdout=StringIO())

    message = str(refused.value)
    assert "\n" not in message
    assert "already has 1 of the file's users (editor)" in message
    assert "--skip-existing-users" in message
    new_editor.refresh_from_db()
    assert new_editor.check_password("new-site-password")
    assert new_editor.email == "editor@new-site.example"
    assert Review.objects.count() == 0
    assert not User.objects.filter(username="critic").exists()


def test_skip_existing_users_keeps_them_and_restores_the_rest(backup):
    path, new_editor = backup
    out = StringIO()

    call_command("import_content", str(path), "--skip-existing-users", stdout=out)

    assert "Skipped 1 users the database already has, kept as they are: editor." in (
        out.getvalue()
    )
    assert "Restored" in out.getvalue()
    new_editor.refresh_from_db()
    assert new_editor.check_password("new-site-password")
    assert new_editor.email == "editor@new-site.example"
    assert new_editor.is_superuser
    assert User.objects.get(username="critic").check_password("critic-password")
    # The restored byline points at the user already there.
    review = Review.objects.get(slug="ballerina-2023-review")
    assert review.author == Author.objects.get(user=new_editor)

"""Users for the workflow tests: one per role, each with an author byline.

Kept beside the tests (not in conftest.py) so the workflow tests own them."""

import itertools

from django.contrib.auth.models import Group, User
from django.test import Client

from people.models import Author
from reviews import workflow

ROLES = ["anonymous", "writer", "other_writer", "editor", "superuser"]

_sequence = itertools.count(1)


def make_user(
    username=None, *, group=None, superuser=False, author=True, password=None
) -> User:
    """A staff user; tests log in with `force_login` unless given a password
    (hashing one costs a noticeable fraction of a second)."""
    username = username or f"user{next(_sequence)}"
    user = User.objects.create_user(
        username, password=password, is_staff=True, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    if author:
        Author.objects.create(
            display_name=username.replace("_", " ").title(), user=user
        )
    return user


def make_role_users() -> dict[str, User | None]:
    """Every role the workflow knows. The groups come from the data migration;
    a test that flushed the database calls `workflow.create_roles()` first."""
    return {
        "anonymous": None,
        "writer": make_user("writer", group=workflow.WRITERS),
        "other_writer": make_user("other_writer", group=workflow.WRITERS),
        "editor": make_user("editor", group=workflow.EDITORS),
        "superuser": make_user("boss", superuser=True),
    }


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client

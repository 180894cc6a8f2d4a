"""Helpers for the workflow tests: one user per role (each with an author byline),
and the admin form as a browser would send it back.

Kept beside the tests (not in conftest.py) so the workflow tests own them."""

import itertools

from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse
from taggit.utils import edit_string_for_tags

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


def _fields(form, data):
    for name in form.fields:
        value = form[name].value()
        if name == "tags" and not isinstance(value, str):
            value = edit_string_for_tags(value or [])
        if value is None or value is False or name in {"poster"}:
            continue
        if value is True:
            value = "on"
        elif isinstance(value, list | tuple):
            value = [str(getattr(item, "pk", item)) for item in value]
        elif hasattr(value, "pk"):
            value = str(value.pk)
        data[form.add_prefix(name)] = value


def form_data(response) -> dict:
    """What the browser would send back from the admin form on this page,
    unchanged: the fields as the page shows them, inlines included."""
    data = {}
    _fields(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _fields(formset.management_form, data)
        for form in formset.forms:
            _fields(form, data)
    return data


def workflow_step(client, review, step, **extra):
    """Click "Save and <step>" on the review's admin page, as this client.

    A client that cannot open the page posts what a forger would: the title."""
    url = reverse("admin:reviews_review_change", args=[review.pk])
    page = client.get(url)
    if page.status_code == 200 and "adminform" in page.context:
        data = form_data(page)
    else:
        data = {"title": review.title, "slug": review.slug}
    return client.post(url, {**data, "_workflow": step, **extra}, follow=True)

"""Admin logins over HTTP: a lockout is for one username *from one address*, so a
stranger cannot lock a named editor out; one address trying many usernames is
throttled on its own; behind a proxy the address is the client's, read from
X-Forwarded-For; and a forgotten password is reset by email from the login page."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.workflow_support import make_user

LOGIN = reverse("admin:login")
PASSWORD = "right-horse-battery"


def attempt(username, password, address, forwarded_for=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client(**extra).post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}
    )


@pytest.fixture
def editor(db):
    return make_user("editor", password=PASSWORD, author=False)


def test_repeated_failures_lock_that_username_from_that_address(editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt("editor", "wrong", "198.51.100.7").status_code == 200
    assert attempt("editor", "wrong", "198.51.100.7").status_code == 429

    # Even the right password is refused from there for now.
    locked = attempt("editor", PASSWORD, "198.51.100.7")
    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.client.session


def test_a_stranger_guessing_cannot_lock_the_editor_out(editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        attempt("editor", "wrong", "198.51.100.66")

    # The editor, at their own desk, logs in.
    response = attempt("editor", PASSWORD, "203.0.113.10")
    assert response.status_code == 302
    assert response.client.session["_auth_user_id"] == str(editor.pk)


def test_an_address_trying_many_usernames_is_throttled_alone(editor, settings):
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    # A few guesses per username, never enough to lock any one of them.
    for number in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        name = f"guess{number // 3}"
        assert attempt(name, "wrong", "198.51.100.99").status_code == 200

    assert attempt("editor", PASSWORD, "198.51.100.99").status_code == 429
    assert attempt("someone-new", "wrong", "198.51.100.99").status_code == 429
    # Everyone elsewhere still logs in.
    assert attempt("editor", PASSWORD, "203.0.113.10").status_code == 302


def test_behind_a_proxy_each_client_is_told_apart(editor, settings):
    """With PROXY_COUNT=1 every request comes from the proxy's address; the
    client's is the one the proxy appended to X-Forwarded-For."""
    settings.AXES_IPWARE_PROXY_COUNT = 0  # PROXY_COUNT=1, as settings.py maps it
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        attempt("editor", "wrong", proxy, forwarded_for="198.51.100.66")
    assert attempt("editor", PASSWORD, proxy, "198.51.100.66").status_code == 429

    # Same proxy, another client: not locked out.
    response = attempt("editor", PASSWORD, proxy, forwarded_for="203.0.113.10")
    assert response.status_code == 302


def test_behind_a_proxy_a_forged_header_does_not_move_the_lockout(editor, settings):
    """A client that sends its own X-Forwarded-For gets the real address appended
    after it; the lockout stays on that real address, however the forged part
    changes."""
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    for number in range(settings.AXES_FAILURE_LIMIT + 1):
        attempt("editor", "wrong", "10.0.0.2", forwarded_for="198.51.100.66")
        attempt(
            "editor",
            "wrong",
            "10.0.0.2",
            forwarded_for=f"192.0.2.{number}, 198.51.100.66",
        )

    response = attempt("editor", PASSWORD, "10.0.0.2", forwarded_for="203.0.113.10")
    assert response.status_code == 302


def test_the_login_page_offers_a_password_reset(db):
    page = Client().get(LOGIN)

    assert reverse("admin_password_reset") in page.text
    form = Client().get(reverse("admin_password_reset"))
    assert form.status_code == 200
    assert "Heaven editorial desk" in form.text  # the admin's look


def test_a_forgotten_password_is_reset_by_email(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    editor = make_user("ji-won", password="old-forgotten-one", author=False)
    editor.email = "ji-won@reviews.example"
    editor.save()
    client = Client()

    sent = client.post(
        reverse("admin_password_reset"), {"email": "JI-WON@reviews.example"}
    )
    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ji-won@reviews.example"]
    link = re.search(r"https?://testserver(/admin/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "a-new-long-phrase-42",
            "new_password2": "a-new-long-phrase-42",
        },
        follow=True,
    )
    assert done.status_code == 200
    assert reverse("password_reset_complete") == done.redirect_chain[-1][0]

    assert attempt("ji-won", "a-new-long-phrase-42", "203.0.113.20").status_code == 302
    assert attempt("ji-won", "old-forgotten-one", "203.0.113.21").status_code == 200
    # The link works once.
    assert "invalid" in client.get(link, follow=True).text.lower()


def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    response = Client().post(
        reverse("admin_password_reset"), {"email": "nobody@reviews.example"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []

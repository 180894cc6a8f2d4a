"""Inviting a writer or an editor in one step.

One form (an email address, a byline and a role) makes everything a login to the
desk needs: a user with Staff status (without it the login page refuses them),
the role's group (`reviews.workflow.WRITERS`/`EDITORS`), an author byline tied
to the login, and an email with a link to choose a password (Django's password
reset token, so the link works once and for `PASSWORD_RESET_TIMEOUT`).
"""

import secrets

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from people.models import Author
from reviews import workflow

ROLES = {"writer": workflow.WRITERS, "editor": workflow.EDITORS}


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="The set-password link goes here; it is also their login name.",
    )
    display_name = forms.CharField(
        label="Byline",
        max_length=200,
        help_text="The name their reviews go out under, e.g. Karina Adelgaard.",
    )
    role = forms.ChoiceField(
        choices=[
            ("writer", "Writer: drafts and submits their own reviews"),
            ("editor", "Editor: reviews, publishes and invites"),
        ],
        widget=forms.RadioSelect,
        initial="writer",
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if (
            users.filter(email__iexact=email).exists()
            or users.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(
                "Someone already has a login with this address."
            )
        return email


@transaction.atomic
def invite(*, email: str, display_name: str, role: str):
    """The user, their group and byline; all or nothing."""
    user = get_user_model()(username=email, email=email, is_staff=True)
    # A random password nobody knows, not an unusable one: should the link
    # expire, "Forgotten your password?" (which skips unusable ones) still works.
    user.set_password(secrets.token_urlsafe(32))
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=ROLES[role]))
    author = Author(display_name=display_name.strip(), user=user)
    author.full_clean(exclude=["slug"], validate_constraints=False)
    author.save()  # fills the slug (from the byline, or "author")
    return user


def set_password_link(user, *, origin: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return origin.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def send_invitation(user, *, origin: str, site_name: str, invited_by) -> None:
    role = (
        "an editor"
        if user.groups.filter(name=workflow.EDITORS).exists()
        else ("a writer")
    )
    inviter = getattr(invited_by, "author", None)
    inviter_name = inviter.display_name if inviter else invited_by.get_username()
    link = set_password_link(user, origin=origin)
    send_mail(
        f"You are invited to write for {site_name}",
        f"{inviter_name} has invited you to the {site_name} editorial desk as "
        f"{role}.\n\n"
        f"Choose your password here (the link works once, for a day):\n{link}\n\n"
        f"Then log in with {user.email}.\n",
        None,
        [user.email],
    )

"""The admin's home page (the dashboard of `reviews.desk`) and the invite form.

Both are served under /admin/ by the root URLconf, ahead of the admin's own
patterns, so the admin's "Home" link (`admin:index`, /admin/) opens the
dashboard."""

import smtplib

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from reviews import desk, invites, workflow
from reviews.site_settings import site_name


def index(request, extra_context=None):
    """The admin's index page with the user's dashboard above the app list."""
    context = {"desk": desk.dashboard_for(request.user), **(extra_context or {})}
    return admin.site.index(request, extra_context=context)


def invite(request):
    if not workflow.is_editor(request.user):
        raise PermissionDenied
    form = invites.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # One transaction: a login nobody was told of is not made.
            with transaction.atomic():
                user = invites.invite(**form.cleaned_data)
                invites.send_invitation(
                    user,
                    origin=request.build_absolute_uri("/"),
                    site_name=site_name(),
                    invited_by=request.user,
                )
        except (OSError, smtplib.SMTPException):
            form.add_error(
                None,
                "The invitation email could not be sent, so nobody was invited; "
                "try again in a moment.",
            )
        else:
            return _invited(request, form, user)
    context = {
        **admin.site.each_context(request),
        "title": "Invite a writer or editor",
        "form": form,
    }
    return TemplateResponse(request, "admin/invite.html", context)


def _invited(request, form, user):
    messages.success(
        request,
        f"{form.cleaned_data['display_name']} is invited: an email with a link "
        f"to choose a password went to {user.email}.",
    )
    return redirect("admin:index")


index_view = admin.site.admin_view(index)
invite_view = admin.site.admin_view(invite)

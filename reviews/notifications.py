"""Who hears of a workflow step, by email and on the desk's dashboard.

    submitted for review                  → every editor (but the one who did it)
    published, scheduled, sent back to draft → the review's writer (unless they did it)

The workflow (`reviews.workflow._move`) calls `send_for` once a step is
committed. The dashboard reads the same rule from the transition log
(`for_user`), so the desk and the inbox never disagree; nothing else is stored.
"""

import logging
import smtplib

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import reverse

from reviews.models import Review, ReviewTransition

Status = Review.Status
logger = logging.getLogger(__name__)

# Kept here, not imported from the workflow (which imports this module).
PUBLISH_PERMISSION = ("reviews", "publish_review")

# What the writer is told, by the state the review moved to.
TO_WRITER = {
    Status.PUBLISHED: "was published",
    Status.SCHEDULED: "was scheduled",
    Status.DRAFT: "was sent back to draft",
}


def _is_submission(transition: ReviewTransition) -> bool:
    return transition.to_status == Status.IN_REVIEW


def _tells_writer(transition: ReviewTransition) -> bool:
    # A writer withdrawing their own submission is left out by `recipients`
    # and `for_user`: nobody is told of their own step.
    return transition.to_status in TO_WRITER


def editors():
    """Active staff who may publish, with an address to write to."""
    app_label, codename = PUBLISH_PERMISSION
    may_publish = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label=app_label,
    )
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(may_publish | Q(is_superuser=True))
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def recipients(transition: ReviewTransition) -> list[str]:
    """The addresses this step is sent to; never the person who took it."""
    if _is_submission(transition):
        people = editors().exclude(pk=transition.by_id)
        return [user.email for user in people]
    if _tells_writer(transition):
        review = transition.review
        writer = review.author.user if review.author_id else None
        if (
            writer is not None
            and writer.is_active
            and writer.email
            and writer.pk != transition.by_id
        ):
            return [writer.email]
    return []


def describe(transition: ReviewTransition) -> str:
    """One line: “Ballerina (2023) – Review” was sent back to draft by Ana Lee."""
    title = transition.review_title
    who = _name(transition.by) if transition.by_id else "the scheduler"
    if _is_submission(transition):
        what = "was submitted for review"
    else:
        what = TO_WRITER.get(transition.to_status, "changed state")
    return f"“{title}” {what} by {who}."


def _name(user) -> str:
    author = getattr(user, "author", None)
    return author.display_name if author else user.get_full_name() or user.username


def message(transition: ReviewTransition) -> tuple[str, str]:
    """The email's subject and text."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "admin:reviews_review_change", args=[transition.review_id]
    )
    line = describe(transition)
    body = [line, ""]
    if transition.note:
        body += ["Note:", transition.note, ""]
    body += ["Open the review:", link]
    return line.rstrip("."), "\n".join(body) + "\n"


def send_for(transition: ReviewTransition) -> int:
    """Email everyone this step concerns; returns how many messages went out."""
    addresses = recipients(transition)
    if not addresses:
        return 0
    subject, text = message(transition)
    # One message each, so no recipient sees the others' addresses.
    try:
        return send_mass_mail(
            [(subject, text, None, [address]) for address in addresses],
            fail_silently=False,
        )
    except (OSError, smtplib.SMTPException):
        # The step is committed and the dashboard shows it; a mail server that
        # is down must not turn the editor's click into an error page.
        logger.exception("Could not email %s about %s", addresses, transition)
        return 0


def for_user(user, *, editor: bool, limit: int = 10):
    """The dashboard's notifications: the steps that would have emailed `user`,
    newest first, with what their lines show fetched at once."""
    steps = ReviewTransition.objects.select_related("by__author").exclude(by=user)
    wanted = Q(review__author__user=user, to_status__in=list(TO_WRITER))
    if editor:
        wanted |= Q(to_status=Status.IN_REVIEW)
    return list(steps.filter(wanted)[:limit])

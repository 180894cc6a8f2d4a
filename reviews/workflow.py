"""The editorial workflow: who may move a review between states, and how.

    draft ──submit──▶ in review ──publish──▶ published ──unpublish──▶ unpublished
      ▲                  │   └──schedule──▶ scheduled ──(its time)──▶ published
      └───return_to_draft┘

Every transition is a keyword-only function here that checks the actor's
permission and the move's validity, runs in one transaction, and writes a
`ReviewTransition` audit row. The admin's buttons and actions, and the
`publish_scheduled` command, call these functions and nothing else changes a
review's status.

The checks a review must pass before it goes public live in `reviews.checklist`.

Roles: a *writer* (the `Writers` group) edits only their own reviews while they
are drafts or in review, and submits them; an *editor* (`Editors`, or anyone with
`reviews.publish_review`) does everything on any review. Superusers are editors.
"""

import datetime
from dataclasses import dataclass

import reversion
from django.apps import apps as global_apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from heaven import page_cache
from reviews import notifications

# Re-exported: the change form and older callers ask the workflow for its checks.
from reviews.checklist import (  # noqa: F401
    Check,
    checklist,
    missing_for_publishing,
)
from reviews.models import Review, ReviewTransition

Actor = AbstractBaseUser | AnonymousUser
Status = Review.Status

PUBLISH_PERMISSION = "reviews.publish_review"
WRITERS = "Writers"
EDITORS = "Editors"

# The note on a workflow button ("sent back: tighten the second half"), kept in
# the transition log (`ReviewTransition.note`; the schedule's time goes first).
NOTE_MAX_LENGTH = 200

# States in which a writer may still see and change their own review.
WRITER_EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW})


class WorkflowError(Exception):
    """A transition that cannot happen; the message says why, in plain words."""


class TransitionNotAllowed(WorkflowError):
    """The review is not in a state this transition starts from."""


class NotReadyToPublish(WorkflowError):
    """The review lacks something readers need; `missing` names each thing."""

    def __init__(self, review: Review, missing: list[str]):
        self.missing = missing
        super().__init__(
            f"“{review}” cannot be published yet: it needs {', '.join(missing)}."
        )


class NotPermitted(WorkflowError, PermissionDenied):
    """The user may not make this transition."""


# --- Roles -----------------------------------------------------------------

# Writers get what drafting a review needs (by app label and codename); editors
# get every permission of the apps in EDITOR_APPS, `reviews.publish_review` too.
WRITER_PERMISSIONS: dict[str, list[str]] = {
    "reviews": [
        "add_review",
        "change_review",
        "view_review",
        "delete_review",
        "add_film",
        "change_film",
        "view_film",
        "add_credit",
        "change_credit",
        "view_credit",
        "add_watchoption",
        "change_watchoption",
        "view_watchoption",
        "view_provider",
        "view_genre",
        "view_contentwarning",
        # The image library: writers upload and describe the stills they use.
        "add_image",
        "change_image",
        "view_image",
    ],
    # Writers add people (and change those no published review shows yet:
    # reviews/subject_locks.py).
    "people": [
        "add_person",
        "change_person",
        "view_person",
        "add_personalias",
        "change_personalias",
        "view_personalias",
        "view_author",
    ],
    "taggit": ["view_tag"],
}
EDITOR_APPS = ["reviews", "people", "taggit"]


def create_roles(*, apps=global_apps) -> None:
    """Create (or top up) the Writers and Editors groups and their permissions.

    The data migration calls this with its historical `apps`; tests that flush
    the database call it with the real ones. Safe to run any number of times."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally created after `migrate`; a data migration must
        # make them itself. Historical app configs have no models module, which
        # create_permissions() takes for "no models": lend one for the call.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    writers, _ = Group.objects.get_or_create(name=WRITERS)
    wanted = Q(pk__in=[])
    for app_label, codenames in WRITER_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    writers.permissions.add(*Permission.objects.filter(wanted))

    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS)
    )


# --- Who may do what ---------------------------------------------------------


def is_editor(user: Actor) -> bool:
    return bool(user.is_active and user.has_perm(PUBLISH_PERMISSION))


def is_own(review: Review, user: Actor) -> bool:
    """The review's byline belongs to this login."""
    return (
        user.is_authenticated
        and review.author_id is not None
        and review.author.user_id == user.pk
    )


def can_edit(user: Actor, review: Review) -> bool:
    """Editors edit anything; a writer edits their own drafts and reviews in review."""
    if not (user.is_active and user.has_perm("reviews.change_review")):
        return False
    if is_editor(user):
        return True
    return review.status in WRITER_EDITABLE and is_own(review, user)


def can_delete(user: Actor, review: Review) -> bool:
    """Editors delete anything (it can be recovered); writers their own drafts."""
    if not (user.is_active and user.has_perm("reviews.delete_review")):
        return False
    if is_editor(user):
        return True
    return review.status == Status.DRAFT and is_own(review, user)


def editable_by(user: Actor, queryset=None):
    """The reviews this user may see in the admin."""
    queryset = Review.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(author__user=user, status__in=WRITER_EDITABLE)


def on_desk_of(user: Actor, queryset=None):
    """The reviews this user sees in the admin's list: editors every one, a
    writer all their own, whatever their state (those `can_edit` refuses open
    read-only)."""
    queryset = Review.objects.all() if queryset is None else queryset
    if is_editor(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(author__user=user)


# --- Transitions -------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # on the button
    verb: str  # in messages: "Only editors may {verb} reviews"
    sources: frozenset[str]
    editors_only: bool


TRANSITIONS = {
    "submit": Transition(
        "submit",
        "Submit for review",
        "submit for review",
        frozenset({Status.DRAFT}),
        False,
    ),
    "return_to_draft": Transition(
        "return_to_draft",
        "Back to draft",
        "send back to draft",
        frozenset({Status.IN_REVIEW, Status.UNPUBLISHED}),
        False,
    ),
    "publish": Transition(
        "publish",
        "Publish now",
        "publish",
        frozenset(
            {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED}
        ),
        True,
    ),
    "schedule": Transition(
        "schedule",
        "Schedule",
        "schedule",
        frozenset(
            {Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED, Status.UNPUBLISHED}
        ),
        True,
    ),
    "unpublish": Transition(
        "unpublish",
        "Unpublish",
        "unpublish",
        frozenset({Status.PUBLISHED, Status.SCHEDULED}),
        True,
    ),
}


def _check(review: Review, transition: Transition, by: Actor) -> None:
    if transition.editors_only and not is_editor(by):
        raise NotPermitted(
            f"Only editors may {transition.verb} reviews; "
            f"you cannot {transition.verb} “{review}”."
        )
    if not transition.editors_only and not (is_editor(by) or can_edit(by, review)):
        raise NotPermitted(f"You may not {transition.verb} “{review}”.")
    if review.status not in transition.sources:
        raise TransitionNotAllowed(
            f"“{review}” is {review.get_status_display().lower()}; "
            f"“{transition.label}” works only on "
            f"{_states(transition.sources)} reviews."
        )


def _states(states) -> str:
    order = list(Status)
    labels = [Status(s).label.lower() for s in sorted(states, key=order.index)]
    return (
        ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]
    )


def available_transitions(review: Review, user: Actor) -> list[Transition]:
    """The transitions this user could make on this review now, for buttons."""
    available = []
    for transition in TRANSITIONS.values():
        try:
            _check(review, transition, user)
        except WorkflowError:
            continue
        available.append(transition)
    return available


def _move(
    review: Review,
    locked: Review,
    *,
    to: str,
    by: Actor | None,
    note: str = "",
    **changes,
) -> Review:
    """Apply the change to the locked row, validate, save, write the audit line,
    and bring the caller's instance up to date."""
    note = " ".join(note.split())  # one line, as the log and emails show it
    if len(note) > NOTE_MAX_LENGTH:
        raise WorkflowError(
            f"Keep the note to {NOTE_MAX_LENGTH} characters; it has {len(note)}."
        )
    from_status = locked.status
    locked.status = to
    for field, value in changes.items():
        setattr(locked, field, value)
    try:
        locked.full_clean()
    except ValidationError as error:
        raise WorkflowError(
            f"“{locked}” cannot move on: {' '.join(error.messages)}"
        ) from error
    with reversion.create_revision():
        locked.save(update_fields=["status", "updated_at", *changes])
        if by is not None and by.is_authenticated:
            reversion.set_user(by)
        reversion.set_comment(
            f"{Status(from_status).label} → {Status(to).label}. {note}".strip()
        )
    transition = record_transition(locked, from_status=from_status, by=by, note=note)
    # Sent once the move is committed: a rolled-back move tells nobody.
    transaction.on_commit(lambda: notifications.send_for(transition))
    review.refresh_from_db()
    return review


def record_transition(
    review: Review,
    *,
    from_status: str,
    by: Actor | None,
    note: str = "",
    at: datetime.datetime | None = None,
) -> ReviewTransition:
    """Write the audit line for a move the caller has just saved."""
    return ReviewTransition.objects.create(
        review=review,
        review_title=review.title,
        from_status=from_status,
        to_status=review.status,
        by=by if by is not None and by.is_authenticated else None,
        at=at or timezone.now(),
        note=note,
    )


def _lock_and_check(review: Review, name: str, by: Actor) -> Review:
    """Lock the stored row and decide on it, not on what a stale form or list page
    showed, so two editors clicking at once cannot both move it."""
    try:
        locked = (
            Review.objects.select_for_update(of=("self",))
            .select_related("author")
            .get(pk=review.pk)
        )
    except Review.DoesNotExist:
        raise WorkflowError(f"“{review}” no longer exists.") from None
    _check(locked, TRANSITIONS[name], by)
    return locked


@transaction.atomic
def submit(review: Review, *, by: Actor, note: str = "") -> Review:
    """A writer hands a draft to the editors."""
    locked = _lock_and_check(review, "submit", by)
    return _move(review, locked, to=Status.IN_REVIEW, by=by, note=note)


@transaction.atomic
def return_to_draft(review: Review, *, by: Actor, note: str = "") -> Review:
    """Back to work: a writer withdraws a submission, or an editor sends it back
    (or reopens an unpublished review)."""
    locked = _lock_and_check(review, "return_to_draft", by)
    return _move(review, locked, to=Status.DRAFT, by=by, note=note)


@transaction.atomic
def publish(review: Review, *, by: Actor, note: str = "") -> Review:
    """Make a review public now. A review that was public before (unpublished,
    or scheduled for a time already past) keeps its original date."""
    locked = _lock_and_check(review, "publish", by)
    missing = missing_for_publishing(locked)
    if missing:
        raise NotReadyToPublish(locked, missing)
    now = timezone.now()
    published_at = locked.published_at
    if published_at is None or published_at > now:
        published_at = now
    return _move(
        review,
        locked,
        to=Status.PUBLISHED,
        by=by,
        note=note,
        published_at=published_at,
    )


@transaction.atomic
def schedule(
    review: Review, *, by: Actor, at: datetime.datetime, note: str = ""
) -> Review:
    """Publish a review at a future time. `Review.objects.published()` shows it
    from then on; `publish_scheduled` later makes the record say so."""
    locked = _lock_and_check(review, "schedule", by)
    if timezone.is_naive(at):
        raise WorkflowError("Give the publishing time with its time zone.")
    if at <= timezone.now():
        raise WorkflowError(
            f"Choose a time in the future to schedule “{review}”, or publish it now."
        )
    missing = missing_for_publishing(locked)
    if missing:
        raise NotReadyToPublish(locked, missing)
    return _move(
        review,
        locked,
        to=Status.SCHEDULED,
        by=by,
        published_at=at,
        note=_joined(f"for {timezone.localtime(at):%Y-%m-%d %H:%M %Z}", note),
    )


@transaction.atomic
def unpublish(review: Review, *, by: Actor, note: str = "") -> Review:
    """Take a review off the site (or cancel its schedule). It keeps its date,
    so publishing it again puts it back where it was."""
    locked = _lock_and_check(review, "unpublish", by)
    return _move(review, locked, to=Status.UNPUBLISHED, by=by, note=note)


def _joined(*parts: str) -> str:
    return ": ".join(part for part in parts if part)


def due_for_publishing(*, now: datetime.datetime | None = None):
    now = now or timezone.now()
    return Review.objects.filter(
        status=Status.SCHEDULED, published_at__lte=now
    ).order_by("published_at", "pk")


def publish_due(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> list[Review]:
    """Mark every scheduled review whose time has come as published.

    Readers already see such a review (`published()` asks the clock); this makes
    the record say so. Safe to run twice at once: on PostgreSQL a second run skips
    rows the first has locked, and everywhere the conditional UPDATE moves a row
    only if it is still scheduled, so each review gets exactly one audit line."""
    now = now or timezone.now()
    if dry_run:
        return list(due_for_publishing(now=now))
    done = []
    with transaction.atomic():
        due = due_for_publishing(now=now).select_for_update(skip_locked=True)
        for review in due:
            moved = Review.objects.filter(pk=review.pk, status=Status.SCHEDULED).update(
                status=Status.PUBLISHED, updated_at=now
            )
            if not moved:
                continue
            review.status = Status.PUBLISHED
            record_transition(
                review,
                from_status=Status.SCHEDULED,
                by=None,
                at=now,
                note="by publish_scheduled",
            )
            done.append(review)
    if done:
        # A queryset update sends no signal; the pages already showed these
        # reviews, but their records changed.
        page_cache.retire_all()
    return done

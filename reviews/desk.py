"""The editorial desk's dashboard: what each role should look at first.

A writer sees their own drafts, what is in review, what an editor sent back
(with the note), what is scheduled and what went out lately. An editor sees the
queue awaiting review (longest waiting first), what publishes in the next 24
hours, everything scheduled, what went out lately, and published reviews whose
where-to-watch wording has gone stale (`reviews.watch.report`).

Each list is one query with what its lines show; the page's count does not grow
with the number of reviews (tests/test_desk.py).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone

from reviews import notifications, workflow
from reviews.models import Review
from reviews.watch.regions import default_region
from reviews.watch.report import StaleMention, stale_mentions

Status = Review.Status

RECENT_DAYS = 14
SHOWN = 10


@dataclass
class Dashboard:
    is_editor: bool
    drafts: list[Review] = field(default_factory=list)
    in_review: list[Review] = field(default_factory=list)
    scheduled: list[Review] = field(default_factory=list)
    published: list[Review] = field(default_factory=list)
    queue: list[Review] = field(default_factory=list)
    next_day: list[Review] = field(default_factory=list)
    stale: list[StaleMention] = field(default_factory=list)
    notices: list = field(default_factory=list)


def _lines(queryset):
    return queryset.select_related("film", "author")


def dashboard_for(user, *, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    editor = workflow.is_editor(user)
    board = Dashboard(is_editor=editor)
    reviews = _lines(Review.objects.all())
    mine = reviews.filter(author__user=user)
    board.drafts = list(
        mine.filter(status=Status.DRAFT).order_by("-updated_at")[:SHOWN]
    )
    board.notices = notifications.for_user(user, editor=editor)
    recent = now - datetime.timedelta(days=RECENT_DAYS)
    scope = reviews if editor else mine
    board.scheduled = list(
        scope.filter(status=Status.SCHEDULED).order_by("published_at", "pk")[:SHOWN]
    )
    board.published = list(
        scope.filter(status=Status.PUBLISHED, published_at__gte=recent).order_by(
            "-published_at", "-pk"
        )[:SHOWN]
    )
    if not editor:
        board.in_review = list(
            mine.filter(status=Status.IN_REVIEW).order_by("-updated_at")[:SHOWN]
        )
        return board
    # Waiting since it was (last) submitted; a review moved in by hand or an
    # import without a log line waits since its last change.
    board.queue = list(
        reviews.filter(status=Status.IN_REVIEW)
        .annotate(
            submitted_at=Max(
                "transitions__at", filter=Q(transitions__to_status=Status.IN_REVIEW)
            )
        )
        .order_by("submitted_at", "updated_at", "pk")
    )
    board.next_day = [
        review
        for review in board.scheduled
        if review.published_at <= now + datetime.timedelta(hours=24)
    ]
    board.stale = stale_mentions(region=default_region(), today=timezone.localdate(now))
    return board

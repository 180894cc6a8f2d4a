"""Previews of unpublished reviews at their public address.

Staff who may edit a review see it there with a banner. Anyone else needs a
"share preview" link: the review's address with a signed, timestamped token
(`?preview=…`) that opens that one review until it expires. A forged, expired or
mismatched token is treated like no token at all: the reader gets a 404.
"""

import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.urls import reverse

from reviews import workflow
from reviews.models import Review

TOKEN_PARAMETER = "preview"
SALT = "reviews.preview"
DEFAULT_MAX_AGE = datetime.timedelta(days=7)


def max_age() -> datetime.timedelta:
    """How long a share link works: `REVIEW_PREVIEW_MAX_AGE` (a timedelta or a
    number of seconds) in settings, 7 days if unset."""
    value = getattr(settings, "REVIEW_PREVIEW_MAX_AGE", DEFAULT_MAX_AGE)
    if isinstance(value, int | float):
        value = datetime.timedelta(seconds=value)
    return value


def make_token(review: Review) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(review.pk))


def review_pk_from_token(token: str) -> int | None:
    """The review a valid token opens, or None for a forged or expired one."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age())
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return int(value) if value.isdigit() else None


def share_url(review: Review) -> str:
    """The path of the share link; the admin shows it as a full URL."""
    query = urlencode({TOKEN_PARAMETER: make_token(review)})
    return f"{reverse('reviews:review', kwargs={'slug': review.slug})}?{query}"


def previewable_by(user):
    """The reviews this staff member may see unpublished at their public address:
    everything for editors, their own work in progress for writers, none for
    anyone else. The admin's Preview link asks the same question."""
    if not user.is_staff:
        return Review.objects.none()
    if workflow.is_editor(user):
        return Review.objects.all()
    if user.has_perm("reviews.change_review"):
        return workflow.editable_by(user)
    return Review.objects.none()


def can_preview(user, review: Review) -> bool:
    """Whether `previewable_by(user)` holds this review (no query for editors)."""
    if user.is_staff and workflow.is_editor(user):
        return True
    return previewable_by(user).filter(pk=review.pk).exists()


def visible_reviews(request: HttpRequest):
    """The reviews this request may open at their public address: what is
    published, plus what this staff member may preview, plus the one review a
    valid share token names."""
    user = request.user
    if user.is_staff and workflow.is_editor(user):
        return Review.objects.all()
    visible = Review.objects.published() | previewable_by(user)
    token = request.GET.get(TOKEN_PARAMETER)
    if token:
        pk = review_pk_from_token(token)
        if pk is not None:
            visible = visible | Review.objects.filter(pk=pk)
    return visible

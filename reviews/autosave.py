"""Autosaved drafts: what a writer had typed into a review's form, kept apart from
the review so that the published row and page never change until a real save.

The change form's script posts the form's text every minute (`store`); the form
offers "Restore the autosaved draft from HH:MM" when one is newer than the review
(`newer_than_review`), which loads it into the form (`apply`) for the writer to
read and save. Saving the review clears the autosave (`discard`).

A new review's form has no review to keep an autosave apart from: its first
autosave (the writer's first keystroke) creates the review as a draft
(`start_draft`), and the form then goes on as that draft's change form. A draft
is seen by nobody but its writer and the editors, and the writer finds it in
their list if the browser closes; a separate "autosave without a review" would
be a second kind of draft for the desk to list, restore and clean up."""

from django.db import transaction
from django.utils import timezone

from heaven.edit_conflicts import FIELD as VERSION_FIELD
from heaven.edit_conflicts import parse_token
from reviews.models import Review, ReviewAutosave


@transaction.atomic
def store(review: Review, *, by, data) -> ReviewAutosave:
    """Keep ``data``'s text fields as ``by``'s autosave of ``review``. A field the
    form did not send keeps the review's value. Raises ValidationError for text
    the review could not hold (e.g. a title over 250 characters)."""
    autosave, _ = ReviewAutosave.objects.select_for_update().get_or_create(
        review=review, user=by
    )
    for field in ReviewAutosave.FIELDS:
        value = data.get(field)
        setattr(autosave, field, getattr(review, field) if value is None else value)
    autosave.saved_at = timezone.now()
    # The version the writer's form was loaded from: restoring this text later
    # must not overwrite a save made since (heaven.edit_conflicts).
    autosave.based_on = parse_token(data.get(VERSION_FIELD, "")) or review.updated_at
    autosave.full_clean(exclude=["review", "user"])
    autosave.save()
    return autosave


def newer_than_review(review: Review, user) -> ReviewAutosave | None:
    """This person's autosave of the review, if it is newer than its last save
    and says something else."""
    autosave = ReviewAutosave.objects.filter(
        review=review, user=user, saved_at__gt=review.updated_at
    ).first()
    if autosave is None:
        return None
    if all(getattr(autosave, f) == getattr(review, f) for f in autosave.FIELDS):
        return None
    return autosave


def based_on(review: Review, user):
    """The version of the review this person's autosave was typed over."""
    return (
        ReviewAutosave.objects.filter(review=review, user=user)
        .values_list("based_on", flat=True)
        .first()
    )


def apply(review: Review, autosave: ReviewAutosave) -> Review:
    """Put the autosaved text on the (unsaved) review instance for the form."""
    for field in ReviewAutosave.FIELDS:
        setattr(review, field, getattr(autosave, field))
    return review


def discard(review: Review, *, by) -> None:
    ReviewAutosave.objects.filter(review=review, user=by).delete()


DRAFT_TITLE = "Untitled draft"


@transaction.atomic
def start_draft(*, by, author, data) -> Review:
    """A new draft holding ``data``'s text, for the autosave of a review's add
    form. Its slug is made from the title (the form's slug is sent with the
    first real save). Raises ValidationError for text a review could not hold."""
    review = Review(author=author, status=Review.Status.DRAFT)
    for field in ReviewAutosave.FIELDS:
        setattr(review, field, data.get(field) or "")
    review.title = review.title.strip() or DRAFT_TITLE
    review.full_clean(exclude=["slug"])
    review.save()
    return review

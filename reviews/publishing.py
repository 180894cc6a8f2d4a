"""Publishing what is not a review: the site's pages and film lists. They share
the reviews' states (draft, in review, scheduled, published, unpublished) and
visibility rule; an editor with `reviews.publish_<model>` publishes and
unpublishes them, from the list's actions or the form. Reviews have their own,
fuller workflow (`reviews.workflow`: roles, checklist, audit trail)."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone


def permission(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.publish_{model._meta.model_name}"


def can_publish(user, model: type[models.Model]) -> bool:
    return user.has_perm(permission(model))


@transaction.atomic
def publish(thing: models.Model, *, by) -> models.Model:
    """Make `thing` public now (keeping the date it first went public, if past)."""
    if not can_publish(by, type(thing)):
        raise PermissionDenied(f"Only editors publish {thing._meta.verbose_name}s.")
    thing.status = thing.Status.PUBLISHED
    if thing.published_at is None or thing.published_at > timezone.now():
        thing.published_at = timezone.now()
    thing.full_clean()
    thing.save()
    return thing


@transaction.atomic
def unpublish(thing: models.Model, *, by) -> models.Model:
    if not can_publish(by, type(thing)):
        raise PermissionDenied(f"Only editors unpublish {thing._meta.verbose_name}s.")
    thing.status = thing.Status.UNPUBLISHED
    thing.full_clean()
    thing.save()
    return thing

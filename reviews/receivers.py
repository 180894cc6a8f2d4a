"""What this app does when rows are saved elsewhere or a review is saved: the
side effects a model's `save()` leaves out. Connected once, in
`ReviewsConfig.ready()`.

- A review's body: before a save, mention links take their targets' current
  addresses; after it, the review's `Mention` rows are rebuilt from the body
  (`reviews.mentions`).
- The page cache (`heaven.page_cache`) asks when the next scheduled review,
  page or list goes public, and keys pages on the reader's region too.
- A rename: a published review, a film, a person, an author, a tag or a published
  page that gets a new address leaves a redirect at the old one
  (`reviews.renames`, where chains collapse).
- A person or alias (`people`, which knows nothing of reviews): its change also
  retires the cached parts of the films whose credits show it and of the reviews
  that mention it (`heaven.cache_tags`).
- The site settings row: forgotten by the cache when saved; it gives the site's
  name to `heaven.meta` and the default region to `reviews.watch.regions`.
"""

from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save, pre_save

from heaven import cache_tags, meta, page_cache
from people.models import Person, PersonAlias
from reviews import mentions, renames, site_settings
from reviews.models import Film, FilmList, Page, Review, SiteSettings
from reviews.watch import regions
from reviews.watch.regions import reader_region


def review_saving(sender, instance: Review, raw=False, **kwargs) -> None:
    # A fixture or backup load stores rows as they were; nothing is recomputed.
    if not raw:
        instance.body = mentions.refresh_addresses(instance)


def review_saved(sender, instance: Review, raw=False, update_fields=None, **kw):
    if not raw and (update_fields is None or "body" in update_fields):
        mentions.record(instance)


def address_noting(sender, instance, raw=False, update_fields=None, **kw) -> None:
    if not raw:
        renames.note_address(instance, update_fields)


def address_following(sender, instance, created=False, raw=False, **kw) -> None:
    if not raw:
        renames.follow_rename(instance, created=created)


def films_and_reviews_showing(person: Person) -> set[str]:
    films = person.credits.values_list("film_id", flat=True)
    reviews = person.mentions.values_list("review_id", flat=True)
    return {cache_tags.tag(Film, pk) for pk in films} | {
        cache_tags.tag(Review, pk) for pk in reviews
    }


def films_crediting(alias: PersonAlias) -> set[str]:
    films = alias.credits.values_list("film_id", flat=True)
    return {cache_tags.tag(Film, pk) for pk in films}


def next_scheduled_publication(now):
    """The next time a review, page or list goes public on the clock: one query
    over the three tables."""

    def upcoming(model):
        return model.objects.filter(
            status__in=[model.Status.SCHEDULED, model.Status.PUBLISHED],
            published_at__gt=now,
        ).values_list("published_at", flat=True)

    try:
        # A savepoint: while migrations run, a newer table may not exist yet,
        # and a failed query must not spoil the migration's transaction.
        with transaction.atomic():
            return (
                upcoming(Review)
                .union(upcoming(Page), upcoming(FilmList), all=True)
                .order_by("published_at")
                .first()
            )
    except DatabaseError:
        return upcoming(Review).order_by("published_at").first()


def connect() -> None:
    from people import locks
    from reviews import subject_locks

    locks.register(subject_locks.person_locked_for)
    pre_save.connect(review_saving, sender=Review, dispatch_uid="review_mentions_pre")
    post_save.connect(review_saved, sender=Review, dispatch_uid="review_mentions")
    for model in renames.MODELS:
        label = model._meta.label_lower
        pre_save.connect(address_noting, sender=model, dispatch_uid=f"{label}-was")
        post_save.connect(address_following, sender=model, dispatch_uid=f"{label}-is")
    cache_tags.register_tag_source("people.person", films_and_reviews_showing)
    cache_tags.register_tag_source("people.personalias", films_crediting)
    page_cache.register_next_publication(next_scheduled_publication)
    page_cache.register_key_part(reader_region)
    # The site settings row: read through the cache, forgotten when saved.
    post_save.connect(site_settings.forget, sender=SiteSettings, dispatch_uid="site")
    post_delete.connect(site_settings.forget, sender=SiteSettings, dispatch_uid="site-")
    meta.use_site_name_from(site_settings.site_name)
    regions.use_default_region_from(lambda: site_settings.current().region)

"""WordPress pages (About, Contact, Privacy …) become the site's pages, under their
parent pages as on WordPress, and their old addresses redirect to them.

Pages are keyed by the WordPress site and page id (``Page.wordpress_id``) with a
checksum of what the import made of them, as reviews are: a second run changes
nothing. A page whose parent comes later in the file waits until the end
(``import_waiting_pages``); one whose parent is not in the export at all goes at
the top level, and the summary says so. A page never takes an address the site
serves (``heaven/site_paths.py``): its slug gets "-page" added instead.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from heaven.site_paths import claimed_by_site
from heaven.slugs import unique_slug
from reviews.imports.wordpress.body_media import (
    pictures_in,
    pictures_key,
    use_library,
)
from reviews.imports.wordpress.content import content_to_html, title_for
from reviews.imports.wordpress.export import Post
from reviews.imports.wordpress.old_links import keep_redirects
from reviews.imports.wordpress.plugins import seo_fields
from reviews.models import Page

STATUS_MAP = {
    "publish": Page.Status.PUBLISHED,
    "future": Page.Status.SCHEDULED,
    "draft": Page.Status.DRAFT,
    "pending": Page.Status.IN_REVIEW,
    "private": Page.Status.DRAFT,
}


def _parent(post: Post, context) -> Page | None | bool:
    """The parent page here; None at the top level; False while it is still to come."""
    if not post.parent_id:
        return None
    pk = context.pages.get(post.parent_id)
    if pk is None:
        found = Page.objects.filter(
            wordpress_site=context.export.site, wordpress_id=post.parent_id
        ).first()
        if found is None:
            return False
        pk = context.pages[post.parent_id] = found.pk
    return Page.objects.get(pk=pk)


def import_page(post: Post, context, *, orphan: bool = False) -> None:
    parent = None if orphan else _parent(post, context)
    if parent is False:
        context.waiting_pages.append(post)
        return
    tally = context.summary["pages"]
    title, untitled = title_for(post)
    body = content_to_html(post.content, attachments=context.export.attachments)
    pictures = pictures_in(body, post, context)
    seo = seo_fields(post.meta, title=title, site_name=context.site_name)
    wanted = [title, post.slug, body, post.status, post.date, parent and parent.pk, seo]
    wanted.append(pictures_key(pictures))
    checksum = hashlib.sha256(
        json.dumps(wanted, sort_keys=True, default=str).encode()
    ).hexdigest()
    page = Page.objects.filter(
        wordpress_site=context.export.site, wordpress_id=post.id
    ).first()
    if page is not None and page.wordpress_checksum == checksum:
        tally.unchanged += 1
        context.pages[post.id] = page.pk
        keep_redirects(post, page, context.summary["redirects"])
        return
    created = page is None
    if created:
        page = Page(wordpress_site=context.export.site, wordpress_id=post.id)
    status = STATUS_MAP[post.status]
    if untitled and status in (Page.Status.PUBLISHED, Page.Status.SCHEDULED):
        status = Page.Status.DRAFT
        tally.notes["left as drafts: untitled"] += 1
    body = use_library(body, pictures, title=title, context=context)
    page.title, page.body, page.parent, page.status = title, body, parent, status
    page.published_at = post.date if post.status in ("publish", "future") else None
    page.seo_title, page.seo_description = seo["seo_title"], seo["seo_description"]
    page.wordpress_checksum = checksum
    page.slug = _slug(post, title, parent, page)
    page.full_clean(validate_unique=False, validate_constraints=False)
    page.save()
    context.pages[post.id] = page.pk
    if created:
        tally.created += 1
    else:
        tally.updated += 1
    if orphan:
        tally.notes["parent not in the export: put at the top level"] += 1
    keep_redirects(post, page, context.summary["redirects"])


def _slug(post: Post, title: str, parent: Page | None, page: Page) -> str:
    siblings = Page.objects.filter(parent=parent).exclude(pk=page.pk)
    slug = unique_slug(post.slug or title, queryset=siblings, fallback="page")
    prefix = f"/{parent.path}" if parent else ""
    if claimed_by_site(f"{prefix}/{slug}/"):
        slug = unique_slug(f"{slug}-page", queryset=siblings, fallback="page")
    return slug


def import_waiting_pages(context) -> list[tuple[Post, Exception]]:
    """Pages whose parent came after them: import them now, parents first; those
    whose parent never came go at the top level. Returns the ones that failed."""
    failed = []

    def attempt(post: Post, *, orphan: bool = False) -> None:
        try:
            with transaction.atomic():
                import_page(post, context, orphan=orphan)
        except (ValueError, ValidationError, DatabaseError) as error:
            failed.append((post, error))

    while context.waiting_pages:
        waiting, context.waiting_pages = context.waiting_pages, []
        for post in waiting:
            attempt(post)
        if len(context.waiting_pages) == len(waiting):
            # No parent came this round: those whose parent is not waiting either
            # have none in the export (all of them, for a loop of parents).
            stuck, context.waiting_pages = context.waiting_pages, []
            ids = {post.id for post in stuck}
            orphans = [p for p in stuck if p.parent_id not in ids] or stuck
            for post in stuck:
                if post in orphans:
                    attempt(post, orphan=True)
                else:
                    context.waiting_pages.append(post)
    return failed

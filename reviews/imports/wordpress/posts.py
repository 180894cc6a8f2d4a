"""Writing a WordPress export into Heaven: each post becomes a review, with its
author, film and tags, and its old addresses redirect to it.

``import_export`` is the second pass over a scanned export (``export.scan_export``).
Each post is written in its own savepoint, so one bad post is reported (with its
post id) and the rest go on; --strict stops at the first one instead.

Posts are keyed by the WordPress site and post id, and each review stores a checksum
of what the import made of its post: a second run skips unchanged posts without
touching their rows, updates the fields that changed, and creates nothing twice.
Authors are matched by login, films by the title and year the post's title names,
tags by name (case-insensitively); a missing one is created, or for authors the
--default-author is used.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from taggit.models import Tag

from heaven.folding import fold_name as fold
from heaven.slugs import unique_slug
from people.models import Author
from reviews import site_settings
from reviews.imports.wordpress.authors import find_author
from reviews.imports.wordpress.body_media import (
    pictures_in,
    pictures_key,
    use_library,
)
from reviews.imports.wordpress.comments import import_comments
from reviews.imports.wordpress.content import (
    content_to_html,
    excerpt_to_text,
    film_in_title,
    title_for,
)
from reviews.imports.wordpress.export import (
    Export,
    Post,
    WordPressImportError,
    channel_children,
    child_text,
    int_or_none,
    read_post,
)
from reviews.imports.wordpress.links import rewrite_links
from reviews.imports.wordpress.media import MediaFolder, set_hero_image
from reviews.imports.wordpress.old_links import keep_redirects
from reviews.imports.wordpress.pages import import_page, import_waiting_pages
from reviews.imports.wordpress.plugins import RatingSource, rating, seo_fields
from reviews.imports.wordpress.summary import Summary
from reviews.models import Film, Review

# Bump when the mapping changes, so the next run rewrites every imported review.
IMPORTER_VERSION = 2

STATUS_MAP = {
    "publish": Review.Status.PUBLISHED,
    "future": Review.Status.SCHEDULED,
    "draft": Review.Status.DRAFT,
    "pending": Review.Status.IN_REVIEW,
    "private": Review.Status.DRAFT,
}
SKIPPED_STATUSES = {
    "trash": "in the WordPress trash",
    "auto-draft": "an empty auto-draft",
    "inherit": "a revision",
}


# Rows are checked field by field before saving; uniqueness and the constraints are
# left to the database, which enforces them anyway: a violation raises IntegrityError
# inside the post's savepoint and is reported with the post id. Asking twice cost
# half of the import's time.
CHECK_FIELDS_ONLY = {"validate_unique": False, "validate_constraints": False}


@dataclass
class _Context:
    export: Export
    summary: Summary
    dry_run: bool
    media: MediaFolder | None
    default_author: Author | None
    rating_source: RatingSource = field(default_factory=RatingSource)
    site_name: str = ""
    authors: dict[str, Author] = field(default_factory=dict)
    # WordPress page id → the page here, and pages whose parent comes later.
    pages: dict[int, int] = field(default_factory=dict)
    waiting_pages: list[Post] = field(default_factory=list)
    films: dict[int, dict[str, int]] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    seen_films: set[int] = field(default_factory=set)
    # On --dry-run: checksums of the body pictures the run would have added.
    pictures_not_stored: set[str] = field(default_factory=set)


def import_export(
    *,
    export: Export,
    dry_run: bool = False,
    strict: bool = False,
    media_dir: Path | None = None,
    default_author: Author | None = None,
    rating_source: RatingSource | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Summary:
    """Second pass: import every post of a scanned export, in one transaction (rolled
    back on --dry-run, or when --strict meets a bad post)."""
    summary = Summary(dry_run=dry_run)
    context = _Context(
        export=export,
        summary=summary,
        dry_run=dry_run,
        media=MediaFolder(media_dir) if media_dir else None,
        default_author=default_author,
        rating_source=rating_source or RatingSource(),
        site_name=site_settings.current().site_name,
    )
    wp = export.wp
    with transaction.atomic():
        for elem in channel_children(export.path):
            if elem.tag != "item":
                continue
            post_type = child_text(elem, wp + "post_type")
            post_id = int_or_none(child_text(elem, wp + "post_id"))
            if post_type in ("post", "page"):
                _import_item(elem, post_id, context, strict=strict)
                if progress and post_type == "post":
                    progress(_posts_done(summary), export.posts)
            elif post_type == "attachment":
                summary["attachments"].skipped[
                    "not imported; featured images are copied or linked"
                ] += 1
            else:
                summary["other items"].skipped[f"type {post_type or '(none)'}"] += 1
        for page, error in import_waiting_pages(context):
            _failed(page.id, "pages", error, context, strict=strict)
        rewrite_links(context)
        if dry_run:
            transaction.set_rollback(True)
    return summary


def _posts_done(summary: Summary) -> int:
    reviews = summary["reviews"]
    return (
        reviews.created
        + reviews.updated
        + reviews.unchanged
        + sum(reviews.skipped.values())
        + reviews.failed
    )


def _import_item(elem: Element, post_id: int | None, context: _Context, *, strict):
    kind = (
        "pages"
        if child_text(elem, context.export.wp + "post_type") == "page"
        else "reviews"
    )
    try:
        if post_id is None:
            raise ValueError("the post has no wp:post_id")
        post = read_post(elem, context.export, post_id)
        if post.status in SKIPPED_STATUSES:
            context.summary[kind].skipped[SKIPPED_STATUSES[post.status]] += 1
            return
        if post.status not in STATUS_MAP:
            raise ValueError(f"unknown WordPress status {post.status!r}")
        if post.status in ("publish", "future") and post.date is None:
            raise ValueError(f"a {post.status} post without a date")
        with transaction.atomic():
            if kind == "pages":
                import_page(post, context)
            else:
                _import_post(post, context)
    except (ValueError, ValidationError, DatabaseError, OSError) as error:
        _failed(post_id, kind, error, context, strict=strict)


def _failed(post_id: int | None, kind: str, error, context: _Context, *, strict):
    message = _one_line(error)
    if strict:
        where = f"post {post_id}" if post_id is not None else "an item"
        raise WordPressImportError(
            f"{where}: {message} (stopped by --strict; nothing was imported)."
        ) from None
    context.summary[kind].failed += 1
    context.summary.errors.append((post_id, message))


def _one_line(error: Exception) -> str:
    if isinstance(error, ValidationError):
        messages = []
        for name, errors in getattr(
            error, "message_dict", {"": error.messages}
        ).items():
            prefix = f"{name}: " if name and name != "__all__" else ""
            messages += [prefix + m for m in errors]
        text = "; ".join(messages)
    else:
        text = str(error)
    return " ".join(text.split()) or type(error).__name__


def _import_post(post: Post, context: _Context) -> None:
    export, summary = context.export, context.summary
    attachment = export.attachments.get(post.thumbnail_id or 0)
    image_path = (
        context.media.find(attachment.url) if attachment and context.media else None
    )
    title, untitled = title_for(post)
    film_named = film_in_title(title)
    body = content_to_html(post.content, attachments=export.attachments)
    pictures = pictures_in(body, post, context)
    score, why_unrated = rating(post.meta, context.rating_source)
    seo = seo_fields(post.meta, title=title, site_name=context.site_name)
    wanted = {
        "version": IMPORTER_VERSION,
        "title": title,
        "rating": score,
        "seo": seo,
        "slug": post.slug,
        "excerpt": excerpt_to_text(post.excerpt),
        "body": body,
        "status": post.status,
        "date": post.date.isoformat() if post.date else None,
        "creator": post.creator,
        "default_author": context.default_author.pk if context.default_author else None,
        "film": film_named,
        "tags": post.tags,
        "link": post.link,
        "image": attachment.url if attachment else None,
        "image_alt": attachment.alt if attachment else None,
        "image_file": [image_path.name, image_path.stat().st_size]
        if image_path
        else None,
        "pictures": pictures_key(pictures),
    }
    checksum = hashlib.sha256(
        json.dumps(wanted, sort_keys=True, default=str).encode()
    ).hexdigest()
    review = Review.objects.filter(
        wordpress_site=export.site, wordpress_id=post.id
    ).first()
    if post.thumbnail_id and not attachment:
        summary["featured images"].skipped["attachment not in the export"] += 1
    if review is not None and review.wordpress_checksum == checksum:
        summary["reviews"].unchanged += 1
        return

    created = review is None
    if created:
        review = Review(wordpress_site=export.site, wordpress_id=post.id)
    body = use_library(body, pictures, title=title, context=context)
    film = _film(film_named, context) if film_named else review.film
    status = STATUS_MAP[post.status]
    needs_film = film is None
    # An untitled post stays a draft until an editor gives it a real title.
    if (needs_film or untitled) and status in (
        Review.Status.PUBLISHED,
        Review.Status.SCHEDULED,
    ):
        status = Review.Status.DRAFT
    values = {
        "title": title,
        "needs_title": untitled,
        # A post without plugin values keeps what an editor has given it here.
        **({"rating": score} if score is not None else {}),
        **{name: text for name, text in seo.items() if text},
        "excerpt": wanted["excerpt"],
        "body": body,
        "status": status,
        "published_at": post.date if post.status in ("publish", "future") else None,
        "author": find_author(post.creator, context),
        "film": film,
        "needs_film": needs_film,
        "wordpress_status": post.status,
        "wordpress_checksum": checksum,
        # Kept only while there is no hero image: it is an editor's to-do.
        "original_image_url": attachment.url
        if attachment and not image_path and review.hero_id is None
        else "",
    }
    if created or (post.slug and post.slug != review.slug):
        values["slug"] = unique_slug(
            post.slug or title,
            queryset=Review.objects.exclude(pk=review.pk),
            fallback="review",
        )
    changed = [name for name, value in values.items() if getattr(review, name) != value]
    for name in changed:
        setattr(review, name, values[name])
    changed += set_hero_image(
        review,
        attachment,
        image_path,
        film=film,
        title=title,
        images=summary["featured images"],
        dry_run=context.dry_run,
    )
    review.full_clean(**CHECK_FIELDS_ONLY)
    if created:
        review.save()
        summary["reviews"].created += 1
    else:
        review.save(update_fields=[*changed, "updated_at"])
        summary["reviews"].updated += 1
    if needs_film:
        summary["reviews"].notes["left as drafts: need a film"] += 1
    if untitled:
        summary["reviews"].notes[
            "left as drafts: untitled, titled from their words"
        ] += 1
    if why_unrated:
        summary["ratings"].skipped[why_unrated] += 1
    elif score is not None:
        summary["ratings"].notes["converted to the site's scale"] += 1
    if created or {name.casefold() for name in review.tags.names()} != {
        name.casefold() for name in post.tags
    }:
        review.tags.set(_tags(post.tags, context))
    keep_redirects(post, review, context.summary["redirects"])
    import_comments(post, review, context)


def _tags(names: list[str], context: _Context) -> list[Tag]:
    """Tag rows for names, found case-insensitively (as taggit does here) and
    remembered for the rest of the run."""
    tags = []
    for name in names:
        key = name.casefold()
        if key not in context.tags:
            tag = Tag.objects.filter(name__iexact=name).first()
            if tag is None:
                tag = Tag(name=name)
                tag.save()
                context.summary["tags"].created += 1
            else:
                context.summary["tags"].unchanged += 1
            context.tags[key] = tag
        tags.append(context.tags[key])
    return tags


def _film(named: tuple[str, int], context: _Context) -> Film:
    title, year = named
    if year not in context.films:
        context.films[year] = {}
        for pk, *titles in Film.objects.filter(year=year).values_list(
            "pk", "title", "original_title"
        ):
            for text in titles:
                if text:
                    context.films[year].setdefault(fold(text), pk)
    key = fold(title)
    pk = context.films[year].get(key)
    tally = context.summary["films"]
    if pk is not None:
        if pk not in context.seen_films:
            context.seen_films.add(pk)
            tally.unchanged += 1
        return Film.objects.get(pk=pk)
    film = Film(title=title, year=year)
    film.full_clean(exclude=["slug"], **CHECK_FIELDS_ONLY)
    film.save()
    context.films[year][key] = film.pk
    context.seen_films.add(film.pk)
    tally.created += 1
    return film

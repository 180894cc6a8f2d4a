"""The old site's addresses of a post or page, kept as redirects to the new one.

WordPress answers ``/?p=<id>`` (``/?page_id=<id>`` for pages) whatever its
permalink style, and the pretty permalink (``/2023/10/ballerina-review/``) is the
item's <link>. A review's redirect follows the review (``Redirect.review``); a
page's leads to its path (``Redirect.target``; a later rename of the page leaves
its own redirect, ``reviews/renames.py``). An address the site serves, or one a
row here holds, is never taken: the summary says so instead.
"""

from urllib.parse import unquote, urlsplit

from reviews.imports.wordpress.export import Post
from reviews.imports.wordpress.summary import Tally
from reviews.models import Page, Redirect, Review, address_holder
from reviews.models.redirects import PATH_MAX_LENGTH

CHECK_FIELDS_ONLY = {"validate_unique": False, "validate_constraints": False}


def short_link(post_id: int, *, page: bool = False) -> str:
    return f"/?page_id={post_id}" if page else f"/?p={post_id}"


def keep_redirects(post: Post, row: Review | Page, tally: Tally) -> None:
    _keep(short_link(post.id, page=isinstance(row, Page)), row, tally)
    path = unquote(urlsplit(post.link).path) if post.link else ""
    if not path.startswith("/") or path == "/" or urlsplit(post.link).query:
        tally.skipped["no pretty permalink"] += 1
        return
    if path.rstrip("/") == row.get_absolute_url().rstrip("/"):
        tally.skipped["same address as before"] += 1
        return
    _keep(path, row, tally)


def _keep(path: str, row: Review | Page, tally: Tally) -> None:
    path = path[:PATH_MAX_LENGTH]
    leads = (
        {"review": row}
        if isinstance(row, Review)
        else {"target": row.get_absolute_url()}
    )
    existing = Redirect.objects.filter(old_path=path).first()
    if existing is not None:
        if (
            existing.review_id == row.pk
            if isinstance(row, Review)
            else existing.target == leads["target"]
        ):
            tally.unchanged += 1
        elif isinstance(row, Page) and existing.target.startswith("/"):
            # The page moved since the last import: follow it.
            existing.target = leads["target"]
            existing.save(update_fields=["target"])
            tally.updated += 1
        else:
            tally.skipped["address already redirects elsewhere"] += 1
        return
    holder = address_holder(path)
    if holder is not None:
        where = "the site's own" if holder.kind == "site" else f"a {holder.kind}'s"
        tally.skipped[f"{where} address, e.g. {path}"] += 1
        return
    redirect = Redirect(old_path=path, **leads)
    redirect.full_clean(**CHECK_FIELDS_ONLY)
    redirect.save()
    tally.created += 1

"""Links in bodies to the old site's posts and pages, pointed at their new addresses.

A body may link to any post of the export, including ones later in the file, so
this runs once every item is in: it reads the reviews and pages of the export
whose body names the old site, 500 at a time, and rewrites each link to one of
the old site's addresses (``/?p=ID``, ``/?page_id=ID`` and the pretty permalinks,
over http or https, with or without www) to the address here of the review or
page it was: posts and pages by their WordPress id, permalinks through the
redirects the import keeps (`old_links`), so an address renamed since is followed.
A link to anything else of the old site (a category, an upload) is left as it is.
"""

import html
import re
from urllib.parse import parse_qs, unquote, urlsplit

from django.db.models import Q
from django.utils.html import escape

from heaven import page_cache
from reviews.imports.wordpress.export import bare_host, int_or_none, on_old_site
from reviews.models import Page, Redirect, Review, address_holder

LINK = re.compile(r'(<a\b[^>]*?\shref=")([^"]*)(")')
BATCH = 500


def rewrite_links(context) -> None:
    """Rewrite the old site's links in the export's reviews and pages."""
    site = context.export.site
    tally = context.summary["links in bodies"]
    mentions = Q(body__contains=bare_host(site.split("/", 1)[0])) | Q(
        body__contains='href="/?'
    )
    changed = False
    for model in (Review, Page):
        rows = model.objects.filter(mentions, wordpress_site=site).only("pk", "body")
        last = 0
        while batch := list(rows.filter(pk__gt=last).order_by("pk")[:BATCH]):
            last = batch[-1].pk
            rewritten = []
            for row in batch:
                body = LINK.sub(lambda m: _rewrite(m, site, tally), row.body)
                if body != row.body:
                    row.body = body
                    rewritten.append(row)
            if rewritten:
                model.objects.bulk_update(rewritten, ["body"])
                changed = True
    if changed:
        # bulk_update sends no signals: no cached page may keep the old links.
        page_cache.retire_all()


def _rewrite(match: re.Match, site: str, tally) -> str:
    href = html.unescape(match.group(2))
    parts = urlsplit(href)
    if not (on_old_site(href, site) or (not parts.netloc and href.startswith("/?"))):
        return match.group(0)
    address = new_address(parts, site)
    if address is None:
        tally.skipped["no post or page of the export at that address"] += 1
        return match.group(0)
    if parts.fragment:
        address += "#" + parts.fragment
    tally.updated += 1
    return match.group(1) + escape(address) + match.group(3)


def new_address(parts, site: str) -> str | None:
    """The address here of the post or page at an old address, or None."""
    query = parse_qs(parts.query)
    for key, models in (("p", (Review, Page)), ("page_id", (Page,))):
        post_id = int_or_none((query.get(key) or [""])[0])
        if post_id is None:
            continue
        for model in models:
            row = model.objects.filter(wordpress_site=site, wordpress_id=post_id)
            if found := row.first():
                return found.get_absolute_url()
        return None
    path = unquote(parts.path) or "/"
    if path == "/" or parts.query:
        return None
    redirect = Redirect.objects.for_path(path).first()
    if redirect is not None:
        return _leads_to(redirect)
    # A permalink the import left alone because the new address is the same.
    holder = address_holder(path)
    return path if holder is not None and holder.kind in ("review", "page") else None


def _leads_to(redirect: Redirect | None) -> str | None:
    if redirect is None:
        return None
    if redirect.review is not None:
        return redirect.review.get_absolute_url()
    return redirect.target or None

"""Reading a WordPress export: the WXR file (Tools → Export, WXR 1.0, 1.1 or 1.2).

The file is read with an incremental, hardened parser (defusedxml's ``iterparse``;
a DTD, entity expansion and external entities are refused), one child of
<channel> at a time, never as a whole tree. ``scan_export`` is the first pass: it
checks that the file is a well-formed WXR export and collects the small things
posts refer to (the site, the author blocks and the attachments), so a broken or
hostile file fails before any write. ``read_post`` turns one <item> of type post
into plain values for the second pass (``posts.import_export``).

The WXR namespace differs between versions ("…/export/1.0/" to "…/export/1.2/") and
between writers (WordPress.com and current WordPress write ``https://``, older ones
``http://``), so it is learnt from the file's wp:wxr_version and kept in
``Export.wp``. WXR 1.0 has no author blocks and marks tags ``domain="tag"``.
"""

import datetime
import html
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.html import strip_tags

SUPPORTED_WXR_VERSIONS = {"1.0", "1.1", "1.2"}
# WordPress.com and current WordPress write https, older versions http.
WP_NAMESPACE_PREFIXES = (
    "http://wordpress.org/export/",
    "https://wordpress.org/export/",
)
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

# WordPress's default category says nothing about a review.
IGNORED_CATEGORIES = {"uncategorized"}


class WordPressImportError(Exception):
    """The export cannot be imported at all; the message is one line."""


@dataclass
class ExportAuthor:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Attachment:
    url: str
    alt: str = ""
    caption: str = ""


@dataclass
class Export:
    """What the first pass learns about the file."""

    path: Path
    wp: str  # the WXR namespace, e.g. "{http://wordpress.org/export/1.2/}"
    version: str
    site: str
    authors: dict[str, ExportAuthor] = field(default_factory=dict)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    # An attachment's file, as its path below wp-content/uploads/ → its id.
    attachment_files: dict[str, int] = field(default_factory=dict)
    posts: int = 0
    pages: int = 0
    items: int = 0


def channel_children(path: Path) -> Iterator[Element]:
    """Yield each complete child of <channel>, then drop it, so memory stays flat."""
    depth, channel = 0, None
    try:
        for event, elem in iterparse(
            str(path), events=("start", "end"), forbid_dtd=True
        ):
            if event == "start":
                depth += 1
                if depth == 1 and elem.tag != "rss":
                    raise WordPressImportError(
                        f"Not a WordPress export: the root element is <{_local(elem.tag)}>, not <rss>."
                    )
                if depth == 2 and elem.tag == "channel":
                    channel = elem
                continue
            depth -= 1
            if depth == 2 and channel is not None:
                yield elem
                elem.clear()
                channel.remove(elem)
    except ParseError as error:
        raise WordPressImportError(f"Malformed XML: {error}.") from None
    except DefusedXmlException as error:
        raise WordPressImportError(
            "Refusing hostile XML: the file declares a DTD or entities "
            f"({type(error).__name__}); a WordPress export never does."
        ) from None
    except OSError as error:
        raise WordPressImportError(
            f"Cannot read {path.name}: {error.strerror or error}."
        ) from None
    if channel is None:
        raise WordPressImportError("Not a WordPress export: no <channel> in <rss>.")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def child_text(elem: Element, tag: str) -> str:
    return (elem.findtext(tag) or "").strip()


def scan_export(path: Path) -> Export:
    """First pass: check the file is WXR 1.0 to 1.2 and collect site, authors and
    attachments. Raises WordPressImportError with one line for any bad file."""
    export = None
    link = ""
    for elem in channel_children(path):
        tag = elem.tag
        if export is None:
            if tag == "link":
                link = (elem.text or "").strip()
            elif tag.startswith(
                tuple("{" + prefix for prefix in WP_NAMESPACE_PREFIXES)
            ) and (_local(tag) == "wxr_version"):
                version = (elem.text or "").strip()
                if version not in SUPPORTED_WXR_VERSIONS:
                    raise WordPressImportError(
                        f"Unsupported WXR version {version or '(empty)'}; "
                        "expected 1.0, 1.1 or 1.2."
                    )
                wp = tag[: -len("wxr_version")]
                export = Export(path=path, wp=wp, version=version, site="")
            elif tag == "item":
                raise WordPressImportError(
                    "Not a WordPress export: no wp:wxr_version before the first item."
                )
            continue
        wp = export.wp
        if tag == wp + "base_blog_url" or (tag == wp + "base_site_url" and not link):
            link = (elem.text or "").strip() or link
        elif tag == wp + "author":
            login = child_text(elem, wp + "author_login")
            if login:
                export.authors[login] = ExportAuthor(
                    login=login,
                    email=child_text(elem, wp + "author_email"),
                    display_name=child_text(elem, wp + "author_display_name"),
                    first_name=child_text(elem, wp + "author_first_name"),
                    last_name=child_text(elem, wp + "author_last_name"),
                )
        elif tag == "item":
            export.items += 1
            post_type = child_text(elem, wp + "post_type")
            if post_type == "post":
                export.posts += 1
            elif post_type == "page":
                export.pages += 1
            elif post_type == "attachment":
                post_id = int_or_none(child_text(elem, wp + "post_id"))
                url = child_text(elem, wp + "attachment_url") or child_text(
                    elem, "guid"
                )
                if post_id and url:
                    export.attachments[post_id] = Attachment(
                        url=url,
                        alt=_meta(elem, wp).get("_wp_attachment_image_alt", ""),
                        caption=" ".join(
                            html.unescape(strip_tags(_excerpt(elem))).split()
                        )[:300],
                    )
                    export.attachment_files[upload_path(url)] = post_id
    if export is None:
        raise WordPressImportError("Not a WordPress export: no wp:wxr_version found.")
    export.site = site_key(link)
    if not export.site:
        raise WordPressImportError("Not a WordPress export: the site has no address.")
    return export


def site_key(url: str) -> str:
    """'https://Blog.Example.com/reviews/' → 'blog.example.com/reviews': the same site
    whether it was exported over http or https."""
    parts = urlsplit(url.strip())
    return (parts.netloc.lower() + parts.path.rstrip("/"))[:200]


def upload_path(url: str) -> str:
    """'https://blog.example.com/wp-content/uploads/2023/10/a.jpg' → '2023/10/a.jpg':
    where a copy of wp-content/uploads holds the file (WordPress.com's
    files.wordpress.com addresses have no uploads/ in them)."""
    path = unquote(urlsplit(url).path)
    if "/uploads/" in path:
        path = path.split("/uploads/", 1)[1]
    return path.lstrip("/")


def bare_host(netloc: str) -> str:
    """'WWW.Blog.example.com:443' → 'blog.example.com'."""
    host = netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return host.removeprefix("www.")


def on_old_site(url: str, site: str) -> bool:
    """Whether an absolute http(s) ``url`` is the exported site's, whichever of
    http/https and www/bare it was written with (``site`` is ``Export.site``)."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bare_host(parts.netloc) == bare_host(
        site.split("/", 1)[0]
    )


def int_or_none(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _meta(item: Element, wp: str) -> dict[str, str]:
    return {
        child_text(meta, wp + "meta_key"): (
            meta.findtext(wp + "meta_value") or ""
        ).strip()
        for meta in item.iterfind(wp + "postmeta")
    }


@dataclass
class Comment:
    """One <wp:comment> of a post, as plain values."""

    id: int
    author: str
    email: str
    url: str
    date: datetime.datetime | None
    content: str
    approved: bool
    parent_id: int | None


@dataclass
class Post:
    """One <item> of type post or page, as plain values."""

    id: int
    title: str
    link: str
    creator: str
    content: str
    excerpt: str
    slug: str
    status: str
    date: datetime.datetime | None
    tags: list[str]
    thumbnail_id: int | None
    post_type: str = "post"
    parent_id: int | None = None
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)


def _date(text: str) -> datetime.datetime | None:
    """A WXR date ("2023-10-06 09:00:00", in UTC for the _gmt fields)."""
    if text and not text.startswith("0000"):
        try:
            return datetime.datetime.fromisoformat(text).replace(tzinfo=datetime.UTC)
        except ValueError:
            pass
    return None


def _post_date(item: Element, wp: str) -> datetime.datetime | None:
    date = _date(child_text(item, wp + "post_date_gmt"))
    if date:
        return date
    pub = child_text(item, "pubDate")
    if pub:
        try:
            date = parsedate_to_datetime(pub)
        except (TypeError, ValueError, IndexError):
            date = None
        if date is not None and date.tzinfo is not None and date.year > 1:
            return date.astimezone(datetime.UTC)
    # Last resort: the site's local time, read as UTC (the export does not say the
    # site's time zone).
    return _date(child_text(item, wp + "post_date"))


def _excerpt(item: Element) -> str:
    """The excerpt, whatever namespace its writer gave it ("…/1.2/excerpt/" over
    http or https)."""
    for child in item:
        if child.tag.endswith("/excerpt/}encoded"):
            return child.text or ""
    return ""


def _comments(item: Element, wp: str) -> list[Comment]:
    comments = []
    for elem in item.iterfind(wp + "comment"):
        comment_id = int_or_none(child_text(elem, wp + "comment_id"))
        kind = child_text(elem, wp + "comment_type")
        # Pingbacks and trackbacks are other sites' notices, not readers' words.
        if comment_id is None or kind in ("pingback", "trackback"):
            continue
        comments.append(
            Comment(
                id=comment_id,
                author=html.unescape(child_text(elem, wp + "comment_author"))[:200],
                email=child_text(elem, wp + "comment_author_email")[:254],
                url=child_text(elem, wp + "comment_author_url")[:500],
                date=_date(child_text(elem, wp + "comment_date_gmt"))
                or _date(child_text(elem, wp + "comment_date")),
                content=elem.findtext(wp + "comment_content") or "",
                approved=child_text(elem, wp + "comment_approved") == "1",
                parent_id=int_or_none(child_text(elem, wp + "comment_parent")) or None,
            )
        )
    return comments


def read_post(item: Element, export: Export, post_id: int) -> Post:
    wp = export.wp
    tags, seen = [], set()
    for category in item.iterfind("category"):
        # WXR 1.0 writes tags as domain="tag"; a category without a domain is 1.0's
        # copy of one that has it.
        if category.get("domain") not in ("category", "post_tag", "tag"):
            continue
        name = html.unescape((category.text or "").strip())
        if category.get("nicename", "").lower() in IGNORED_CATEGORIES:
            continue
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(name[:100])
    meta = _meta(item, wp)
    return Post(
        id=post_id,
        title=html.unescape(child_text(item, "title"))[:250],
        link=child_text(item, "link"),
        creator=child_text(item, DC_CREATOR),
        content=item.findtext(CONTENT_ENCODED) or "",
        excerpt=_excerpt(item),
        slug=unquote(child_text(item, wp + "post_name")),
        status=child_text(item, wp + "status"),
        date=_post_date(item, wp),
        tags=sorted(tags, key=str.casefold),
        thumbnail_id=int_or_none(meta.get("_thumbnail_id", "")),
        post_type=child_text(item, wp + "post_type"),
        parent_id=int_or_none(child_text(item, wp + "post_parent")) or None,
        meta=meta,
        comments=_comments(item, wp),
    )

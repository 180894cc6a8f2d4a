"""Move a WordPress review blog into Heaven: `import_wordpress EXPORT.xml`.

The export is WordPress's own WXR file (Tools → Export, WXR 1.1 or 1.2). It is read
twice with an incremental, hardened parser (defusedxml's ``iterparse``; a DTD, entity
expansion and external entities are refused), never as a whole tree:

1. ``scan_export`` checks that the file is a well-formed WXR export and collects the
   small things posts refer to: the site, the author blocks and the attachments
   (featured images). A broken or hostile file fails here, before any write.
2. ``import_export`` walks the items again and turns each post into a review, each in
   its own savepoint, so one bad post is reported (with its post id) and the rest go on.

Posts are keyed by the WordPress site and post id, and each review stores a checksum
of what the import made of its post: a second run skips unchanged posts without
touching their rows, updates the fields that changed, and creates nothing twice.
"""

import datetime
import hashlib
import html
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, transaction
from django.utils.html import escape, strip_tags
from taggit.models import Tag

from heaven.slugs import unique_slug
from heaven.uploads import validate_image
from people.models import Author
from reviews.film_import import fold
from reviews.library import Image, add_to_library, file_checksum
from reviews.models import Film, Redirect, Review, sanitize_body

# Bump when the mapping changes, so the next run rewrites every imported review.
IMPORTER_VERSION = 1

SUPPORTED_WXR_VERSIONS = {"1.1", "1.2"}
WP_NAMESPACE_PREFIX = "http://wordpress.org/export/"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

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
# WordPress's default category says nothing about a review.
IGNORED_CATEGORIES = {"uncategorized"}

# "Ballerina (2023) – Review", "Review: The Call (2020)", "“Ballerina” (2023) review"
FILM_IN_TITLE = re.compile(
    r"^\s*(?:(?:movie|film|tv|series)\s+)?(?:review\s*[:–—|-]\s*)?"
    r"(?P<title>.+?)\s*\((?P<year>(?:18[7-9]|19\d|20\d)\d)\)",
    re.IGNORECASE,
)
QUOTES = "\"'“”‘’«»„"


# Rows are checked field by field before saving; uniqueness and the constraints are
# left to the database, which enforces them anyway: a violation raises IntegrityError
# inside the post's savepoint and is reported with the post id. Asking twice cost
# half of the import's time.
CHECK_FIELDS_ONLY = {"validate_unique": False, "validate_constraints": False}


class WordPressImportError(Exception):
    """The export cannot be imported at all; the message is one line."""


# --- Reading the file ---------------------------------------------------------------


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


@dataclass
class Export:
    """What the first pass learns about the file."""

    path: Path
    wp: str  # the WXR namespace, e.g. "{http://wordpress.org/export/1.2/}"
    version: str
    site: str
    authors: dict[str, ExportAuthor] = field(default_factory=dict)
    attachments: dict[int, Attachment] = field(default_factory=dict)
    posts: int = 0
    items: int = 0


def _channel_children(path: Path) -> Iterator[Element]:
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


def _text(elem: Element, tag: str) -> str:
    return (elem.findtext(tag) or "").strip()


def scan_export(path: Path) -> Export:
    """First pass: check the file is WXR 1.1/1.2 and collect site, authors and
    attachments. Raises WordPressImportError with one line for any bad file."""
    export = None
    link = ""
    for elem in _channel_children(path):
        tag = elem.tag
        if export is None:
            if tag == "link":
                link = (elem.text or "").strip()
            elif tag.startswith("{" + WP_NAMESPACE_PREFIX) and (
                _local(tag) == "wxr_version"
            ):
                version = (elem.text or "").strip()
                if version not in SUPPORTED_WXR_VERSIONS:
                    raise WordPressImportError(
                        f"Unsupported WXR version {version or '(empty)'}; "
                        "expected 1.1 or 1.2."
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
            login = _text(elem, wp + "author_login")
            if login:
                export.authors[login] = ExportAuthor(
                    login=login,
                    email=_text(elem, wp + "author_email"),
                    display_name=_text(elem, wp + "author_display_name"),
                    first_name=_text(elem, wp + "author_first_name"),
                    last_name=_text(elem, wp + "author_last_name"),
                )
        elif tag == "item":
            export.items += 1
            post_type = _text(elem, wp + "post_type")
            if post_type == "post":
                export.posts += 1
            elif post_type == "attachment":
                post_id = _int(_text(elem, wp + "post_id"))
                url = _text(elem, wp + "attachment_url") or _text(elem, "guid")
                if post_id and url:
                    export.attachments[post_id] = Attachment(
                        url=url, alt=_meta(elem, wp).get("_wp_attachment_image_alt", "")
                    )
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


def _int(value: str) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _meta(item: Element, wp: str) -> dict[str, str]:
    return {
        _text(meta, wp + "meta_key"): (meta.findtext(wp + "meta_value") or "").strip()
        for meta in item.iterfind(wp + "postmeta")
    }


@dataclass
class Post:
    """One <item> of type post, as plain values."""

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


def _post_date(item: Element, wp: str) -> datetime.datetime | None:
    gmt = _text(item, wp + "post_date_gmt")
    if gmt and not gmt.startswith("0000"):
        try:
            return datetime.datetime.fromisoformat(gmt).replace(tzinfo=datetime.UTC)
        except ValueError:
            pass
    pub = _text(item, "pubDate")
    if pub:
        try:
            date = parsedate_to_datetime(pub)
        except (TypeError, ValueError, IndexError):
            date = None
        if date is not None and date.tzinfo is not None and date.year > 1:
            return date.astimezone(datetime.UTC)
    # Last resort: the site's local time, read as UTC (the export does not say the
    # site's time zone).
    local = _text(item, wp + "post_date")
    if local and not local.startswith("0000"):
        try:
            return datetime.datetime.fromisoformat(local).replace(tzinfo=datetime.UTC)
        except ValueError:
            pass
    return None


def _read_post(item: Element, export: Export, post_id: int) -> Post:
    wp = export.wp
    excerpt_tag = "{" + wp.strip("{}") + "excerpt/}encoded"
    tags, seen = [], set()
    for category in item.iterfind("category"):
        if category.get("domain") not in ("category", "post_tag"):
            continue
        name = html.unescape((category.text or "").strip())
        if category.get("nicename", "").lower() in IGNORED_CATEGORIES:
            continue
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            tags.append(name[:100])
    return Post(
        id=post_id,
        title=html.unescape(_text(item, "title"))[:250],
        link=_text(item, "link"),
        creator=_text(item, DC_CREATOR),
        content=item.findtext(CONTENT_ENCODED) or "",
        excerpt=item.findtext(excerpt_tag) or "",
        slug=unquote(_text(item, wp + "post_name")),
        status=_text(item, wp + "status"),
        date=_post_date(item, wp),
        tags=sorted(tags, key=str.casefold),
        thumbnail_id=_int(_meta(item, wp).get("_thumbnail_id", "")),
    )


# --- Turning WordPress markup into clean HTML ---------------------------------------

BLOCK_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
SHORTCODE = re.compile(
    r"\[(?P<open>\[?)(?P<name>[A-Za-z][\w-]*)(?P<attrs>(?:\s[^\]]*?)?)(?P<self>/?)\]"
    r"(?:(?P<inner>.*?)\[/(?P=name)\])?(?P<close>\]?)",
    re.DOTALL,
)
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))|"([^"]*)"|(\S+)"""
)
LEADING_IMAGE = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
BARE_URL_LINE = re.compile(r"(?m)^[ \t]*(https?://[^\s<>\"]+)[ \t]*$")
BLOCK_TAG = re.compile(
    r"^<(?:p|div|figure|figcaption|h[1-6]|ul|ol|li|blockquote|pre|table|hr|section)\b",
    re.IGNORECASE,
)
EMPTY_PARAGRAPH = re.compile(r"<p>(?:\s|<br>)*</p>\n?")
MEDIA_SHORTCODES = {"embed", "video", "audio", "youtube", "vimeo", "soundcloud"}


def _attributes(text: str) -> dict[str, str]:
    """WordPress's shortcode_parse_atts: named attributes, then positional ones as 0, 1 …"""
    attrs, position = {}, 0
    for match in ATTRIBUTE.finditer(text):
        if match.group(1):
            value = next(v for v in match.group(2, 3, 4) if v is not None)
            attrs[match.group(1).lower()] = value
        else:
            attrs[str(position)] = match.group(5) or match.group(6)
            position += 1
    return attrs


def _link(url: str) -> str:
    url = html.unescape(url.strip().lstrip("="))
    return f'<p><a href="{escape(url)}">{escape(url)}</a></p>'


def render_shortcodes(text: str, *, attachments: dict[int, Attachment]) -> str:
    """Turn [caption], [embed], [gallery] and media shortcodes into HTML; keep the
    content of other enclosing shortcodes and drop other self-closing ones with
    attributes. Text in brackets that is no shortcode ("[sic]") is left alone, and
    [[caption]] is WordPress's way of writing a literal [caption]."""

    def replace(match: re.Match) -> str:
        name = match.group("name").lower()
        if match.group("open") and match.group("close"):
            return match.group(0)[1:-1]
        attrs = _attributes(match.group("attrs") or "")
        inner = match.group("inner")
        if name in ("caption", "wp_caption"):
            return _caption(attrs, inner or "", attachments=attachments)
        if name in MEDIA_SHORTCODES:
            url = (inner or "").strip() or attrs.get("src") or attrs.get("url")
            url = url or next(
                (v for k, v in attrs.items() if k in ("0", "mp4", "mp3", "webm")), ""
            )
            return _link(url) if url.lstrip("=").startswith("http") else ""
        if name == "gallery":
            return _gallery(attrs, attachments=attachments)
        if inner is not None:
            return render_shortcodes(inner, attachments=attachments)
        if match.group("attrs").strip() or match.group("self"):
            return ""
        return match.group(0)

    return SHORTCODE.sub(replace, text)


def _caption(attrs: dict, inner: str, *, attachments) -> str:
    inner = render_shortcodes(inner, attachments=attachments)
    match = LEADING_IMAGE.match(inner)
    image, caption = (match.group(1), match.group(2)) if match else ("", inner)
    caption = attrs.get("caption") or caption.strip()
    if not image:
        return f"<p>{caption}</p>" if caption else ""
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def _gallery(attrs: dict, *, attachments: dict[int, Attachment]) -> str:
    images = []
    for raw in attrs.get("ids", "").split(","):
        attachment = attachments.get(_int(raw.strip()) or 0)
        if attachment:
            images.append(
                f'<figure><img src="{escape(attachment.url)}" '
                f'alt="{escape(attachment.alt)}"></figure>'
            )
    return "\n".join(images)


def autop(text: str) -> str:
    """WordPress's wpautop, in short: blank lines separate paragraphs, single line
    breaks become <br>. Classic-editor posts are stored without <p> tags."""
    chunks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_TAG.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(out)


def content_to_html(content: str, *, attachments: dict[int, Attachment]) -> str:
    """A post's content as the sanitized HTML a review body stores."""
    has_blocks = "<!-- wp:" in content
    text = BLOCK_COMMENT.sub("", content)
    text = render_shortcodes(text, attachments=attachments)
    text = BARE_URL_LINE.sub(lambda m: _link(m.group(1)), text)
    text = autop(text) if not has_blocks else re.sub(r"\n\s*\n+", "\n", text)
    # A shortcode that became a <figure> inside a <p> leaves empty paragraphs.
    return EMPTY_PARAGRAPH.sub("", sanitize_body(text)).strip()


def excerpt_to_text(excerpt: str) -> str:
    return " ".join(html.unescape(strip_tags(excerpt)).split())


def film_in_title(title: str) -> tuple[str, int] | None:
    """("Ballerina", 2023) for "Ballerina (2023) – Review"; None if no film is named."""
    match = FILM_IN_TITLE.match(title)
    if not match:
        return None
    name = match.group("title").strip().strip(QUOTES).strip()
    return (name[:250], int(match.group("year"))) if name else None


# --- The summary --------------------------------------------------------------------


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    unchanged_word: str = "unchanged"

    def line(self, kind: str) -> str:
        parts = [
            f"{count} {word}"
            for count, word in (
                (self.created, "created"),
                (self.updated, "updated"),
                (self.unchanged, self.unchanged_word),
            )
            if count
        ]
        skipped = sum(self.skipped.values())
        if len(self.skipped) == 1:
            parts.append(f"{skipped} skipped ({next(iter(self.skipped))})")
        elif skipped:
            reasons = "; ".join(
                f"{why}: {n}" for why, n in sorted(self.skipped.items())
            )
            parts.append(f"{skipped} skipped ({reasons})")
        parts += [f"{n} {why}" for why, n in sorted(self.notes.items())]
        return f"{kind}: " + (", ".join(parts) or "no change")


KINDS = ("reviews", "authors", "films", "tags", "redirects", "featured images")
FOUND = (
    "authors",
    "films",
    "tags",
)  # matched rather than imported: "found", not "unchanged"
NOT_IMPORTED = ("pages", "attachments", "comments", "other items")


@dataclass
class Summary:
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {
            kind: Tally(unchanged_word="found" if kind in FOUND else "unchanged")
            for kind in KINDS + NOT_IMPORTED
        }
    )
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    dry_run: bool = False

    def __getitem__(self, kind: str) -> Tally:
        return self.tallies[kind]

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.tallies.values())

    def lines(self) -> list[str]:
        lines = [
            self.tallies[kind].line(kind)
            for kind in KINDS + NOT_IMPORTED
            if kind in KINDS or self.tallies[kind].skipped
        ]
        for post_id, message in self.errors:
            where = f"post {post_id}" if post_id is not None else "an item"
            lines.append(f"error: {where}: {message}")
        return lines


# --- Writing ------------------------------------------------------------------------


@dataclass
class _Context:
    export: Export
    summary: Summary
    dry_run: bool
    media: "MediaFolder | None"
    default_author: Author | None
    authors: dict[str, Author] = field(default_factory=dict)
    films: dict[int, dict[str, int]] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)
    seen_films: set[int] = field(default_factory=set)


class MediaFolder:
    """Files under --media-dir, found by their path below wp-content/uploads/ or, failing
    that, by file name alone."""

    def __init__(self, root: Path):
        self.root = root
        self.by_name: dict[str, Path] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file():
                self.by_name.setdefault(path.name, path)

    def find(self, url: str) -> Path | None:
        path = unquote(urlsplit(url).path)
        if "/uploads/" in path:
            candidate = self.root / path.split("/uploads/", 1)[1]
            if candidate.is_file():
                return candidate
        return self.by_name.get(path.rsplit("/", 1)[-1])


def import_export(
    *,
    export: Export,
    dry_run: bool = False,
    strict: bool = False,
    media_dir: Path | None = None,
    default_author: Author | None = None,
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
    )
    wp = export.wp
    with transaction.atomic():
        for elem in _channel_children(export.path):
            if elem.tag != "item":
                continue
            post_type = _text(elem, wp + "post_type")
            post_id = _int(_text(elem, wp + "post_id"))
            comments = len(elem.findall(wp + "comment"))
            if comments:
                summary["comments"].skipped["not imported"] += comments
            if post_type == "post":
                _import_item(elem, post_id, context, strict=strict)
                if progress:
                    progress(_posts_done(summary), export.posts)
            elif post_type == "page":
                summary["pages"].skipped["not imported"] += 1
            elif post_type == "attachment":
                summary["attachments"].skipped[
                    "not imported; featured images are copied or linked"
                ] += 1
            else:
                summary["other items"].skipped[f"type {post_type or '(none)'}"] += 1
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
        + len(summary.errors)
    )


def _import_item(elem: Element, post_id: int | None, context: _Context, *, strict):
    summary = context.summary
    try:
        if post_id is None:
            raise ValueError("the post has no wp:post_id")
        post = _read_post(elem, context.export, post_id)
        if post.status in SKIPPED_STATUSES:
            summary["reviews"].skipped[SKIPPED_STATUSES[post.status]] += 1
            return
        if post.status not in STATUS_MAP:
            raise ValueError(f"unknown WordPress status {post.status!r}")
        if post.status in ("publish", "future") and post.date is None:
            raise ValueError(f"a {post.status} post without a date")
        with transaction.atomic():
            _import_post(post, context)
    except (ValueError, ValidationError, DatabaseError, OSError) as error:
        message = _one_line(error)
        if strict:
            where = f"post {post_id}" if post_id is not None else "an item"
            raise WordPressImportError(
                f"{where}: {message} (stopped by --strict; nothing was imported)."
            ) from None
        summary.errors.append((post_id, message))


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
    film_named = film_in_title(post.title)
    body = content_to_html(post.content, attachments=export.attachments)
    wanted = {
        "version": IMPORTER_VERSION,
        "title": post.title,
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
    film = _film(film_named, context) if film_named else review.film
    status = STATUS_MAP[post.status]
    needs_film = film is None
    if needs_film and status in (Review.Status.PUBLISHED, Review.Status.SCHEDULED):
        status = Review.Status.DRAFT
    values = {
        "title": post.title,
        "excerpt": wanted["excerpt"],
        "body": body,
        "status": status,
        "published_at": post.date if post.status in ("publish", "future") else None,
        "author": _author(post.creator, context),
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
            post.slug or post.title,
            queryset=Review.objects.exclude(pk=review.pk),
            fallback="review",
        )
    changed = [name for name, value in values.items() if getattr(review, name) != value]
    for name in changed:
        setattr(review, name, values[name])
    if image_path:
        alt = attachment.alt.strip() or (
            f"Image for the review of {film}" if film else f"Image for “{post.title}”"
        )
        try:
            changed += _hero_image(review, image_path, alt[:250], context)
        except ValidationError:
            summary["featured images"].notes[
                "not a picture Heaven can read: kept as original URL"
            ] += 1
            if review.hero_id is None and review.original_image_url != attachment.url:
                review.original_image_url = attachment.url
                changed.append("original_image_url")
    elif attachment and review.hero_id is None:
        summary["featured images"].notes["kept as original URL"] += 1
    elif attachment:
        summary["featured images"].notes["kept the hero image already here"] += 1
    review.full_clean(**CHECK_FIELDS_ONLY)
    if created:
        review.save()
        summary["reviews"].created += 1
    else:
        review.save(update_fields=[*changed, "updated_at"])
        summary["reviews"].updated += 1
    if needs_film:
        summary["reviews"].notes["left as drafts: need a film"] += 1
    if created or {name.casefold() for name in review.tags.names()} != {
        name.casefold() for name in post.tags
    }:
        review.tags.set(_tags(post.tags, context))
    _redirect(post, review, context)


def _hero_image(review: Review, path: Path, alt: str, context: _Context) -> list[str]:
    """Make the featured image the review's hero: a library image, reused when the
    same picture is there already (by checksum), copied in otherwise with the
    attachment's alt text. Nothing is written on --dry-run."""
    images = context.summary["featured images"]
    with path.open("rb") as source:
        picture = File(source, name=path.name)
        checksum = file_checksum(picture)
        if review.hero is not None and review.hero.checksum == checksum:
            images.unchanged += 1
            return []
        found = Image.objects.filter(checksum=checksum).first()
        if found is not None:
            # The library's alt text and credit are a writer's: kept as they are.
            images.notes["found in the image library"] += 1
            if context.dry_run:
                return []
            review.hero = found
            return ["hero"]
        validate_image(picture)  # a refusal keeps the post, not the picture
        images.notes["copied from the media folder"] += 1
        if context.dry_run:
            return []
        review.hero, _ = add_to_library(
            file=picture,
            name=f"wordpress/{review.wordpress_id}-{path.name}",
            alt_text=alt,
        )
    return ["hero"]


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


def _author(login: str, context: _Context) -> Author:
    if login in context.authors:
        return context.authors[login]
    tally = context.summary["authors"]
    author = Author.objects.filter(user__username=login).first() if login else None
    if author is not None:
        tally.unchanged += 1
    elif context.default_author is not None:
        author = context.default_author
        tally.notes[f"not found, using {author.slug}"] += 1
    else:
        author = _create_author(login or "wordpress", context.export)
        tally.created += 1
    context.authors[login] = author
    return author


def _create_author(login: str, export: Export) -> Author:
    """An author and a login without a password (an admin sets one), from the
    export's author block."""
    block = export.authors.get(login) or ExportAuthor(login=login)
    full_name = f"{block.first_name} {block.last_name}".strip()
    User = get_user_model()
    user = User.objects.filter(username=login).first()
    if user is None:
        user = User(
            username=login[:150],
            email=block.email,
            first_name=block.first_name[:150],
            last_name=block.last_name[:150],
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    author = Author(user=user, display_name=block.display_name or full_name or login)
    author.full_clean(exclude=["slug"])
    author.save()
    return author


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


def short_link(post_id: int) -> str:
    """WordPress answers ``/?p=<id>`` for every post whatever its permalink style,
    and many inbound links (and every plain-permalink blog) use it."""
    return f"/?p={post_id}"


def _redirect(post: Post, review: Review, context: _Context) -> None:
    tally = context.summary["redirects"]
    _keep_redirect(short_link(post.id), review, tally)
    path = unquote(urlsplit(post.link).path) if post.link else ""
    if not path.startswith("/") or path == "/" or urlsplit(post.link).query:
        tally.skipped["no pretty permalink"] += 1
        return
    if path == review.get_absolute_url():
        tally.skipped["same address as the review"] += 1
        return
    _keep_redirect(path, review, tally)


def _keep_redirect(path: str, review: Review, tally) -> None:
    existing = Redirect.objects.filter(old_path=path[:500]).first()
    if existing is None:
        redirect = Redirect(old_path=path[:500], review=review)
        redirect.full_clean(**CHECK_FIELDS_ONLY)
        redirect.save()
        tally.created += 1
    elif existing.review_id == review.pk:
        tally.unchanged += 1
    else:
        tally.skipped["address already redirects to another review"] += 1

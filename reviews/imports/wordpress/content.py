"""Turning WordPress markup into the clean HTML a review body stores, and finding the
film a post's title names.

Classic-editor posts are stored without <p> tags (``autop`` adds them as WordPress
does on display); block-editor posts carry <!-- wp: --> comments, which are dropped.
Shortcodes are WordPress's own; [caption], [gallery] and the media ones become
HTML, the rest are unwrapped or dropped (``render_shortcodes``). Whatever comes out
goes through the body sanitizer, like every body written here.
"""

import html
import re

from django.utils.html import escape, strip_tags

from reviews.body_markup import sanitize_body
from reviews.imports.wordpress.export import Attachment, int_or_none

# "Ballerina (2023) – Review", "Review: The Call (2020)", "“Ballerina” (2023) review"
FILM_IN_TITLE = re.compile(
    r"^\s*(?:(?:movie|film|tv|series)\s+)?(?:review\s*[:–—|-]\s*)?"
    r"(?P<title>.+?)\s*\((?P<year>(?:18[7-9]|19\d|20\d)\d)\)",
    re.IGNORECASE,
)
QUOTES = "\"'“”‘’«»„"

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
        attachment = attachments.get(int_or_none(raw.strip()) or 0)
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


def title_for(post) -> tuple[str, bool]:
    """The post's title, or for an untitled one (WordPress allows them) a title made
    from its first words, else its slug, else its id; and whether it was made."""
    if post.title.strip():
        return post.title, False
    text = excerpt_to_text(BLOCK_COMMENT.sub(" ", post.content))
    words = text.split()[:8]
    if words:
        made = " ".join(words)
        return (made if len(made) <= 80 else made[:79].rstrip() + "…") + (
            " …" if len(text.split()) > 8 else ""
        ), True
    slug = post.slug.replace("-", " ").replace("_", " ").strip()
    if slug and not slug.isdigit():
        return slug[:1].upper() + slug[1:250], True
    return f"Untitled post {post.id}", True

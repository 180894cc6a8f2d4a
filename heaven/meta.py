"""What every public page says about itself: title, description, canonical URL,
the social card (OpenGraph, Twitter) and schema.org JSON-LD.

Views mix in `PageMetaMixin` and override `get_page_meta()`; `base.html` renders
`meta` in one place.
"""

import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString

# What could end the <script> or start markup inside it, in JSON's own escapes.
JSON_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


# Where the site's name comes from once the apps are ready: the site settings an
# editor changes (registered by `reviews.receivers`); before that, SITE_NAME.
_site_name_source = None


def use_site_name_from(source) -> None:
    global _site_name_source
    _site_name_source = source


def site_name() -> str:
    return _site_name_source() if _site_name_source else settings.SITE_NAME


@dataclass
class PageMeta:
    title: str
    description: str = ""
    canonical: str = ""
    og_type: str = "website"
    image: str = ""
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    jsonld: list[dict[str, Any]] = field(default_factory=list)
    site_name: str = field(default_factory=lambda: site_name())

    @property
    def twitter_card(self) -> str:
        return "summary_large_image" if self.image else "summary"


def jsonld_script(data: dict[str, Any]) -> SafeString:
    """A <script type="application/ld+json"> that no string in `data` can close."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    for character, escaped in JSON_ESCAPES:  # replace() beats translate() here
        text = text.replace(character, escaped)
    return format_html(
        '<script type="application/ld+json">{}</script>', SafeString(text)
    )


def absolute_image(request, image) -> tuple[str, int | None, int | None]:
    """The URL, width and height of the rendition a social card should use, for a
    library image (`reviews.library`, which knows its renditions)."""
    best = image.card_rendition() if image is not None else None
    if best is None:
        return "", None, None
    return request.build_absolute_uri(best.url), best.width, best.height


def shorten(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


class PageMetaMixin:
    """Adds `meta` (a PageMeta) to the context of a public page."""

    def get_page_meta(self, context) -> dict[str, Any]:
        raise NotImplementedError

    def canonical_url(self, context) -> str:
        url = self.request.build_absolute_uri(self.request.path)
        page = context.get("page_obj")
        if page is not None and page.number > 1:
            url += f"?page={page.number}"
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values = self.get_page_meta(context)
        image = values.pop("image", None)
        if image:
            values.setdefault("image_alt", image.alt_text)
            url, width, height = absolute_image(self.request, image)
            values.update(image=url, image_width=width, image_height=height)
        values["description"] = shorten(values.get("description", ""))
        context["meta"] = PageMeta(canonical=self.canonical_url(context), **values)
        return context

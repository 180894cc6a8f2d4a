"""Query parameters that say where a reader came from, not which page they want.

A review shared on social sites arrives as `/reviews/x/?fbclid=…` with a new value
per click. The page is the same, so the page cache files it under the address
without them (one cached copy, not one render per click), and links the page makes
from its own address (the region picker's way back) leave them out, so one
reader's click identifier is never shown to the next.
"""

from urllib.parse import parse_qsl, urlencode

TRACKING_PREFIXES = ("utm_",)
TRACKING_NAMES = frozenset(
    {
        "fbclid",  # Facebook, Instagram
        "gclid",  # Google Ads
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",  # Microsoft Ads
        "twclid",  # X
        "ttclid",  # TikTok
        "li_fat_id",  # LinkedIn
        "igshid",
        "yclid",  # Yandex
        "mc_cid",  # Mailchimp
        "mc_eid",
        "_hsenc",  # HubSpot
        "_hsmi",
        "mkt_tok",  # Marketo
    }
)


def is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_NAMES or name.startswith(TRACKING_PREFIXES)


def path_without_tracking(request, also: tuple[str, ...] = ()) -> str:
    """The request's path and query string, less the tracking parameters and the
    parameters named in `also`; the other parameters keep their order."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)

    def dropped(name):
        return is_tracking(name) or name in also

    if not any(dropped(name) for name, _ in pairs):
        return request.get_full_path()  # the exact text the reader asked for
    kept = [(name, value) for name, value in pairs if not dropped(name)]
    return request.path + ("?" + urlencode(kept) if kept else "")

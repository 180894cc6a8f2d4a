"""The reader's region: which country's where-to-watch options a page shows.

A reader picks a region with the picker on film, review and provider pages; the
choice lives in a cookie (no login). Anything that caches a page must key on
`reader_region`, never on the raw cookie, so a forged cookie cannot fill the cache
with variants.

A reader in region XX sees the options for XX and the worldwide ones (region '');
a reader whose region is '' sees the worldwide options only. The site's default
is `settings.WATCH_DEFAULT_REGION` ('' unless set). The cookie may also say
"worldwide", so that a reader can choose worldwide-only on a site whose default is
a country.
"""

from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

REGION_COOKIE = "heaven_region"
# A year: a reader's country rarely changes.
REGION_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
WORLDWIDE = "worldwide"

# ISO 3166-1 alpha-2: every officially assigned code (249).
ISO_3166_ALPHA2 = frozenset(
    """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ
EC EE EG EH ER ES ET
FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU
ID IE IL IM IN IO IQ IR IS IT
JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ
LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ
OM
PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA
RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
UA UG UM US UY UZ
VA VC VE VG VI VN VU
WF WS
YE YT
ZA ZM ZW
""".split()
)


# Where the default comes from once the app is ready: the site settings an
# editor changes (`reviews.site_settings`, registered by `reviews.receivers`);
# before that, the WATCH_DEFAULT_REGION setting.
_default_source = None


def use_default_region_from(source) -> None:
    global _default_source
    _default_source = source


def default_region() -> str:
    """The site's default region: an ISO 3166 alpha-2 code, or '' (worldwide)."""
    if _default_source is not None:
        configured = _default_source()
    else:
        configured = getattr(settings, "WATCH_DEFAULT_REGION", "")
    return clean_region(configured) or ""


def clean_region(value: str | None) -> str | None:
    """The upper-case code when `value` names a known region, '' when it says
    "worldwide", else None."""
    code = (value or "").strip()
    if code.lower() == WORLDWIDE:
        return ""
    code = code.upper()
    return code if code in ISO_3166_ALPHA2 else None


def reader_region(request) -> str:
    """The region this request's pages show: the cookie's, when it is valid, else
    the site's default."""
    region = clean_region(request.COOKIES.get(REGION_COOKIE))
    return default_region() if region is None else region


def regions_seen_from(region: str) -> tuple[str, ...]:
    """The option regions a reader in `region` sees: their own and worldwide."""
    return (region, "") if region else ("",)


def region_name(region: str) -> str:
    return (countries.name(region) or region) if region else "Worldwide"


def region_choices() -> list[tuple[str, str]]:
    """(value, label) for the picker: worldwide first, then countries by name."""
    return [(WORLDWIDE, "Worldwide")] + [
        (code, name) for code, name in countries if code in ISO_3166_ALPHA2
    ]


def region_options(selected: str, default: str):
    """The picker's <option> elements, `selected` chosen; with a first choice
    that returns to the site's `default` when it is a country."""
    return _region_options(selected, default, get_language())


# Made once per choice and language: the country list is the same on every page,
# and looping over 250 names in the template was most of a page's render time.
@lru_cache(maxsize=1024)
def _region_options(selected: str, default: str, language: str | None):
    choices = region_choices()
    if default:
        choices.insert(0, ("", f"Site default ({region_name(default)})"))
    return format_html_join(
        "",
        '\n    <option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in choices
        ),
    )


def validate_region(value: str) -> None:
    """A model field validator: an ISO 3166 alpha-2 code in capitals, or ''."""
    if value and value not in ISO_3166_ALPHA2:
        raise ValidationError(
            "%(value)s is not an ISO 3166 country code; use two capitals such as "
            "US or KR, or leave it empty for worldwide.",
            params={"value": value},
            code="invalid_region",
        )

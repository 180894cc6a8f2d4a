"""Folding names and search text into one matching key, for every app.

"Jeon Jong-seo", "jeon jongseo", "JEON JONG SEO" and "Jéon Jong Seo" are one name to a
reader. `fold_name` turns each of them into the same key (``jeonjongseo``): case folded,
accents dropped, and everything that is not a letter or a digit (spaces, hyphens,
apostrophes, dots) removed. Hangul and other scripts keep their letters (전종서 stays
전종서), so a two-syllable query such as 종서 is still a plain substring of the key.
People (`people.search`), film titles and site search (`heaven.search`) all use it.
"""

import unicodedata

# Letters that carry no combining accent in Unicode, so NFKD cannot split them.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)

# A name is at most 200 characters; a search box may be sent anything. Folding only
# the start keeps a 10,000-character query as cheap as a short one.
MAX_QUERY_LENGTH = 200


def fold_name(text: str) -> str:
    """The matching key of a name: ``fold_name("Jeon Jong-Seo") == "jeonjongseo"``."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(
        char for char in decomposed if not unicodedata.combining(char)
    ).translate(_SPECIAL_LETTERS)
    # NFC puts Hangul syllables back together after NFKD split them into jamo.
    recomposed = unicodedata.normalize("NFC", kept)
    return "".join(char for char in recomposed if char.isalnum())


def fold_query(text: str) -> str:
    """A search box's text folded like a name, cut to a sane length first."""
    return fold_name((text or "")[:MAX_QUERY_LENGTH])[:MAX_QUERY_LENGTH]

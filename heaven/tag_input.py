"""How a tag field reads and shows tags (taggit's TAGGIT_TAGS_FROM_STRING and
TAGGIT_STRING_FROM_TAGS): tags are separated by commas and kept as the writer
spelled them.

taggit's own rules split on spaces when there is no comma, quote every tag with
a space in it ("Film Noir" came back as ``"Film Noir"``) and keep stray quotes
as part of a name. Here a comma is the only separator, quotes around a tag are
taken off, spaces inside are kept (runs of them made one), and the first
spelling of a tag typed twice wins. An existing tag is matched without regard
to case (TAGGIT_CASE_INSENSITIVE), so "korean" typed over an existing "Korean"
links that one instead of making a second."""

import re

QUOTES = "\"'“”‘’"
# A comma outside double quotes: a tag may hold a comma only when quoted.
SEPARATOR = re.compile(r",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")


def tags_from_string(text: str) -> list[str]:
    names, seen = [], set()
    for part in SEPARATOR.split(text or ""):
        name = " ".join(part.split()).strip(QUOTES).strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def string_from_tags(tags) -> str:
    names = sorted((tag.name for tag in tags), key=str.casefold)
    return ", ".join(f'"{name}"' if "," in name else name for name in names)

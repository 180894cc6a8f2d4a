"""A film's facts as readers read them: country and language names, not the
codes an editor types ("KR" is South Korea, "ko" is Korean)."""

import pycountry
from django_countries import countries


def country_names(codes: list[str]) -> list[str]:
    # django-countries' names are the ones the region picker shows, so a film's
    # country and the reader's region read alike.
    return [countries.name(code) or code for code in codes]


def language_name(code: str) -> str:
    """ISO 639 English name (pycountry); an unknown code shows as typed rather
    than vanishing from the facts."""
    field = "alpha_2" if len(code) == 2 else "alpha_3"
    language = pycountry.languages.get(**{field: code})
    if language is None:
        return code
    return getattr(language, "common_name", None) or language.name


def language_names(codes: list[str]) -> list[str]:
    return [language_name(code) for code in codes]

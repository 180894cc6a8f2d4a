"""schema.org JSON-LD for person and author pages."""

from typing import Any

from people.models import Author, Person


def person_jsonld(request, person: Person) -> dict[str, Any]:
    """A Person with every alias as an alternateName; needs `with_aliases()`."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": request.build_absolute_uri(person.get_absolute_url()),
    }
    aliases = [alias.name for alias in person.aliases.all()]
    if aliases:
        data["alternateName"] = aliases
    if person.birth_date:
        data["birthDate"] = person.birth_date.isoformat()
    if person.bio:
        data["description"] = person.bio_text
    same_as = []
    if person.imdb_id:
        same_as.append(f"https://www.imdb.com/name/{person.imdb_id}/")
    if person.tmdb_id:
        same_as.append(f"https://www.themoviedb.org/person/{person.tmdb_id}")
    if same_as:
        data["sameAs"] = same_as
    return data


def author_jsonld(request, author: Author) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": author.display_name,
        "url": request.build_absolute_uri(author.get_absolute_url()),
    }
    if author.nickname:
        data["alternateName"] = author.nickname
    if author.bio:
        data["description"] = author.bio_text
    if author.website:
        data["sameAs"] = [author.website]
    return data

"""What a person is known for on this site: the titles we reviewed most."""

KNOWN_FOR_LIMIT = 4


def known_for(credits, *, limit: int = KNOWN_FOR_LIMIT) -> list:
    """The films of `credits` (a filmography, newest first, each film with its
    `public_reviews`) that we reviewed, most reviewed first; a tie keeps the
    newer film first. Reads what the filmography fetched: no query."""
    films = {}
    for credit in credits:
        films.setdefault(credit.film_id, credit.film)
    reviewed = [film for film in films.values() if film.public_reviews]
    # sorted() is stable: among equals the filmography's newest-first order holds.
    return sorted(reviewed, key=lambda film: -len(film.public_reviews))[:limit]

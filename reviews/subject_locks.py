"""People and films a published review shows are changed by editors only;
writers add them, and change the ones no published review shows yet (see
`people/locks.py` for why). Registered with `people.locks` by
`reviews/receivers.py`; the film admin asks `film_locked_for` itself."""

from django.db.models import Q

from reviews import workflow
from reviews.models import Review


def person_shown(person) -> bool:
    return (
        Review.objects.published()
        .filter(Q(film__credits__person=person) | Q(mentions__person=person))
        .exists()
    )


def film_shown(film) -> bool:
    return (
        Review.objects.published()
        .filter(Q(film=film) | Q(mentions__film=film))
        .exists()
    )


def person_locked_for(user, person) -> bool:
    return not workflow.is_editor(user) and person_shown(person)


def film_locked_for(user, film) -> bool:
    return film is not None and not workflow.is_editor(user) and film_shown(film)

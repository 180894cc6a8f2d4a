"""Who may change a person: a writer may add people and change those no
published review shows; a person a published review shows (in its film's
credits or a mention) is changed by editors only, because such a change goes
straight onto pages readers already see, with no editor's look in between (a
writer's review passes an editor before it is published; a person's edit would
not).

`people` never imports `reviews`: the reviews app registers the question in its
`ready()` (`reviews/subject_locks.py`). Without one registered nothing is locked.
"""

from collections.abc import Callable

_locked: Callable | None = None


def register(check: Callable) -> None:
    """``check(user, person) -> bool``: whether that person is locked for that
    user."""
    global _locked
    _locked = check


def locked_for(user, person) -> bool:
    return bool(person is not None and _locked is not None and _locked(user, person))

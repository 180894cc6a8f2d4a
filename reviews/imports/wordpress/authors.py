"""A post's author: matched by login, made from the export's author block, or the
--default-author.

WordPress allows logins Django does not ("Karina Adelgaard", "anna/k", names
over 150 characters); such a login becomes a valid username (``username_for``),
and the author keeps the name readers saw as display name.
"""

import re
import unicodedata

from django.contrib.auth import get_user_model

from people.models import Author
from reviews.imports.wordpress.export import Export, ExportAuthor

# What Django's UnicodeUsernameValidator refuses.
NOT_IN_USERNAME = re.compile(r"[^\w.@+-]+")


def username_for(login: str) -> str:
    """The login itself when Django takes it, else a valid username made from it:
    'Karina Adelgaard' → 'Karina_Adelgaard', '' → 'wordpress'."""
    name = unicodedata.normalize("NFKC", login).strip()
    name = NOT_IN_USERNAME.sub("_", name).strip("_")
    return name[:150] or "wordpress"


def find_author(login: str, context) -> Author:
    if login in context.authors:
        return context.authors[login]
    tally = context.summary["authors"]
    username = username_for(login)
    author = Author.objects.filter(user__username=username).first() if login else None
    if author is not None:
        tally.unchanged += 1
    elif context.default_author is not None:
        author = context.default_author
        tally.notes[f"not found, using {author.slug}"] += 1
    else:
        author = _create_author(login, username, context.export)
        tally.created += 1
        if username != login:
            tally.notes["logins made valid usernames"] += 1
    context.authors[login] = author
    return author


def _create_author(login: str, username: str, export: Export) -> Author:
    """An author and a login without a password (an admin sets one), from the
    export's author block."""
    block = export.authors.get(login) or ExportAuthor(login=login)
    full_name = f"{block.first_name} {block.last_name}".strip()
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            email=block.email,
            first_name=block.first_name[:150],
            last_name=block.last_name[:150],
        )
        user.set_unusable_password()
        user.full_clean()
        user.save()
    display_name = block.display_name or full_name or login or "WordPress"
    author = Author(user=user, display_name=display_name[:200])
    author.full_clean(exclude=["slug"])
    author.save()
    return author

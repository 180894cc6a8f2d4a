"""Old addresses that still answer: with a review (a WordPress permalink, a
review's old slug), with another address (a renamed film, person, author, tag or
page, or an editor's own entry), or with 410 Gone.

An old address is never one the site serves or a row holds now
(`address_holder`): a redirect there would either never answer or hide a page.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import Resolver404, resolve
from taggit.models import Tag

from heaven.site_paths import claimed_by_site
from people.models import Author, Person, PersonAlias
from reviews.models.films import Film
from reviews.models.lists import FilmList
from reviews.models.pages import Page
from reviews.models.reviews import Review
from reviews.models.watch import Provider

PATH_MAX_LENGTH = 600
# The query strings the fallback answers: WordPress's short links to posts and pages.
SHORT_LINK = re.compile(r"/\?(?:p|page_id)=\d{1,19}")
# Routes that show one row by its slug: their address is free once no row has it.
ROWS_AT = {
    "reviews:review": ("review", Review),
    "reviews:film": ("film", Film),
    "reviews:tag": ("tag", Tag),
    "reviews:tag_feed": ("tag", Tag),
    "reviews:tag_atom": ("tag", Tag),
    "reviews:list": ("list", FilmList),
    "reviews:list_feed": ("list", FilmList),
    "reviews:provider": ("provider", Provider),
    "reviews:provider_feed": ("provider", Provider),
    "people:person": ("person", Person),
    "people:author": ("author", Author),
    "reviews:author_feed": ("author", Author),
    "reviews:author_atom": ("author", Author),
}


@dataclass(frozen=True)
class Holder:
    """What answers at an address today: a row (kind "review", "page" …) or the
    site itself (kind "site")."""

    kind: str
    name: str = ""

    def describe(self) -> str:
        if self.kind == "site":
            return "an address the site itself serves"
        return f"the address of the {self.kind} “{self.name}”"


def address_holder(path: str) -> Holder | None:
    """Who answers at ``path`` now, or None when a redirect may take it."""
    if "?" in path:
        return None if SHORT_LINK.fullmatch(path) else Holder("site")
    try:
        match = resolve(path)
    except Resolver404:
        match = None
    if match is not None and match.view_name in ROWS_AT:
        kind, model = ROWS_AT[match.view_name]
        row = model.objects.filter(slug=match.kwargs["slug"]).first()
        if row is None and model is Person:
            alias = PersonAlias.objects.filter(slug=match.kwargs["slug"]).first()
            row = alias.person if alias is not None else None
        return Holder(kind, str(row)) if row is not None else None
    if claimed_by_site(path):
        return Holder("site")
    page = Page.objects.at(path).first() if match is not None else None
    return Holder("page", str(page)) if page is not None else None


def path_variants(path: str) -> set[str]:
    """``path`` with and without its trailing slash."""
    return {
        path,
        path.rstrip("/") or "/",
        path if path.endswith("/") or "?" in path else path + "/",
    }


class RedirectQuerySet(models.QuerySet):
    def for_path(self, path: str):
        """The redirect for ``path``, with or without its trailing slash."""
        return self.filter(old_path__in=path_variants(path)).select_related("review")

    def answering(self):
        """Only redirects a reader may follow: an old link to a draft stays a plain
        404 rather than naming the draft's address."""
        return self.filter(
            Q(review__isnull=True) | Q(review__in=Review.objects.published())
        )


class Redirect(models.Model):
    """An old address that answers 301 with a review's current address (so it
    follows later slug changes), 301 with another address, or 410 Gone."""

    old_path = models.CharField(
        max_length=PATH_MAX_LENGTH,
        unique=True,
        help_text="The old address on this site, e.g. /2023/10/ballerina-review/. "
        "It cannot be an address the site serves or a page, review, film… has.",
    )
    review = models.ForeignKey(
        Review,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="redirects",
        help_text="Send readers to this review, wherever its address moves.",
    )
    target = models.CharField(
        "new address",
        max_length=PATH_MAX_LENGTH,
        blank=True,
        help_text="Or send them to a path on this site (/films/drive-my-car-2021/) "
        "or an https:// address.",
    )
    gone = models.BooleanField(
        default=False,
        help_text="Or answer “410 Gone”: the page was removed on purpose and search "
        "engines should forget it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RedirectQuerySet.as_manager()

    class Meta:
        ordering = ["old_path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(old_path__startswith="/"),
                name="redirect_old_path_absolute",
                violation_error_message="An old path starts with a slash.",
            ),
            models.CheckConstraint(
                condition=Q(review__isnull=False, target="", gone=False)
                | (Q(review__isnull=True, gone=False) & ~Q(target=""))
                | Q(review__isnull=True, target="", gone=True),
                name="redirect_one_destination",
                violation_error_message="Choose one: a review, a new address, or gone.",
            ),
            models.CheckConstraint(
                condition=Q(target="")
                | (Q(target__startswith="/") & ~Q(target__startswith="//"))
                | Q(target__startswith="https://"),
                name="redirect_target_on_site_or_https",
                violation_error_message="A new address is a path on this site or "
                "an https:// address.",
            ),
            models.CheckConstraint(
                condition=~Q(target=F("old_path")),
                name="redirect_not_to_itself",
                violation_error_message="A redirect cannot lead to its own address.",
            ),
        ]

    def __str__(self):
        return f"{self.old_path} → {self.destination()}"

    def get_absolute_url(self):
        return self.destination()

    def destination(self) -> str:
        if self.gone:
            return "gone"
        if self.review_id is not None:
            return self.review.get_absolute_url()
        return self.target

    def clean(self):
        errors = {}
        chosen = [self.review_id is not None, bool(self.target), self.gone]
        if sum(chosen) != 1:
            errors["target"] = "Choose one: a review, a new address, or gone."
        if self.old_path:
            holder = address_holder(self.old_path)
            if not self.old_path.startswith("/"):
                errors["old_path"] = "An old path starts with a slash."
            elif holder is not None:
                errors["old_path"] = (
                    f"{self.old_path} is {holder.describe()}; a redirect cannot "
                    "take it."
                )
        if self.target and "target" not in errors:
            errors.update(self._target_errors())
        if errors:
            raise ValidationError(errors)

    def _target_errors(self) -> dict[str, str]:
        parts = urlsplit(self.target)
        on_site = self.target.startswith("/") and not self.target.startswith("//")
        if not on_site and not (parts.scheme == "https" and parts.netloc):
            return {
                "target": "A new address is a path on this site (starting with /) "
                "or an https:// address."
            }
        if on_site and self.target in path_variants(self.old_path or ""):
            return {"target": "A redirect cannot lead to its own address."}
        # Follow the chain a few steps: it must not come back here.
        seen, step = {self.old_path}, self.target
        for _ in range(10):
            following = (
                Redirect.objects.for_path(step).exclude(pk=self.pk).first()
                if step.startswith("/")
                else None
            )
            if following is None or following.target == "":
                return {}
            if following.target in seen:
                return {"target": f"{self.target} leads back here: a loop."}
            seen.add(step)
            step = following.target
        return {}

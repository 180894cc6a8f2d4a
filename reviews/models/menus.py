"""The site's header and footer navigation, edited in the admin: ordered links to
pages, reviews, films, people, tags, provider pages or any address."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from taggit.models import Tag

from heaven.links import slug_url
from people.models import Person
from reviews.models.films import Film
from reviews.models.pages import Page
from reviews.models.reviews import Review
from reviews.models.watch import Provider

# Every cached part that shows the menus carries this tag; a change to any item
# touches it (`reviews.menus`).
MENUS_TAG = "reviews.menus"
TARGETS = ("page", "review", "film", "person", "tag", "provider")


def _links_to_exactly_one() -> Q:
    """One target set and the others empty, for each possible target."""
    either = Q()
    for chosen in (*TARGETS, "url"):
        only = Q(**{f"{name}__isnull": name != chosen for name in TARGETS})
        either |= only & (~Q(url="") if chosen == "url" else Q(url=""))
    return either


class MenuItemQuerySet(models.QuerySet):
    def with_targets(self):
        """Items with every row they link to, in one query."""
        return self.select_related(*TARGETS)


class MenuItem(models.Model):
    class Menu(models.TextChoices):
        HEADER = "header", "Header"
        FOOTER = "footer", "Footer"

    menu = models.CharField(max_length=10, choices=Menu.choices)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first."
    )
    label = models.CharField(
        max_length=80,
        blank=True,
        help_text="The link's text. Empty means the title or name of what it links to.",
    )
    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    film = models.ForeignKey(
        Film, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    provider = models.ForeignKey(
        Provider,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Links to the provider's where-to-watch page.",
    )
    url = models.CharField(
        "address",
        max_length=500,
        blank=True,
        help_text="Any other address: a path on this site such as /watch/, or a "
        "full https:// address.",
    )

    objects = MenuItemQuerySet.as_manager()

    class Meta:
        ordering = ["menu", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_links_to_exactly_one(),
                name="menuitem_links_to_one_thing",
                violation_error_message="A menu item links to exactly one thing.",
            ),
        ]

    def __str__(self):
        return self.text

    def get_absolute_url(self) -> str:
        target = self.target
        if isinstance(target, Tag):
            return slug_url("reviews:tag", target.slug)
        if isinstance(target, Provider):
            return slug_url("reviews:provider", target.slug)
        return target.get_absolute_url() if target is not None else self.url

    @property
    def target(self):
        for name in TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return getattr(self, name)
        return None

    @property
    def text(self) -> str:
        return self.label or (str(self.target) if self.target else self.url)

    def is_shown(self) -> bool:
        """Readers see a link to a page or review only while it is public."""
        target = self.target
        return not isinstance(target, Page | Review) or target.is_published()

    def clean(self):
        chosen = [name for name in TARGETS if getattr(self, f"{name}_id")]
        if self.url:
            chosen.append("url")
        if len(chosen) != 1:
            raise ValidationError(
                "Choose exactly one thing to link to: a page, review, film, "
                "person, tag, provider or an address."
            )
        if self.url and not self.url.startswith("/"):
            try:
                URLValidator(schemes=["https", "http"])(self.url)
            except ValidationError:
                raise ValidationError(
                    {
                        "url": "Enter a path on this site (/watch/) or a full "
                        "https:// address."
                    }
                ) from None
        if self.url.startswith("//"):
            raise ValidationError({"url": "A path on this site starts with one /."})

    def touched_cache_tags(self) -> set[str]:
        return {MENUS_TAG}

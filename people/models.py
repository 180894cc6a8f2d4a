from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from heaven.cache_tags import tag
from heaven.folding import fold_name
from heaven.links import slug_url
from heaven.slugs import SLUG_MAX_LENGTH, base_slug, unique_slug
from people.bios import bio_as_text, sanitize_bio
from people.search import people_matching

imdb_person_id = RegexValidator(
    r"^nm\d{7,9}$", "An IMDb person id looks like nm1234567 (nm and 7–9 digits)."
)


def person_or_alias_slug(name: str, *, exclude_person=None, exclude_alias=None) -> str:
    """People and their aliases share the /people/<slug>/ space, so a new slug must
    be free in both tables."""
    base = base_slug(name, fallback="person")
    alias_slugs = PersonAlias.objects.filter(slug__startswith=base)
    if exclude_alias is not None:
        alias_slugs = alias_slugs.exclude(pk=exclude_alias.pk)
    people = Person.objects.all()
    if exclude_person is not None:
        people = people.exclude(pk=exclude_person.pk)
    return unique_slug(
        name,
        queryset=people,
        fallback="person",
        also_taken=set(alias_slugs.values_list("slug", flat=True)),
    )


class PersonQuerySet(models.QuerySet):
    def with_aliases(self):
        return self.prefetch_related("aliases")

    def matching(self, text: str):
        """People whose name or any alias matches ``text``, folded (see
        `people.search.fold_name`)."""
        return people_matching(self, text)


class Person(models.Model):
    name = models.CharField(
        max_length=200, help_text="The name as the site credits this person."
    )
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="Part of the page address. Leave empty to make one from the name.",
    )
    sort_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="How to sort this name in lists, e.g. 'Lee Chung-hyun' or "
        "'Adelgaard, Karina'. Empty means the name as written.",
    )
    bio = models.TextField(blank=True)
    # The image library lives in `reviews`; a lazy reference keeps `people` from
    # importing it. PROTECT: a photo in use cannot vanish from the library.
    photo = models.ForeignKey(
        "reviews.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_of_people",
        help_text="From the image library, which holds its alt text and credit.",
    )
    birth_date = models.DateField(null=True, blank=True)
    imdb_id = models.CharField(
        "IMDb id",
        max_length=12,
        blank=True,
        validators=[imdb_person_id],
        help_text="From the person's IMDb address, e.g. nm8545486.",
    )
    tmdb_id = models.PositiveIntegerField(
        "TMDb id", null=True, blank=True, help_text="The number in the TMDb address."
    )
    search_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The name folded for matching (no case, accents or spaces); "
        "filled on save.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["imdb_id"],
                condition=~Q(imdb_id=""),
                name="person_unique_imdb_id",
                violation_error_message="Another person already has this IMDb id.",
            ),
            models.UniqueConstraint(
                fields=["tmdb_id"],
                name="person_unique_tmdb_id",
                violation_error_message="Another person already has this TMDb id.",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="person_slug_not_empty"),
        ]
        indexes = [
            models.Index(fields=["name"], name="person_name_idx"),
            # The sitemap index asks for the newest change of each section.
            models.Index(fields=["-updated_at"], name="person_updated_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = person_or_alias_slug(self.name, exclude_person=self)
        if not self.sort_name:
            self.sort_name = self.name
        self.bio = sanitize_bio(self.bio)
        self.search_name = fold_name(self.name)
        if (
            kwargs.get("update_fields") is not None
            and "name" in kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:person", self.slug)

    def touched_cache_tags(self) -> set[str]:
        """What a save or delete of this person retires (`heaven.cache_tags`): their
        own pages. The films and reviews showing their name are added by the app
        that holds them (`reviews.receivers`)."""
        return {tag(Person, self.pk)}

    @property
    def bio_text(self) -> str:
        return bio_as_text(self.bio)


class PersonAlias(models.Model):
    class Kind(models.TextChoices):
        ROMANIZATION = "romanization", "Romanization"
        NATIVE = "native", "Name in native script"
        BIRTH = "birth", "Birth name"
        STAGE = "stage", "Stage name"
        FORMER = "former", "Former name"
        MISSPELLING = "misspelling", "Common misspelling"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=Kind.choices, default=Kind.ROMANIZATION
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where it is used, e.g. 'as listed on IMDb'.",
    )
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="An address that redirects to the person. Leave empty to make one.",
    )
    search_name = models.CharField(
        max_length=200,
        blank=True,
        editable=False,
        help_text="The alias folded for matching; filled on save.",
    )

    class Meta:
        ordering = ["person", "name"]
        verbose_name_plural = "person aliases"
        constraints = [
            models.UniqueConstraint(
                fields=["person", "name"],
                name="alias_unique_name_per_person",
                violation_error_message="This person already has that alias.",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="alias_slug_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = person_or_alias_slug(self.name, exclude_alias=self)
        self.search_name = fold_name(self.name)
        if (
            kwargs.get("update_fields") is not None
            and "name" in kwargs["update_fields"]
        ):
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:person", self.slug)

    def touched_cache_tags(self) -> set[str]:
        """What a save or delete of this alias retires (`heaven.cache_tags`): its
        person's pages; the films whose credits name them by it are added by
        `reviews.receivers`."""
        return {tag(PersonAlias, self.pk), tag(Person, self.person_id)}


class Author(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
        help_text="The login that writes under this byline.",
    )
    display_name = models.CharField(
        max_length=200, help_text="The byline, e.g. Karina Adelgaard."
    )
    nickname = models.CharField(
        max_length=100,
        blank=True,
        help_text="Shown between the names, e.g. ScreamQueen.",
    )
    slug = models.SlugField(
        max_length=SLUG_MAX_LENGTH, unique=True, allow_unicode=True, blank=True
    )
    bio = models.TextField(blank=True, help_text="The author box under each review.")
    photo = models.ForeignKey(
        "reviews.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photo_of_authors",
        help_text="From the image library, which holds its alt text and credit.",
    )
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="author_slug_not_empty"),
        ]

    def __str__(self):
        return self.byline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                self.display_name,
                queryset=Author.objects.exclude(pk=self.pk),
                fallback="author",
            )
        self.bio = sanitize_bio(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:author", self.slug)

    @property
    def bio_text(self) -> str:
        return bio_as_text(self.bio)

    @property
    def byline(self) -> str:
        """'Karina "ScreamQueen" Adelgaard': the nickname sits before the last name."""
        if not self.nickname:
            return self.display_name
        first, _, rest = self.display_name.partition(" ")
        if not rest:
            return f'{self.display_name} "{self.nickname}"'
        return f'{first} "{self.nickname}" {rest}'

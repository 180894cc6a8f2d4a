"""The image library: each picture uploaded once, described once, used anywhere.

A review's body shows a library image with ``[[image:12]]`` (see
`reviews.mentions`), rendered with a `srcset` of renditions made once per width by
`reviews.library.renditions`. This module imports nothing from `reviews.models`, so any model
can point at an image.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from heaven.uploads import CheckedImageField
from reviews.library import cards
from reviews.library.originals import upright_without_location
from reviews.library.renditions import renditions

# Images with more pixels than this get their renditions at upload, so no reader's
# first view waits seconds for them (smaller ones take well under a second).
RENDER_AHEAD_PIXELS = 4_000_000


class ImageQuerySet(models.QuerySet):
    def with_ids(self, ids):
        return self.filter(pk__in=ids)


class Image(models.Model):
    file = CheckedImageField(
        upload_to="library/",
        width_field="width",
        height_field="height",
        help_text="JPEG, PNG, WebP or GIF. Upload each picture once and reuse it.",
    )
    alt_text = models.CharField(
        max_length=250,
        help_text="Describe the picture for readers who cannot see it. "
        "Make the extra effort, it makes a difference.",
    )
    caption = models.CharField(
        max_length=300, blank=True, help_text="Shown under the picture, optional."
    )
    credit = models.CharField(
        max_length=200, blank=True, help_text="e.g. Photo: Netflix"
    )
    # Where the subject is, in percent from the left and from the top. Every place
    # that crops the picture (cards, avatars) keeps this point in view.
    focal_x = models.PositiveSmallIntegerField(
        "focal point, across (%)",
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="0 is the left edge, 100 the right. Crops keep this point in view.",
    )
    focal_y = models.PositiveSmallIntegerField(
        "focal point, down (%)",
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="0 is the top edge, 100 the bottom.",
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    # The same picture uploaded twice is refused, pointing at the first upload.
    checksum = models.CharField(max_length=64, editable=False, unique=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(alt_text=""), name="library_image_has_alt_text"
            ),
            models.CheckConstraint(
                condition=models.Q(focal_x__lte=100, focal_y__lte=100),
                name="library_image_focal_point_in_percent",
                violation_error_message="A focal point runs from 0 to 100 %.",
            ),
        ]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        new_file = self._prepare_upload() or self.__dict__.pop("_stored_early", False)
        super().save(*args, **kwargs)
        if new_file and self.width * self.height > RENDER_AHEAD_PIXELS:
            renditions(self.file, refresh=True)

    def get_absolute_url(self):
        return reverse("admin:reviews_image_change", args=[self.pk])

    def _prepare_upload(self) -> bool:
        """For a file not stored yet: its checksum (of the bytes as uploaded, so
        the same picture is recognised however it arrives), then the original
        turned upright and without its location. True when there is one."""
        if not self.file or getattr(self.file, "_committed", True):
            return False
        if not self.checksum:
            self.checksum = file_checksum(self.file)
        if not getattr(self, "_upload_prepared", False):
            self._upload_prepared = True
            cleaned = upright_without_location(self.file)
            if cleaned is not None:
                self.file = ContentFile(cleaned, name=self.file.name)
        return True

    def store_file(self) -> None:
        """Write a new upload to storage now, so that a failed write (a full disk)
        is a form error rather than a failed save; nothing partial is left (see
        `heaven.storage`)."""
        self._prepare_upload()
        if not getattr(self.file, "_committed", True):
            try:
                self.file.save(self.file.name, self.file.file, save=False)
                self._stored_early = True
            except OSError as error:
                raise ValidationError(
                    {
                        "file": "The picture could not be stored (the server said: "
                        f"{error.strerror or error}); nothing was saved. "
                        "Try again later."
                    }
                ) from error

    def clean(self):
        self._prepare_upload()
        if self.file and not self.checksum:
            self.checksum = file_checksum(self.file)
        self.alt_text = self.alt_text.strip()
        twin = Image.objects.filter(checksum=self.checksum).exclude(pk=self.pk).first()
        if self.checksum and twin is not None:
            raise ValidationError(
                {
                    "file": f"This picture is already in the library as image "
                    f"{twin.pk} (“{twin}”); use [[image:{twin.pk}]] instead."
                }
            )

    @property
    def object_position(self) -> str:
        """The CSS `object-position` that keeps the focal point in a crop."""
        return f"{self.focal_x}% {self.focal_y}%"

    def card_rendition(self):
        """The social card (`og:image`): the image cropped to 1.91:1 around its
        focal point, 1200 px wide at most (`reviews.library.cards`), or None when
        the file cannot be read."""
        if not self.file:
            return None
        return cards.card(self.file.name, self.focal_x, self.focal_y, self.file.storage)

    @property
    def shorthand(self) -> str:
        return f"[[image:{self.pk}]]"


def file_checksum(field_file) -> str:
    digest = hashlib.sha256()
    field_file.open("rb")
    field_file.seek(0)
    for chunk in field_file.chunks():
        digest.update(chunk)
    field_file.seek(0)
    return digest.hexdigest()


def add_to_library(
    *,
    file,
    name: str,
    alt_text: str,
    caption: str = "",
    credit: str = "",
    uploaded_by=None,
) -> tuple[Image, bool]:
    """The library image with the bytes of `file` (a Django File), and whether it
    was made now. A picture already in the library is reused as it is: its alt
    text and credit are a writer's, not the importer's."""
    checksum = file_checksum(file)
    found = Image.objects.filter(checksum=checksum).first()
    if found is not None:
        return found, False
    image = Image(
        file=File(file, name=name),
        alt_text=alt_text,
        caption=caption,
        credit=credit,
        checksum=checksum,
        uploaded_by=uploaded_by,
    )
    image.full_clean()  # checks the picture before anything is stored
    image.save()
    return image, True

from django.core.management.base import BaseCommand

from reviews.library.renditions import missing_renditions, renditions
from reviews.models import Image


class Command(BaseCommand):
    help = (
        "Make the responsive renditions (WebP and JPEG, several widths) of every "
        "image in the library (hero images, posters, photos, stills) ahead of time, so no reader waits for "
        "one. Only makes what is missing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the images whose renditions are missing.",
        )

    def handle(self, *args, dry_run, verbosity, **options):
        # Every picture a page shows is a library image: heroes, posters, photos
        # and in-body stills alike.
        files = [image.file for image in Image.objects.only("file").iterator()]
        todo = [file for file in files if missing_renditions(file.name, file.storage)]
        if not todo:
            self.stdout.write("Every rendition is already there. Nothing to do.")
            return
        if dry_run:
            self.stdout.write(f"{len(todo)} images need renditions (dry run).")
            return
        failed = 0
        for number, file in enumerate(todo, start=1):
            if renditions(file, refresh=True) is None:
                failed += 1
                self.stderr.write(f"Could not read {file.name}")
            elif verbosity > 1:
                self.stdout.write(f"  [{number}/{len(todo)}] {file.name}")
        self.stdout.write(
            self.style.SUCCESS(f"Made renditions for {len(todo) - failed} images.")
        )

from django.core.management.base import BaseCommand

from reviews.images import missing_renditions, renditions
from reviews.models import Film, Review


class Command(BaseCommand):
    help = (
        "Make the responsive renditions (WebP and JPEG, several widths) of every "
        "review hero image and film poster ahead of time, so no reader waits for "
        "one. Only makes what is missing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the images whose renditions are missing.",
        )

    def handle(self, *args, dry_run, verbosity, **options):
        files = [
            review.hero_image
            for review in Review.objects.exclude(hero_image="").only("hero_image")
        ] + [film.poster for film in Film.objects.exclude(poster="").only("poster")]
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

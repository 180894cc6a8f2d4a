import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.imports.films import BATCH_SIZE, FilmImportError, import_films


class Command(BaseCommand):
    help = (
        "Load films, people (with aliases) and credits from a JSON Lines file in "
        "TMDb's shape, one film per line. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .jsonl file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be imported, write nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"Films written per batch (default {BATCH_SIZE}).",
        )

    def handle(self, *args, file, dry_run, batch_size, **options):
        verbosity = options["verbosity"]
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        progress = None
        if verbosity >= 1 and self.stdout.isatty():
            started = time.monotonic()

            def progress(lines: int) -> None:
                rate = lines / max(time.monotonic() - started, 0.001)
                self.stdout.write(f"\rRead {lines} lines ({rate:.0f}/s)", ending="")
                self.stdout.flush()

        try:
            summary = import_films(
                path=file, dry_run=dry_run, batch_size=batch_size, progress=progress
            )
        except FilmImportError as error:
            raise CommandError(str(error)) from None
        if progress:
            self.stdout.write("")
        if verbosity < 1:
            return
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        for line in summary.lines():
            self.stdout.write(line)
        if not summary.changed:
            self.stdout.write("Nothing to do.")
        else:
            verb = "Would import" if dry_run else "Imported"
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {summary.lines_read - summary.rejected_count} of "
                    f"{summary.lines_read} lines from {file.name}."
                )
            )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reviews.watch.csv_import import WatchImportError, import_watch_options


class Command(BaseCommand):
    help = (
        "Create or update where-to-watch options from a CSV file (film, provider, "
        "region, kind, available_from, available_until, link, note). Safe to run "
        "again: an unchanged row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The .csv file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and show what would change, write nothing.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows even if some are rejected.",
        )

    def handle(self, *args, file, dry_run, skip_invalid, **options):
        verbosity = options["verbosity"]
        try:
            summary = import_watch_options(
                path=file, dry_run=dry_run, skip_invalid=skip_invalid
            )
        except WatchImportError as error:
            raise CommandError(str(error)) from None
        refused = summary.rejected_count and not skip_invalid
        if verbosity >= 1 or refused:
            if dry_run:
                self.stdout.write("Dry run: nothing was written.")
            for line in summary.lines():
                self.stdout.write(line)
        if refused:
            rows = "row was" if summary.rejected_count == 1 else "rows were"
            raise CommandError(
                f"{summary.rejected_count} {rows} rejected, nothing was imported; "
                "fix the file or use --skip-invalid."
            )
        if verbosity < 1:
            return
        if not summary.changed:
            self.stdout.write("Nothing to do.")
        else:
            verb = "Would import" if dry_run else "Imported"
            accepted = summary.rows_read - summary.rejected_count
            self.stdout.write(
                self.style.SUCCESS(
                    f"{verb} {accepted} of {summary.rows_read} rows from {file.name}."
                )
            )

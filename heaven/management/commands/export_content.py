from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heaven.backup import BackupError, export_content


class Command(BaseCommand):
    help = (
        "Write every editorial record (people, aliases, authors, films, credits, "
        "providers, where-to-watch options, reviews with their tags, versions and "
        "audit trail, and the users they name) to one JSON file. Media files are "
        "not included: copy MEDIA_ROOT alongside."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="The JSON file to write.")

    def handle(self, *args, out: Path, verbosity, **options):
        try:
            counts = export_content(out)
        except BackupError as error:
            raise CommandError(str(error)) from None
        if verbosity > 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(f"Exported {sum(counts.values())} records to {out}.")
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from heaven.backup import BackupError, import_content


class Command(BaseCommand):
    help = (
        "Restore a file written by export_content into a migrated database that "
        "has no content yet, in one transaction: everything or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The JSON file to read.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Load everything, report, then roll back.",
        )
        parser.add_argument(
            "--skip-existing-users",
            action="store_true",
            help="Keep users the database already has (same username) as they are, "
            "password and email included, instead of refusing.",
        )

    def handle(
        self, *args, file: Path, dry_run, skip_existing_users, verbosity, **options
    ):
        try:
            counts, kept = import_content(
                file, dry_run=dry_run, skip_existing_users=skip_existing_users
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        if kept:
            self.stdout.write(
                f"Skipped {len(kept)} users the database already has, kept as they "
                f"are: {', '.join(kept)}."
            )
        if not counts:
            self.stdout.write("The file holds no records. Nothing to do.")
            return
        if verbosity > 1:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"  {label}: {count}")
        verb = "Would restore" if dry_run else "Restored"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {sum(counts.values())} records from {file}."
                + (" (dry run: nothing changed)" if dry_run else "")
            )
        )

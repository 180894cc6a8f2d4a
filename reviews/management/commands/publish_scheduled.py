from django.core.management.base import BaseCommand
from django.utils import timezone

from reviews import workflow


class Command(BaseCommand):
    help = (
        "Mark scheduled reviews whose time has come as published (run it from cron, "
        "e.g. every minute). Readers already see them from their publish time; this "
        "makes the records say so. Idempotent and safe to run twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the reviews that are due without changing anything.",
        )

    def handle(self, *args, dry_run, verbosity, **options):
        now = timezone.now()
        reviews = workflow.publish_due(now=now, dry_run=dry_run)
        if not reviews:
            if verbosity:
                self.stdout.write("No scheduled reviews are due. Nothing to do.")
            return
        verb = "Would publish" if dry_run else "Published"
        if verbosity:
            for review in reviews:
                when = timezone.localtime(review.published_at)
                self.stdout.write(
                    f"  {verb.lower()} “{review}” (due {when:%Y-%m-%d %H:%M %Z})"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(reviews)} scheduled review{'s' if len(reviews) != 1 else ''}."
                + (" (dry run: nothing changed)" if dry_run else "")
            )
        )

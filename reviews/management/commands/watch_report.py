from django.core.management.base import BaseCommand, CommandError

from reviews.watch.regions import default_region
from reviews.watch.report import DEFAULT_DAYS, watch_report


class Command(BaseCommand):
    help = (
        "Print where-to-watch options that start or end in the next days for a "
        "region, and published reviews that name a provider the film has left."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"How many days ahead to look (default {DEFAULT_DAYS}).",
        )
        parser.add_argument(
            "--region",
            help="Two-letter country code, or 'worldwide' (default: "
            "WATCH_DEFAULT_REGION, else worldwide only).",
        )

    def handle(self, *args, days, region, **options):
        if days < 0:
            raise CommandError("--days must not be negative.")
        try:
            report = watch_report(
                days=days, region=default_region() if region is None else region
            )
        except ValueError as error:
            raise CommandError(f"--region: {error}.") from None
        if options["verbosity"] < 1:
            return
        if report.is_empty:
            self.stdout.write("Nothing to do.")
            return
        for line in report.lines():
            self.stdout.write(line)

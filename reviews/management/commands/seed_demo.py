from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reviews.demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME, load_demo_content


class Command(BaseCommand):
    help = (
        "Load the demo content (the Ballerina review, The Call, Drive My Car and their "
        "people). Only creates what is missing; running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin",
            action="store_true",
            help=f"Do not create the '{DEMO_ADMIN_USERNAME}' superuser.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Allow loading into a site running with DEBUG off.",
        )

    def handle(self, *args, no_admin, force, verbosity, **options):
        with_admin = not no_admin
        if not settings.DEBUG and with_admin and not force:
            raise CommandError(
                "Refusing to create a demo superuser with a known password while DEBUG "
                "is off; pass --no-admin (or --force if you really mean it)."
            )
        result = load_demo_content(with_admin=with_admin)
        if not result.created:
            self.stdout.write("Demo content already present. Nothing to do.")
        else:
            if verbosity > 1:
                for line in result.created:
                    self.stdout.write(f"  created {line}")
            self.stdout.write(
                self.style.SUCCESS(f"Created {len(result.created)} demo objects.")
            )
        if with_admin:
            self.stdout.write(
                "Log in to the admin at http://127.0.0.1:8000/admin/ as "
                f"'{DEMO_ADMIN_USERNAME}' with password '{DEMO_ADMIN_PASSWORD}'."
            )

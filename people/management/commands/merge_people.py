from django.core.management.base import BaseCommand, CommandError

from people.merge import MergeConflict, find_person, merge_people
from people.models import Person


class Command(BaseCommand):
    help = (
        "Merge person SOURCE into person TARGET: credits and aliases move, SOURCE's "
        "name becomes an alias and its address redirects to TARGET. People are named "
        "by slug (or alias slug, or id)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="The duplicate to merge away.")
        parser.add_argument("target", help="The person to keep.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would move, change nothing.",
        )

    def handle(self, *args, source, target, dry_run, verbosity, **options):
        try:
            source_person, target_person = find_person(source), find_person(target)
            plan = merge_people(
                source=source_person, target=target_person, dry_run=dry_run
            )
        except (Person.DoesNotExist, MergeConflict) as problem:
            raise CommandError(str(problem)) from problem
        if verbosity >= 1:
            for line in plan.summary():
                self.stdout.write(line)
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(
                self.style.SUCCESS(f"Merged {plan.source} into {plan.target}.")
            )

from django.core.management.base import BaseCommand, CommandError

from people.duplicates import SIMILARITY, find_duplicate_people


def credits(count: int) -> str:
    return f"{count} credit{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "List pairs of people whose names or aliases fold to the same spelling or "
        "are very similar, with their credit counts. Changes nothing; merge with "
        "merge_people."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--similarity",
            type=float,
            default=SIMILARITY,
            help=f"How alike two names must be, from 0 to 1 (default {SIMILARITY}).",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=0,
            help="List only the first N pairs, the surest first (default: all).",
        )

    def handle(self, *args, similarity, limit, verbosity, **options):
        if not 0 < similarity <= 1:
            raise CommandError("--similarity must be above 0 and at most 1.")
        if limit < 0:
            raise CommandError("--limit must be 0 (all) or more.")
        pairs = find_duplicate_people(similarity=similarity)
        if not pairs:
            self.stdout.write("Nothing to do: no possible duplicates.")
            return
        if verbosity >= 1:
            for pair in pairs[:limit] if limit else pairs:
                how = (
                    "same name when folded"
                    if pair.same_folded_name
                    else f"similar names ({pair.similarity:.2f})"
                )
                self.stdout.write(
                    f"{pair.first} [{pair.first.slug}, {credits(pair.first_credits)}]"
                    f" ~ {pair.second} [{pair.second.slug}, "
                    f"{credits(pair.second_credits)}]: {how}, "
                    f"“{pair.first_name}” / “{pair.second_name}”"
                )
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(pairs)} possible duplicate pair{'s' if len(pairs) != 1 else ''}."
                " Merge with: manage.py merge_people <duplicate> <keep>"
            )
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from people.models import Author
from reviews.imports.wordpress import WordPressImportError, import_export, scan_export
from reviews.imports.wordpress.plugins import WP_REVIEW_KEY, RatingSource


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.0–1.2, from Tools → Export): posts become "
        "reviews, pages pages, comments are kept; old permalinks redirect to them. Safe to run again: it updates what "
        "changed and creates nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="The WXR file (.xml).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be imported, write nothing.",
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="A copy of wp-content/uploads; featured images and the pictures in "
            "bodies and galleries are taken from it into the image library.",
        )
        parser.add_argument(
            "--default-author",
            metavar="SLUG",
            help="The author (by slug) for posts whose login has no author here. "
            "Without it, missing authors are created from the export.",
        )
        parser.add_argument(
            "--rating-meta",
            metavar="KEY",
            default=WP_REVIEW_KEY,
            help="The post meta key holding a review plugin's score "
            f"(default: WP Review's {WP_REVIEW_KEY}, with its wp_review_type).",
        )
        parser.add_argument(
            "--rating-scale",
            metavar="N",
            type=int,
            help="What the score is out of (e.g. 5, 10, 100). Without it, read from "
            "WP Review's wp_review_type (star 5, point 10, percentage 100).",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Stop and import nothing at the first post that fails.",
        )

    def handle(
        self,
        *args,
        export,
        dry_run,
        media_dir,
        default_author,
        strict,
        rating_meta,
        rating_scale,
        **options,
    ):
        verbosity = options["verbosity"]
        if rating_scale is not None and rating_scale <= 0:
            raise CommandError(f"--rating-scale {rating_scale} must be above 0.")
        if rating_meta != WP_REVIEW_KEY and rating_scale is None:
            raise CommandError(f"--rating-meta {rating_meta} needs --rating-scale N.")
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        author = None
        if default_author:
            author = Author.objects.filter(slug=default_author).first()
            if author is None:
                raise CommandError(f"No author with the slug {default_author!r}.")
        progress = None
        if verbosity >= 1 and self.stdout.isatty():

            def progress(done: int, total: int) -> None:
                end = "\n" if done >= total else ""
                self.stdout.write(f"\rImporting posts: {done}/{total}", ending=end)
                self.stdout.flush()

        try:
            scanned = scan_export(export)
            summary = import_export(
                export=scanned,
                dry_run=dry_run,
                strict=strict,
                media_dir=media_dir,
                default_author=author,
                rating_source=RatingSource(key=rating_meta, scale=rating_scale),
                progress=progress,
            )
        except WordPressImportError as error:
            raise CommandError(str(error)) from None

        if verbosity < 1:
            return
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
        for line in summary.lines():
            if line.startswith("error:"):
                self.stdout.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
        if not summary.changed and not summary.errors:
            self.stdout.write("Nothing to do.")
        verb = "Would import" if dry_run else "Imported"
        style = self.style.WARNING if summary.errors else self.style.SUCCESS
        outcome = summary.outcome("reviews", "posts")
        if scanned.pages:
            outcome += "; " + summary.outcome("pages", "pages")
        self.stdout.write(
            style(f"{verb} from {scanned.site} (WXR {scanned.version}): {outcome}.")
        )

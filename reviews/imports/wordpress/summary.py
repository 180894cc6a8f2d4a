"""What a WordPress import tells staff: one tally per kind of row, and the errors.

Each kind counts what was created, updated and left as it was, why items were
skipped, and notes ("kept as original URL"); what failed is counted and each
failure listed with its item id. Authors, films and tags are matched rather than
imported, so theirs say "found", not "unchanged". Pages, comments and ratings show
only when the file had some; attachments (other than the pictures posts use) and
other item types are never imported, and their line shows only when the file had
some. ``outcome`` is the last line: every post of the file is in exactly one of
its counts.
"""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    unchanged_word: str = "unchanged"

    @property
    def busy(self) -> bool:
        return bool(
            self.created
            or self.updated
            or self.unchanged
            or self.failed
            or self.skipped
            or self.notes
        )

    def line(self, kind: str) -> str:
        parts = [
            f"{count} {word}"
            for count, word in (
                (self.created, "created"),
                (self.updated, "updated"),
                (self.unchanged, self.unchanged_word),
                (self.failed, "failed (below)"),
            )
            if count
        ]
        skipped = sum(self.skipped.values())
        if len(self.skipped) == 1:
            parts.append(f"{skipped} skipped ({next(iter(self.skipped))})")
        elif skipped:
            reasons = "; ".join(
                f"{why}: {n}" for why, n in sorted(self.skipped.items())
            )
            parts.append(f"{skipped} skipped ({reasons})")
        parts += [f"{n} {why}" for why, n in sorted(self.notes.items())]
        return f"{kind}: " + (", ".join(parts) or "no change")


KINDS = (
    "reviews",
    "pages",
    "comments",
    "authors",
    "films",
    "tags",
    "ratings",
    "redirects",
    "featured images",
    "pictures in bodies",
    "links in bodies",
)
# Shown only when the file had some.
OPTIONAL = ("pages", "comments", "ratings", "pictures in bodies", "links in bodies")
FOUND = (
    "authors",
    "films",
    "tags",
    "pictures in bodies",
)  # matched rather than imported: "found", not "unchanged"
# Pictures not found are listed one by one up to this many, then counted, so a
# large export missing its media folder's pictures keeps memory flat.
MISSING_LISTED = 50
NOT_IMPORTED = ("attachments", "other items")


@dataclass
class Summary:
    tallies: dict[str, Tally] = field(
        default_factory=lambda: {
            kind: Tally(unchanged_word="found" if kind in FOUND else "unchanged")
            for kind in KINDS + NOT_IMPORTED
        }
    )
    errors: list[tuple[int | None, str]] = field(default_factory=list)
    dry_run: bool = False
    missing_pictures: list[tuple[int, str]] = field(default_factory=list)
    more_missing: int = 0

    def missing_picture(self, post_id: int, url: str) -> None:
        """A picture a post's body shows that the media folder does not have."""
        if len(self.missing_pictures) < MISSING_LISTED:
            self.missing_pictures.append((post_id, url))
        else:
            self.more_missing += 1

    def __getitem__(self, kind: str) -> Tally:
        return self.tallies[kind]

    def outcome(self, kind: str, noun: str) -> str:
        """'58 posts: 56 created, 0 updated, 0 unchanged, 2 failed, 0 skipped'."""
        tally = self.tallies[kind]
        skipped = sum(tally.skipped.values())
        total = tally.created + tally.updated + tally.unchanged + tally.failed + skipped
        return (
            f"{total} {noun}: {tally.created} created, {tally.updated} updated, "
            f"{tally.unchanged} unchanged, {tally.failed} failed, {skipped} skipped"
        )

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.tallies.values())

    def lines(self) -> list[str]:
        lines = [
            self.tallies[kind].line(kind)
            for kind in KINDS + NOT_IMPORTED
            if (kind in KINDS and kind not in OPTIONAL) or self.tallies[kind].busy
        ]
        for post_id, url in self.missing_pictures:
            lines.append(f"picture not in the media folder: post {post_id} shows {url}")
        if self.more_missing:
            lines.append(
                f"… and {self.more_missing} more pictures not in the media folder"
            )
        for post_id, message in self.errors:
            where = f"post {post_id}" if post_id is not None else "an item"
            lines.append(f"error: {where}: {message}")
        return lines

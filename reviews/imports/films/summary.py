"""What a film import tells staff: rows created, updated and unchanged for films,
seasons and episodes (when the file has any), people, aliases and credits, skipped crew jobs, and the lines it rejected (with
their numbers, the list capped by ``RejectedLines``)."""

from dataclasses import dataclass, field

from reviews.imports.rejected_lines import RejectedLines


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def line(self, kind: str) -> str:
        return (
            f"{kind}: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


@dataclass
class Summary(RejectedLines):
    films: Tally = field(default_factory=Tally)
    people: Tally = field(default_factory=Tally)
    aliases: Tally = field(default_factory=Tally)
    credits: Tally = field(default_factory=Tally)
    seasons: Tally = field(default_factory=Tally)
    episodes: Tally = field(default_factory=Tally)
    lines_read: int = 0
    skipped_jobs: int = 0
    unreadable: int = 0
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated for t in self.tallies())

    @property
    def rows_written(self) -> int:
        return sum(t.created + t.updated for t in self.tallies())

    def tallies(self) -> tuple[Tally, ...]:
        return (
            self.films,
            self.seasons,
            self.episodes,
            self.people,
            self.aliases,
            self.credits,
        )

    def lines(self) -> list[str]:
        lines = [
            self.films.line("films"),
            # Seasons and episodes only when the file has series with them.
            *(
                tally.line(kind)
                for kind, tally in (
                    ("seasons", self.seasons),
                    ("episodes", self.episodes),
                )
                if tally != Tally()
            ),
            self.people.line("people"),
            self.aliases.line("aliases"),
            self.credits.line("credits"),
        ]
        if self.skipped_jobs:
            lines.append(
                f"crew credits skipped: {self.skipped_jobs} (jobs Heaven does not list)"
            )
        if self.rejected_count:
            lines.append(f"lines rejected: {self.rejected_count}")
            lines += [f"  line {n}: {why}" for n, why in self.rejected]
            if self.rejected_count > len(self.rejected):
                lines.append(f"  … and {self.rejected_count - len(self.rejected)} more")
        return lines

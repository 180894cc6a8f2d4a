"""What a line-by-line import tells staff about the lines it could not use."""

from dataclasses import dataclass, field

# A file of a million bad lines should not print a million lines: the count is
# exact, the list stops here.
MAX_REPORTED_REJECTIONS = 200


@dataclass
class RejectedLines:
    rejected: list[tuple[int, str]] = field(default_factory=list)
    rejected_count: int = 0

    def reject(self, line: int, reason: str) -> None:
        self.rejected_count += 1
        if len(self.rejected) < MAX_REPORTED_REJECTIONS:
            self.rejected.append((line, reason))

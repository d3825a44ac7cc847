"""What one reading of a case file's events builds besides the data."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from forankring_docs.case.loader.positions import Lines, Positions
from forankring_docs.case.loader.problems import Problems
from forankring_docs.diagnostics import Diagnostic, Path


@dataclass(slots=True)
class Reader:
    """What one reading of the events builds besides the data."""

    problems: Problems
    replaced: list[int]  # sorted offsets of characters replaced by a space before parsing
    positions: Positions = field(default_factory=Positions)
    quiet: set[Path] = field(default_factory=set)
    incomplete: set[Path] = field(default_factory=set)
    dropped: set[Path] = field(default_factory=set)
    escapes: int = 0  # escapes reported for characters Word cannot hold
    more_escapes: int = 0  # ... and not reported, the first of them at more_escapes_at
    more_escapes_at: tuple[int, int] | None = None
    lines: Lines = field(default_factory=lambda: Lines(""))
    warnings: list[Diagnostic] = field(default_factory=list)  # see problems.warning

    def restart(self, text: str) -> None:
        self.lines = Lines(text)
        self.warnings = []
        self.positions = Positions()
        self.quiet = set()
        self.incomplete = set()
        self.dropped = set()
        self.escapes = self.more_escapes = 0
        self.more_escapes_at = None

    def warn(self, where: tuple[int, int], code: str, message: str, hint: str) -> None:
        """A warning: the file reads, but maybe not as its author meant."""
        line, column = where
        self.warnings.append(
            Diagnostic(self.problems.file, line, column, "warning", message, hint, code=code)
        )

    def blanked(self, event: object) -> bool:
        """Whether a character was blanked inside the scalar of ``event``."""
        start = event.start_mark.index  # type: ignore[attr-defined]
        i = bisect_left(self.replaced, start)
        return i < len(self.replaced) and self.replaced[i] < event.end_mark.index  # type: ignore[attr-defined]

"""What one reading of a case file's events builds besides the data."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from forankring_docs.case.loader.positions import Positions
from forankring_docs.case.loader.problems import Problems
from forankring_docs.diagnostics import Path


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

    def restart(self) -> None:
        self.positions = Positions()
        self.quiet = set()
        self.incomplete = set()
        self.dropped = set()
        self.escapes = self.more_escapes = 0
        self.more_escapes_at = None

    def blanked(self, event: object) -> bool:
        """Whether a character was blanked inside the scalar of ``event``."""
        start = event.start_mark.index  # type: ignore[attr-defined]
        i = bisect_left(self.replaced, start)
        return i < len(self.replaced) and self.replaced[i] < event.end_mark.index  # type: ignore[attr-defined]

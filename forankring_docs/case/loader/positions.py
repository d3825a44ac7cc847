"""Positions in a case file: line and column, counted as editors count them."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

from forankring_docs.diagnostics import Path

# Line breaks as editors count them. libyaml also breaks lines at U+2028 and U+2029 (and
# U+0085, blanked before parsing as a character Word cannot hold); where a file holds one,
# its marks are counted again from their offset (:class:`Lines`).
_BREAK = re.compile("\r\n|[\r\n]")
YAML_ONLY_BREAKS = re.compile("[\u2028\u2029]")


@dataclass(slots=True)
class Positions:
    """Where each key and value of the data stands in the file (1-based line, column)."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path) -> tuple[int, int]:
        """The value at ``path``, or the nearest enclosing value that exists."""
        while path:
            found = self.values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Path) -> tuple[int, int]:
        """The key of ``path`` (for an unknown key), else its value's position."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, as an editor counts them."""
    line = 1
    start = 0
    for match in _BREAK.finditer(text, 0, index):
        line += 1
        start = match.end()
    return line, index - start + 1


class Lines:
    """Editor positions in one text, for libyaml's marks and for offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.yaml_counts_alike = "\u2028" not in text and "\u2029" not in text
        self._starts: list[int] | None = None  # offsets where lines start, on first use

    def mark(self, mark: Any) -> tuple[int, int]:
        """Line and column of a libyaml mark."""
        if self.yaml_counts_alike:
            return mark.line + 1, mark.column + 1
        return self.of(mark.index)

    def of(self, offset: int) -> tuple[int, int]:
        """Line and column of ``text[offset]``."""
        if self._starts is None:
            self._starts = [0, *(m.end() for m in _BREAK.finditer(self.text))]
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def editor_lines(text: str) -> list[str]:
    """The lines of ``text`` as an editor shows them (U+2028 and U+2029 break none)."""
    return _BREAK.split(text)

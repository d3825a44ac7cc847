"""Positions in a case file: line and column, counted as the YAML parser counts them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forankring_docs.diagnostics import Path

# Line breaks as libyaml counts them in the text it parses, so our positions agree with the
# parser's. Not U+0085 (NEL): libyaml would count it, but it is a character Word cannot hold,
# blanked before parsing, so the parser never sees one (nor do editors break lines there).
_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")


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
    """1-based line and column of ``text[index]``, counting breaks as libyaml does."""
    line = 1
    start = 0
    for match in _BREAK.finditer(text, 0, index):
        line += 1
        start = match.end()
    return line, index - start + 1


def position_from(text: str, start: int, line: int, column: int, offset: int) -> tuple[int, int]:
    """Line and column of ``text[offset]``, counting on from ``text[start]`` at line:column."""
    breaks = list(_BREAK.finditer(text, start, offset))
    if not breaks:
        return line, column + offset - start
    return line + len(breaks), offset - breaks[-1].end() + 1

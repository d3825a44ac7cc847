"""Diagnostics: located problems in case files, printed like a compiler's.

One error type for case problems: :class:`CaseError` carries every :class:`Diagnostic`
of a file (file, line, column, message and a hint), so a user sees all problems at once.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from forankring_docs.errors import ForankringError, printable
from forankring_docs.i18n import _

Severity = Literal["error", "warning"]
Path = tuple[str | int, ...]
_RAW_LINE_BREAK = re.compile(r"[\u0085\u2028\u2029]")


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place in one file. Lines and columns count from 1."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str | None = None
    code: str | None = None  # E…, T…, Y…, A…: codes.ERRORS, codes.LOADER_WARNINGS, the rules
    path: str | None = None  # "fase2.aktører[3].type"
    more: int = 0  # further problems this line stands for ("… and 50 more problems")

    def format(self) -> str:
        """``file:line:col: severity: path: message [CODE]`` and an indented hint: the shape
        gcc and clang write, which editors' and CI's problem matchers read. The severity is
        in the language of the run, as compilers write theirs; the code stays as it is. A
        file name or value holding a line break or another control character is shown
        escaped, so that no line of the output can be forged (the hint's own line breaks are
        indented)."""
        kind = severity_word(self.severity)
        where = f"{self.path}: " if self.path else ""
        code = f" [{self.code}]" if self.code else ""
        text = printable(
            f"{self.file}:{self.line}:{self.column}: {kind}: {where}{self.message}{code}"
        )
        if self.hint:
            # The continuation lines line up with the hint's first word, in either language.
            label = _("hint: {hint}", hint="")
            indent = "\n" + " " * (2 + len(label))
            text += "\n  " + label + printable(self.hint, lines=True).replace("\n", indent)
        return text

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        if not self.more:  # only the closing line of a capped file has it
            del data["more"]
        return data


class CaseError(ForankringError):
    """A case file that cannot be used, with every problem found in it."""

    def __init__(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0].format() if self.diagnostics else _("invalid case")
        super().__init__(first)

    def format(self) -> str:
        return "\n".join(d.format() for d in self.diagnostics)

    @property
    def file(self) -> str:
        return self.diagnostics[0].file

    @property
    def line(self) -> int:
        return self.diagnostics[0].line

    @property
    def column(self) -> int:
        return self.diagnostics[0].column

    @property
    def hint(self) -> str | None:  # type: ignore[override]
        return self.diagnostics[0].hint if self.diagnostics else None

    @hint.setter
    def hint(self, value: str | None) -> None:
        """The hints are the diagnostics' own; the base's one is not kept."""


def severity_word(severity: Severity) -> str:
    """'error' or 'warning' as the text format prints it, in the language of the run (as
    compilers print theirs); the machine formats keep the English word."""
    return _("error") if severity == "error" else _("warning")


def format_path(path: Path) -> str:
    """``("fase2", "aktører", 3, "type")`` → ``fase2.aktører[3].type``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    return escape_line_breaks(
        json.dumps([d.as_json() for d in diagnostics], ensure_ascii=False, indent=2)
    )


def escape_line_breaks(text: str) -> str:
    """JSON text with U+0085, U+2028 and U+2029 as escapes: JSON escapes the ASCII controls
    itself but leaves these raw, so that a reader splitting lines would see one more."""
    return _RAW_LINE_BREAK.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

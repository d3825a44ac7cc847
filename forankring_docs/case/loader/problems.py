"""The problems found while reading one case file, and how their messages name values."""

from __future__ import annotations

from forankring_docs.diagnostics import CaseError, Diagnostic, Path, format_path
from forankring_docs.i18n import _

MAX_PROBLEMS = 100  # then reading stops: a file of a million aliases is not a million errors


class TooManyProblems(Exception):
    """The file has MAX_PROBLEMS problems: reading stops at the next one."""


class Problems:
    """Collects located problems for one file; stops the reading at MAX_PROBLEMS."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []
        self.stopped = False  # a problem that stops the reading was found

    def add(
        self,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        path: Path | None = None,
        *,
        code: str,
        goes_on: bool = False,
    ) -> None:
        """Record a problem with its code (``codes.ERRORS``). ``goes_on``: the reading can go
        on past it (see the package)."""
        if len(self.items) >= MAX_PROBLEMS:
            self.stopped = True
            self.items.append(
                Diagnostic(
                    self.file,
                    line,
                    column,
                    "error",
                    _stopped_here(),
                    _("correct the problems above, then check the file again"),
                    code="E114",
                )
            )
            raise TooManyProblems
        self.stopped = self.stopped or not goes_on
        self.items.append(
            Diagnostic(
                self.file,
                line,
                column,
                "error",
                message,
                hint,
                code=code,
                path=format_path(path) if path else None,
            )
        )

    def raise_if_any(self) -> None:
        if self.items:
            raise CaseError(self.items)


def in_order(items: list[Diagnostic]) -> list[Diagnostic]:
    """In the order of the file; a closing "reading stopped here" stays last."""
    stop = [d for d in items[-1:] if d.message == _stopped_here()]
    return [*sorted(items[: len(items) - len(stop)], key=lambda d: (d.line, d.column)), *stop]


def _stopped_here() -> str:
    return _("more than {limit} problems; reading stopped here", limit=MAX_PROBLEMS)


def value_kind(value: object) -> str:
    """What a value is, for a message: "a list", "the text 'abc'"."""
    if value is None:
        return _("empty")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return _("the text {text}", text=repr(short(str(value))))


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

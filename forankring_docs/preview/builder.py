"""One case, rendered again and again: the report of the last good version, and the problems.

The :class:`Builder` keeps its renderer (the compiled template, labels and styles) between
builds, so a save costs only the case's own work; a change in the template folder loads the
template again. Nothing here prints: each build is a :class:`Build` to show.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from forankring_docs.analysis.checked import load_and_check
from forankring_docs.diagnostics import Diagnostic
from forankring_docs.errors import ForankringError
from forankring_docs.i18n import N_, _
from forankring_docs.pipeline import Renderer, gc_paused
from forankring_docs.templating.folder import TemplateError, TemplateFolder, forget_compiled

__all__ = ["Build", "Builder", "Problem"]

BUG_HINT = N_("this is a bug in forankring, not in your file; please report it")


@dataclass(frozen=True, slots=True)
class Problem:
    """An error or warning as the page shows it: where, what, the line itself, the hint."""

    file: str
    line: int | None
    column: int | None
    message: str
    hint: str | None = None
    source: str | None = None  # the offending line of the file
    text: str = ""  # as the command line prints it

    @property
    def where(self) -> str:
        return ":".join(str(part) for part in (self.file, self.line, self.column) if part)


@dataclass(frozen=True, slots=True)
class Build:
    """What the page shows after a build. ``report``: the last good report (a whole HTML
    page; None before the first), out of date when there are ``errors``."""

    version: int
    report: str | None
    report_version: int
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    seconds: float = 0.0

    @property
    def stale(self) -> bool:
        return bool(self.errors) and self.report is not None


class Builder:
    """Builds the preview of ``case`` with the template folder ``template`` (None: built-in)."""

    def __init__(
        self,
        case: Path,
        *,
        template: Path | None = None,
        language: str | None = None,
        display: str | None = None,
        ignore: Collection[str] = (),
    ) -> None:
        self.case = case
        self.ignore = ignore  # warning codes left out of the panel and the report
        self.template = template
        self.language = language
        self.display = display or str(case)
        self.current = Build(0, None, 0)
        self._renderer: Renderer | None = None
        self._lock = threading.Lock()  # one build at a time

    def build(self, *, template_changed: bool = False) -> Build:
        """Read the case (and, when it changed, the template) again and render it."""
        with self._lock:
            start = time.perf_counter()
            with gc_paused():
                report, errors, warnings = self._render(template_changed)
            previous = self.current
            if report is None:
                report, report_version = previous.report, previous.report_version
            else:
                report_version = previous.version + 1
            self.current = Build(
                previous.version + 1,
                report,
                report_version,
                tuple(errors),
                tuple(warnings),
                time.perf_counter() - start,
            )
            return self.current

    def _render(self, template_changed: bool) -> tuple[str | None, list[Problem], list[Problem]]:
        try:
            if self._renderer is None or template_changed:
                self._renderer = None
                if template_changed:
                    forget_compiled()
                self._renderer = Renderer(self.template)
            checked = load_and_check(self.case, self.display, ignore=self.ignore)
            source = _lines(self.case)
            problems = [_problem(d, source) for d in checked.diagnostics]
            if checked.valid is None:
                return None, problems, []
            outputs = self._renderer.render(
                checked.valid,
                formats=("html",),
                language=self.language,
                today=checked.today,
                findings=checked.findings,
            )
            return outputs["html"].decode("utf-8"), [], problems
        except TemplateError as exc:
            return None, [self._template_problem(exc)], []
        except ForankringError as exc:
            return None, [self._whole_file_problem(exc.message, exc.hint, exc.format())], []
        except Exception as exc:  # noqa: BLE001 - a bug of ours: shown, and the preview goes on
            message = _("internal error: {kind}: {error}", kind=type(exc).__name__, error=exc)
            hint = _(BUG_HINT)
            text = f"{message}\n  " + _("hint: {hint}", hint=hint)
            return None, [self._whole_file_problem(message, hint, text)], []

    def _whole_file_problem(self, message: str, hint: str | None, text: str) -> Problem:
        return Problem(self.display, None, None, message, hint, None, text)

    def _template_problem(self, exc: TemplateError) -> Problem:
        source = None
        if exc.line is not None:
            path = self._template_file(exc.file)
            lines = _lines(path) if path is not None else []
            source = lines[exc.line - 1] if 0 < exc.line <= len(lines) else None
        return Problem(exc.file, exc.line, exc.column, exc.message, exc.hint, source, exc.format())

    def _template_file(self, name: str) -> Path | None:
        """The file a template error names: a path, or a name in the template folders."""
        try:
            roots = TemplateFolder.of(self.template).roots
        except TemplateError:  # the folder itself is gone
            roots = ()
        for path in (Path(name), *(root / name for root in roots)):
            if path.is_file():
                return path
        return None


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []


def _problem(diagnostic: Diagnostic, lines: list[str]) -> Problem:
    line = diagnostic.line
    message = f"{diagnostic.path}: {diagnostic.message}" if diagnostic.path else diagnostic.message
    if diagnostic.code:
        message += f" [{diagnostic.code}]"
    return Problem(
        diagnostic.file,
        line,
        diagnostic.column,
        message,
        diagnostic.hint,
        lines[line - 1] if 0 < line <= len(lines) else None,
        diagnostic.format(),
    )

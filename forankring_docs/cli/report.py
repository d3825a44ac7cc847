"""What a command prints while it works: diagnostics, progress, the closing summary."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from forankring_docs.cli.errors import echo_out
from forankring_docs.errors import printable
from forankring_docs.i18n import ngettext

if TYPE_CHECKING:
    from forankring_docs.batch import Result
    from forankring_docs.diagnostics import Diagnostic
    from forankring_docs.errors import ForankringError


def errors_count(n: int) -> str:
    """'1 error', '3 errors' in the language of the run."""
    return ngettext("{n} error", "{n} errors", n)


class Report:
    """Collects diagnostics and counts for the closing summary."""

    def __init__(self, output_format: str, *, quiet: bool = False) -> None:
        self.output_format = output_format
        self.quiet = quiet  # warnings are counted, not printed
        self.diagnostics: list[Diagnostic] = []
        self.others: list[Diagnostic] = []  # problems outside the case files, for machines
        self.files = 0
        self.invalid = 0
        self.written = 0
        self.failures = 0  # problems outside the case files: a broken template, a full disk
        self.document_warnings = 0  # of a written document (a font the PDF lacks)
        self.hidden_warnings = 0  # left out with quiet

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Diagnostics of a case: printed as they come (text), or kept for the end. With
        ``quiet``, warnings are counted only (render's are in the report itself)."""
        shown = [d for d in diagnostics if not (self.quiet and d.severity == "warning")]
        self.diagnostics.extend(shown)
        self.hidden_warnings += len(diagnostics) - len(shown)
        if self.output_format == "text":
            for d in shown:
                click.echo(d.format(), err=True)

    def document_warning(self, text: str) -> None:
        """A warning about a written document rather than its case: printed and counted."""
        self.document_warnings += 1
        click.echo(text, err=True)

    def problem(self, exc: ForankringError) -> None:
        """A problem outside the case files (a broken template): printed and counted, and
        in the machines' formats as a diagnostic at its file when it has a code."""
        self.failures += 1
        click.echo(exc.format(), err=True)
        if exc.code:
            from forankring_docs.diagnostics import Diagnostic

            file = getattr(exc, "file", None) or getattr(exc, "source", None)
            line, column = getattr(exc, "line", None), getattr(exc, "column", None)
            self.others.append(
                Diagnostic(
                    str(file or getattr(exc, "styles_path", "")),
                    line or 1,
                    column or 1,
                    "error",
                    exc.message,
                    exc.hint,
                    code=exc.code,
                )
            )

    @property
    def errors(self) -> int:
        return sum(1 + d.more for d in self.diagnostics if d.severity == "error") + self.failures

    @property
    def warnings(self) -> int:
        found = sum(d.severity == "warning" for d in self.diagnostics)
        return found + self.hidden_warnings + self.document_warnings

    def failed(self, *, strict: bool) -> bool:
        """Whether the run fails (exit 1): an invalid case, or with ``strict`` a warning."""
        return bool(self.invalid or (strict and self.warnings))

    def finish(self, *, rendered: bool = False) -> None:
        text = self.machine_text() if self.output_format != "text" else ""
        if text:  # github: no line at all when there is nothing to annotate
            echo_out(text)
        parts = [ngettext("{n} file", "{n} files", self.files)]
        if self.invalid:
            parts.append(ngettext("{n} invalid", "{n} invalid", self.invalid))
        parts.append(errors_count(self.errors))
        parts.append(ngettext("{n} warning", "{n} warnings", self.warnings))
        if rendered:
            parts.append(ngettext("{n} document written", "{n} documents written", self.written))
        click.echo(", ".join(parts), err=True)

    def machine_text(self) -> str:
        """The diagnostics in the chosen format for machines (docs/diagnostics.md)."""
        everything = [*self.diagnostics, *self.others]
        if self.output_format == "json":
            from forankring_docs.diagnostics import to_json

            return to_json(everything)
        if self.output_format == "github":
            from forankring_docs.analysis.formats import to_github

            return to_github(everything)
        from importlib.metadata import version

        from forankring_docs.analysis.formats import to_sarif

        return to_sarif(everything, version("forankring-docs"))


class Progress:
    """A progress bar on a terminal; one line per case otherwise; nothing with -q."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.tty = sys.stderr.isatty() and total > 1

    def advance(self, result: Result) -> None:
        self.done += 1
        if self.quiet:
            return
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "█" * filled + "·" * (width - filled)
            name = printable(result.case)[-40:]
            sys.stderr.write(f"\r{bar} {self.done}/{self.total} {name:<40}")
            sys.stderr.flush()
        elif result.written:
            written = ", ".join(map(printable, result.written))
            click.echo(f"{printable(result.case)} → {written}", err=True)

    def clear(self) -> None:
        if self.tty and not self.quiet and self.done:
            sys.stderr.write("\r" + " " * 80 + "\r")

    def close(self) -> None:
        if self.tty and not self.quiet and self.done:
            sys.stderr.write("\n")
            sys.stderr.flush()

"""Load a case and apply the cross-phase rules: the one sequence every command shares.

``validate``, ``check``, ``render`` (one case or a batch), ``overview`` and ``diff`` all
start here, so a case reads the same, and fails with the same words, whichever command
reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from forankring_docs.diagnostics import CaseError, Diagnostic
from forankring_docs.i18n import N_, _

if TYPE_CHECKING:
    from forankring_docs.analysis.checks import Finding
    from forankring_docs.case.validation import ValidCase

TOO_DEEP = N_("the file nests too deeply to be read")


@dataclass(slots=True)
class CheckedCase:
    """A case as read: valid (with its findings) or not (with its errors).

    ``diagnostics`` holds the errors of an invalid case, or the warnings of a valid one;
    ``findings`` the rules' findings, for the report; both less the ignored codes."""

    file: str
    valid: ValidCase | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    findings: Sequence[Finding] = ()
    today: dt.date | None = None  # the date the rules counted at

    @property
    def ok(self) -> bool:
        return self.valid is not None


def load_and_check(
    path: Path,
    display: str | None = None,
    *,
    rules: bool = True,
    ignore: Collection[str] = (),
    today: dt.date | None = None,
) -> CheckedCase:
    """Read, validate and (with ``rules``) check one case file. Never raises for a bad case.

    The rules count at ``today`` when given (the overview's date), else at the case's
    ``meta.dato``, else at the real date (case-format.md)."""
    from forankring_docs.case.validation import load_case

    name = display or str(path)
    try:
        valid = load_case(path, name)
    except CaseError as exc:
        return CheckedCase(name, None, exc.diagnostics)
    except RecursionError:
        return CheckedCase(name, None, [Diagnostic(name, 1, 1, "error", _(TOO_DEEP), code="E113")])
    # The loader's warnings (Y-codes) come with every command that reads the case.
    loader = [d for d in valid.loaded.warnings if d.code not in ignore]
    if not rules:
        return CheckedCase(name, valid, loader)
    from forankring_docs.analysis.checks import case_today, run_checks, to_diagnostics

    counted = today or case_today(valid.case, dt.date.today())
    findings = run_checks(valid.case, counted)
    shown = [f for f in findings if f.code not in ignore]
    diagnostics = sorted([*loader, *to_diagnostics(shown, valid)], key=lambda d: (d.line, d.column))
    return CheckedCase(name, valid, diagnostics, shown, counted)

"""Section 9: the risks of the plan, and the warnings of ``check`` in words for the steering
group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from forankring_docs.report.lookup import Lookup

__all__ = ["Finding", "RiskRow", "WarningView", "build_risks", "build_warnings"]


class Finding(Protocol):
    """A warning of ``checks.run_checks`` (what the view needs of ``checks.Finding``)."""

    @property
    def code(self) -> str: ...


@dataclass(frozen=True, slots=True)
class RiskRow:
    risk: str
    response: str


@dataclass(frozen=True, slots=True)
class WarningView:
    code: str
    sentence: str


def build_risks(lookup: Lookup) -> tuple[RiskRow, ...]:
    phase4 = lookup.case.phase4
    if phase4 is None:
        return ()
    return tuple(RiskRow(r.risk, r.response) for r in phase4.risks)


def build_warnings(lookup: Lookup, findings: Sequence[Finding]) -> tuple[WarningView, ...]:
    if not findings:
        return ()
    # Imported on use, like the pipeline's checks: a view without warnings never loads them.
    from forankring_docs.analysis.checks import report_sentence

    L = lookup.labels
    return tuple(
        WarningView(f.code, report_sentence(f, L.sentences, format_date=L.date))  # type: ignore[arg-type]
        for f in findings
    )

"""Section 7: the risks of the plan, numbered by severity in a list and a risk matrix, and
the warnings of ``check`` in words for the steering group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from forankring_docs.case.model import LEVELS, Risk
from forankring_docs.report.lookup import Lookup

__all__ = [
    "Finding",
    "MatrixCell",
    "RiskMatrix",
    "RiskRow",
    "WarningView",
    "build_risk_matrix",
    "build_risks",
    "build_warnings",
]

#: The sums of the ranks of sandsynlighed and konsekvens (lav 1, middel 2, høj 3) up to
#: which a risk is green, then yellow; above, red.
SEVERITY_GREEN = 3
SEVERITY_YELLOW = 4


class Finding(Protocol):
    """A warning of ``checks.run_checks`` (what the view needs of ``checks.Finding``)."""

    @property
    def code(self) -> str: ...


@dataclass(frozen=True, slots=True)
class RiskRow:
    number: int  # its number in the list and the matrix, by severity
    risk: str
    response: str
    likelihood: str  # the word, or "ikke angivet"
    consequence: str
    rating: str  # "Middel / høj", "ikke angivet / middel"; "ikke angivet" when neither is given
    shade: str  # the matrix cell's shade; "" for a risk not rated on both
    owner: str | None
    concerns: tuple[str, ...]  # the names of the actors, then of the tasks


@dataclass(frozen=True, slots=True)
class RiskMatrix:
    """Sandsynlighed × konsekvens: rows high to low likelihood, columns low to high
    consequence, each cell with its shade and the numbers of its risks."""

    rows: tuple[tuple[str, tuple[MatrixCell, ...]], ...]  # (likelihood word, cells)
    columns: tuple[str, ...]  # the consequence words, low to high


@dataclass(frozen=True, slots=True)
class MatrixCell:
    shade: str
    numbers: str  # "1, 4"; "" when empty


@dataclass(frozen=True, slots=True)
class WarningView:
    code: str
    sentence: str


def build_risks(lookup: Lookup) -> tuple[RiskRow, ...]:
    """The risks numbered by severity: those rated on both sandsynlighed and konsekvens
    first, most severe first; then the rest in the file's order."""
    L = lookup.labels
    rated = _by_severity(lookup)
    phase4 = lookup.case.phase4
    unrated = [r for r in phase4.risks if not _rated(r)] if phase4 is not None else []
    return tuple(
        RiskRow(
            number=number,
            risk=r.risk,
            response=r.response,
            likelihood=L.word("level", r.likelihood) if r.likelihood else L.text("not_given"),
            consequence=L.word("level", r.consequence) if r.consequence else L.text("not_given"),
            rating=_rating(lookup, r),
            shade=_shade(_rank(r.likelihood), _rank(r.consequence)) if _rated(r) else "",
            owner=r.owner,
            concerns=(
                *(lookup.actor_name(a) for a in r.actors),
                *(lookup.task_name(t) for t in r.tasks),
            ),
        )
        for number, r in enumerate([*rated, *unrated], 1)
    )


def build_risk_matrix(lookup: Lookup) -> RiskMatrix | None:
    """The 3 × 3 matrix of the risks rated on both, holding their numbers; None when no risk
    is."""
    rated = _by_severity(lookup)
    if not rated:
        return None
    L = lookup.labels
    numbers: dict[tuple[int, int], list[str]] = {}
    for number, risk in enumerate(rated, 1):
        cell = (_rank(risk.likelihood), _rank(risk.consequence))
        numbers.setdefault(cell, []).append(str(number))
    ranks = range(1, len(LEVELS) + 1)
    separator = L.text("risks", "number_separator")
    rows = tuple(
        (
            L.word("level", LEVELS[likelihood - 1]),
            tuple(
                MatrixCell(
                    _shade(likelihood, consequence),
                    separator.join(numbers.get((likelihood, consequence), ())),
                )
                for consequence in ranks
            ),
        )
        for likelihood in reversed(ranks)
    )
    return RiskMatrix(rows, tuple(L.word("level", level) for level in LEVELS))


def _rating(lookup: Lookup, risk: Risk) -> str:
    L = lookup.labels
    if risk.likelihood is None and risk.consequence is None:
        return L.text("not_given")
    likelihood = L.word("level", risk.likelihood) if risk.likelihood else L.text("not_given")
    consequence = L.word("level", risk.consequence).lower() if risk.consequence else None
    return L.text(
        "risks",
        "rating_value",
        likelihood=likelihood,
        consequence=consequence or L.text("not_given"),
    )


def _by_severity(lookup: Lookup) -> list[Risk]:
    """The risks rated on both, most severe first (the higher consequence first among
    equals; the file's order last), which gives them the numbers 1, 2, …"""
    phase4 = lookup.case.phase4
    if phase4 is None:
        return []
    return sorted(
        (r for r in phase4.risks if _rated(r)),
        key=lambda r: (-_severity(r), -_rank(r.consequence), -_rank(r.likelihood)),
    )


def _rated(risk: Risk) -> bool:
    return risk.likelihood is not None and risk.consequence is not None


def _rank(level: str | None) -> int:
    """lav 1, middel 2, høj 3; 0 when not given."""
    return LEVELS.index(level) + 1 if level else 0


def _severity(risk: Risk) -> int:
    return _rank(risk.likelihood) + _rank(risk.consequence)


def _shade(likelihood: int, consequence: int) -> str:
    """Green up to lav + middel, yellow for middel + middel or lav + høj, red above."""
    total = likelihood + consequence
    return "green" if total <= SEVERITY_GREEN else "yellow" if total <= SEVERITY_YELLOW else "red"


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

"""The portfolio overview: one row per case across many areas, for the steering level.

Pure data built from validated cases and their warnings; the overview template renders it
to Word, and :func:`to_csv` writes the same table for a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from forankring_docs.case.model import Case

if TYPE_CHECKING:
    from forankring_docs.analysis.checks import Finding

# grey: not filled in (example text of `forankring new`, or not one decision of its own), so
# that its figures say nothing yet about the area's strategy.
Light = Literal["red", "yellow", "green", "grey"]
SOON_MONTHS = 6  # a period ending within this many months makes open questions urgent
EXAMPLE_TEXT = "A103"  # the rule that finds the example text of `forankring new`
UNDECIDED = "A104"  # the rule that finds decisions left out (and phases not worked out)
DECISION_KINDS = ("element", "task", "actor")  # A104's variants for a decision left out


@dataclass(frozen=True, slots=True)
class CaseRow:
    file: str
    valid: bool
    area: str = ""
    initiative: str = ""
    period_end: dt.date | None = None
    status: str = ""
    elements_anchored: int = 0
    elements_phased_out: int = 0
    elements_undecided: int = 0  # forankres left out: neither anchored nor phased out yet
    tasks_anchored: int = 0
    tasks_unresolved: int = 0
    actors_suitable: int = 0
    actors_mapped: int = 0
    activities_done: int = 0
    activities_total: int = 0
    activities_overdue: int = 0
    warnings: int = 0
    example_texts: int = 0  # texts still as `forankring new` wrote them (A103)
    undecided: int = 0  # forankres, prioritet and placering left to the format's default
    decided: int = 0  # the same decisions written in the file
    light: Light = "red"
    first_error: str = ""
    findings: tuple[Finding, ...] = ()  # the warnings, most important first

    @property
    def listed(self) -> tuple[Finding, ...]:
        """The warnings an area's section lists one by one: all but the example texts and
        the decisions not stated, which it gives as counts (``example_texts``,
        ``undecided``), so that they do not crowd out the rest."""
        return tuple(f for f in self.findings if not _counted(f))


@dataclass(frozen=True, slots=True)
class Portfolio:
    rows: list[CaseRow]
    today: dt.date
    totals: dict[str, int] = field(default_factory=dict)


def anchored_task_ids(case: Case) -> list[str]:
    """Tasks of elements that are anchored (forankres ja or delvist)."""
    anchored = {e.id for e in case.elements if e.anchored != "nej"}
    return [t.id for t in case.tasks if t.element in anchored]


def chosen_task_ids(case: Case) -> set[str]:
    return {task for anchoring in case.anchorings for task in anchoring.tasks}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day where it is shorter (31 Aug + 6
    months is 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def traffic_light(
    *,
    ends: dt.date,
    today: dt.date,
    unresolved: int,
    overdue: int,
    warnings: int,
    undecided: int = 0,
    unfilled: bool = False,
) -> Light:
    """Red: the period ends within six months (or has ended) with tasks still unresolved or
    activities overdue. Grey: otherwise, a case not filled in (``unfilled``). Yellow: tasks
    unresolved, activities overdue, decisions left to the default or any warning. Green:
    none of these."""
    soon = ends <= add_months(today, SOON_MONTHS)
    if soon and (unresolved or overdue):
        return "red"
    if unfilled:
        return "grey"
    if warnings or unresolved or overdue or undecided:
        return "yellow"
    return "green"


def case_row(file: str, case: Case, findings: Sequence[Finding], today: dt.date) -> CaseRow:
    """One row from a valid case and its warnings.

    A case is not filled in while it holds example text of ``forankring new`` (A103), or
    while it has decisions to make and has written none of them: a file just made by
    ``forankring new`` is consistent, and would otherwise look on track.
    """
    from forankring_docs.analysis.checks.whole_case import decisions

    anchored = anchored_task_ids(case)
    given = [d.given for d in decisions(case)]
    examples = sum(1 for f in findings if f.code == EXAMPLE_TEXT)
    chosen = chosen_task_ids(case)
    unresolved = sum(1 for t in anchored if t not in chosen)
    activities = case.activities
    overdue = sum(
        1 for a in activities if a.deadline and a.deadline < today and a.status != "afsluttet"
    )
    decided = [e for e in case.elements if "anchored" in e.model_fields_set]
    light = traffic_light(
        ends=case.meta.period.end,
        today=today,
        unresolved=unresolved,
        overdue=overdue,
        warnings=len(findings),
        undecided=given.count(False),
        unfilled=bool(examples) or (bool(given) and not any(given)),
    )
    return CaseRow(
        file=file,
        valid=True,
        area=case.meta.area,
        initiative=case.meta.initiative,
        period_end=case.meta.period.end,
        # "" when the case leaves it out: the overview says "not given", never the default.
        status=case.meta.status if "status" in case.meta.model_fields_set else "",
        # Only what the case decides counts; a left-out forankres is undecided.
        elements_anchored=sum(1 for e in decided if e.anchored != "nej"),
        elements_phased_out=sum(1 for e in decided if e.anchored == "nej"),
        elements_undecided=len(case.elements) - len(decided),
        tasks_anchored=sum(1 for t in anchored if t in chosen),
        tasks_unresolved=unresolved,
        actors_suitable=sum(1 for a in case.analyses if a.conclusion != "ikke_egnet"),
        actors_mapped=len(case.actors),
        activities_done=sum(1 for a in activities if a.status == "afsluttet"),
        activities_total=len(activities),
        activities_overdue=overdue,
        warnings=len(findings),
        example_texts=examples,
        undecided=given.count(False),
        decided=given.count(True),
        light=light,
        findings=tuple(findings),
    )


def _counted(finding: Finding) -> bool:
    """Whether a row counts this warning in a figure of its own."""
    return finding.code == EXAMPLE_TEXT or (
        finding.code == UNDECIDED and finding.variant in DECISION_KINDS
    )


def invalid_row(file: str, first_error: str, area: str = "") -> CaseRow:
    return CaseRow(
        file=file, valid=False, area=area or Path(file).stem, light="red", first_error=first_error
    )


def build_portfolio(
    paths: Sequence[Path],
    today: dt.date | None = None,
    display: dict[Path, str] | None = None,
    ignore: Collection[str] = (),
) -> Portfolio:
    """Load, validate and check every case; invalid ones become rows marked invalid.

    Every figure is as of ``today`` (default: the real date), the one date the overview
    states, not each case's ``meta.dato``: an overview made in November must show a period
    that ended in June as ended, and a deadline passed since the case was last edited as
    overdue. The warnings of ``ignore``'s codes are left out (``--ignore``).
    """
    from forankring_docs.analysis.checked import load_and_check

    today = today or dt.date.today()
    rows: list[CaseRow] = []
    for path in paths:
        name = (display or {}).get(path, str(path))
        checked = load_and_check(path, name, ignore=ignore, today=today)
        if checked.valid is None:
            first = checked.diagnostics[0]
            rows.append(invalid_row(checked.file, f"{first.line}:{first.column}: {first.message}"))
            continue
        rows.append(case_row(checked.file, checked.valid.case, checked.findings, today))
    rows.sort(key=lambda r: (not r.valid, r.period_end or dt.date.max, r.area.casefold(), r.file))
    totals = {
        "cases": len(rows),
        "invalid": sum(not r.valid for r in rows),
        # the lights of the valid cases; an invalid case is counted as invalid alone
        "red": sum(r.valid and r.light == "red" for r in rows),
        "yellow": sum(r.valid and r.light == "yellow" for r in rows),
        "green": sum(r.valid and r.light == "green" for r in rows),
        "grey": sum(r.valid and r.light == "grey" for r in rows),
    }
    return Portfolio(rows, today, totals)


CSV_COLUMNS = [
    ("fil", "file"),
    ("boligområde", "area"),
    ("indsats", "initiative"),
    ("periode_slut", "period_end"),
    ("status", "status"),
    ("gyldig", "valid"),
    ("elementer_forankres", "elements_anchored"),
    ("elementer_udfases", "elements_phased_out"),
    ("elementer_ikke_besluttet", "elements_undecided"),
    ("opgaver_forankret", "tasks_anchored"),
    ("opgaver_uafklaret", "tasks_unresolved"),
    ("aktører_egnede", "actors_suitable"),
    ("aktører_kortlagt", "actors_mapped"),
    ("aktiviteter_afsluttet", "activities_done"),
    ("aktiviteter_i_alt", "activities_total"),
    ("aktiviteter_forsinket", "activities_overdue"),
    ("advarsler", "warnings"),
    ("lys", "light"),
    ("første_fejl", "first_error"),
    # Last, so that a script reading the columns by place still finds the others there.
    ("opgjort_pr", "as_of"),
    ("eksempeltekster", "example_texts"),
    ("beslutninger_ikke_angivet", "undecided"),
]
LIGHT_WORDS = {"red": "rød", "yellow": "gul", "green": "grøn", "grey": "grå"}
#: Columns that an invalid case leaves empty: its figures are unknown, not 0.
FIGURES = {attr for _, attr in CSV_COLUMNS[6:17]} | {"example_texts", "undecided"}


def to_csv(portfolio: Portfolio) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, so Danish Excel opens it with æøå intact.
    Every row says the date its figures are counted at (``opgjort_pr``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, _ in CSV_COLUMNS])
    for row in portfolio.rows:
        values = []
        for _, attr in CSV_COLUMNS:
            value = portfolio.today if attr == "as_of" else getattr(row, attr)
            if not row.valid and attr in FIGURES:
                value = None
            elif attr == "light":
                value = LIGHT_WORDS[value]
            elif attr == "valid":
                value = "ja" if value else "nej"
            elif isinstance(value, dt.date):
                value = value.isoformat()
            values.append(_spreadsheet_safe("" if value is None else str(value)))
        writer.writerow(values)
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def _spreadsheet_safe(text: str) -> str:
    """Case text never becomes a spreadsheet formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

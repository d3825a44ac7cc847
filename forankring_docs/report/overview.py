"""The portfolio overview as a document: one table across all areas, then a short section
per area with its most important warnings. Made with the report's machinery: the template
folder's ``overview.html.j2`` (same sandboxed environment, labels and styles.docx)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from forankring_docs.analysis.portfolio import FIGURES, CaseRow, Portfolio
from forankring_docs.report.labels import Labels

OVERVIEW_TEMPLATE = "overview.html.j2"
TOP_WARNINGS = 5
FORMATS = ("docx", "html", "csv", "xlsx")


@dataclass(frozen=True, slots=True)
class OverviewRow:
    light: str  # red | yellow | green: a shade name of the markup
    light_word: str
    area: str
    initiative: str
    period_end: str
    status: str
    elements: str
    tasks: str
    actors: str
    plan: str
    overdue: str
    warnings: str
    valid: bool


@dataclass(frozen=True, slots=True)
class AreaSection:
    title: str
    light: str
    light_word: str
    file: str
    status: str  # "periode slutter 31. mar. 2027 · 2 uafklarede opgaver · 1 forsinket aktivitet"
    # Why the case is not filled in (example text, no decision of its own); none when it is.
    unfilled: tuple[str, ...]
    undecided: str  # how many decisions are left to the format's default, "" when none
    sentences: tuple[str, ...]
    more: int
    error: str


@dataclass(frozen=True, slots=True)
class OverviewView:
    language: str
    language_tag: str
    title: str
    subtitle: str
    totals: str
    today: str
    as_of: str  # "Alle tal er opgjort pr. …": why check (at meta.dato) may count otherwise
    rows: tuple[OverviewRow, ...]
    areas: tuple[AreaSection, ...]


def build_overview_view(portfolio: Portfolio, labels: Labels) -> OverviewView:
    """Pure: the portfolio in the words and date format of ``labels``' language."""
    today = labels.date(portfolio.today)
    rows = tuple(_row(r, labels) for r in portfolio.rows)
    areas = tuple(_area(r, labels, portfolio.today) for r in portfolio.rows)
    return OverviewView(
        language=labels.language,
        language_tag=labels.tag,
        title=labels.text("overview", "title"),
        subtitle=labels.text(
            "overview", "subtitle", date=today, areas=_count(labels, "areas", len(portfolio.rows))
        ),
        totals=_totals(portfolio, labels),
        today=portfolio.today.isoformat(),
        as_of=labels.text("overview", "as_of", date=labels.date(portfolio.today)),
        rows=rows,
        areas=areas,
    )


def _totals(portfolio: Portfolio, L: Labels) -> str:
    """ "2 røde, 1 gul og 3 grønne · 0 ugyldige sagsfiler", and the cases not filled in only
    when there are some (``totals_grey``), so a portfolio of worked-out cases reads as before."""
    totals = portfolio.totals
    keys = ("red", "yellow", "green", "invalid") + (("grey",) if totals.get("grey") else ())
    counts = {key: _count(L, key, totals[key]) for key in keys}
    return L.text("overview", "totals_grey" if "grey" in counts else "totals", **counts)


def _count(L: Labels, key: str, n: int) -> str:
    """``n`` with its noun or adjective in the right number: "1 rød", "2 røde"."""
    return L.text("overview", "counts", key, "one" if n == 1 else "many", n=n)


def _row(row: CaseRow, L: Labels) -> OverviewRow:
    light_word = L.text("overview", "lights", row.light)
    if not row.valid:
        return OverviewRow(
            row.light,
            light_word,
            row.area,
            L.text("overview", "invalid"),
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            valid=False,
        )
    return OverviewRow(
        light=row.light,
        light_word=light_word,
        area=row.area,
        initiative=row.initiative,
        period_end=L.date(row.period_end, short=True),
        status=L.word("status", row.status) if row.status else L.text("not_given"),
        elements=_elements(row, L),
        tasks=f"{row.tasks_anchored} / {row.tasks_unresolved}",
        actors=f"{row.actors_suitable} / {row.actors_mapped}",
        plan=f"{row.activities_done} / {row.activities_total}",
        overdue=str(row.activities_overdue),
        warnings=str(row.warnings),
        valid=True,
    )


def _elements(row: CaseRow, L: Labels) -> str:
    """ "2 / 1", and how many elements are not decided on yet, when any."""
    decided = f"{row.elements_anchored} / {row.elements_phased_out}"
    if not row.elements_undecided:
        return decided
    return L.text("overview", "elements_undecided", decided=decided, n=row.elements_undecided)


def _area(row: CaseRow, L: Labels, today: date) -> AreaSection:
    from forankring_docs.analysis.checks import report_sentence

    light_word = L.text("overview", "lights", row.light)
    title = f"{row.area} – {row.initiative}" if row.initiative else row.area
    if not row.valid:
        error = L.text("overview", "invalid_text", file=row.file, error=row.first_error)
        return AreaSection(title, row.light, light_word, row.file, "", (), "", (), 0, error)
    ended = row.period_end is not None and row.period_end < today
    status = L.text(
        "overview",
        "status_line_ended" if ended else "status_line",
        end=L.date(row.period_end),
        unresolved=row.tasks_unresolved,
        overdue=row.activities_overdue,
    )
    sentences = tuple(
        report_sentence(f, L.sentences, format_date=L.date) for f in row.listed[:TOP_WARNINGS]
    )
    return AreaSection(
        title,
        row.light,
        light_word,
        row.file,
        status,
        _unfilled(row, L),
        _count(L, "undecided", row.undecided) if row.undecided and row.decided else "",
        sentences,
        max(0, len(row.listed) - TOP_WARNINGS),
        "",
    )


def _unfilled(row: CaseRow, L: Labels) -> tuple[str, ...]:
    """What a secretariat must know before it reads the figures: example text left from
    ``forankring new`` (the figures are not yet the area's), or no decision of its own."""
    lines = []
    if row.example_texts:
        lines.append(_count(L, "example_texts", row.example_texts))
    if row.undecided and not row.decided:
        lines.append(L.text("overview", "nothing_decided"))
    return tuple(lines)


def overview_format(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


# ------------------------------------------------------------------ the spreadsheet's tables
@dataclass(frozen=True, slots=True)
class LightCell:
    """A traffic light in a table: the word (for a reader, a filter, a printout in black and
    white) and its shade (red | yellow | green), which a spreadsheet shows as the cell's fill."""

    light: str
    word: str


#: What a spreadsheet cell holds: a number and a date stay a number and a date, so that a
#: spreadsheet sorts, sums and filters them; None is an empty cell (unknown, not 0).
Cell = str | int | date | LightCell | None


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table of the overview as a spreadsheet writes it: a name, the column headings and
    rows of typed cells."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


SheetKey = Literal["table", "warnings"]
#: The figures of a case, in the order of the CSV (and of the document's table).
FIGURE_COLUMNS = tuple(attr for attr in CaseRow.__slots__ if attr in FIGURES)
TABLE_COLUMNS = (
    "light",
    "area",
    "initiative",
    "file",
    "period_end",
    "status",
    *FIGURE_COLUMNS,
    "as_of",
    "error",
)
WARNING_COLUMNS = ("light", "area", "file", "code", "warning", "as_of")


def build_overview_sheets(portfolio: Portfolio, labels: Labels) -> tuple[Sheet, ...]:
    """Pure: the overview's tables for a spreadsheet, in ``labels``' language. The first is
    the document's table with each figure in a column of its own; the second lists every
    warning of every case (the document shows the first five of each), one per row."""
    return (
        Sheet(
            _sheet_name(labels, "table"),
            _headings(labels, TABLE_COLUMNS),
            tuple(_table_row(row, labels, portfolio.today) for row in portfolio.rows),
        ),
        Sheet(
            _sheet_name(labels, "warnings"),
            _headings(labels, WARNING_COLUMNS),
            tuple(
                row
                for case_row in portfolio.rows
                for row in _warning_rows(case_row, labels, portfolio.today)
            ),
        ),
    )


def _sheet_name(L: Labels, key: SheetKey) -> str:
    return L.text("overview", "sheets", key)


def _headings(L: Labels, columns: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(L.text("overview", "sheet_columns", column) for column in columns)


def _light(row: CaseRow, L: Labels) -> LightCell:
    return LightCell(row.light, L.text("overview", "lights", row.light))


def _table_row(row: CaseRow, L: Labels, today: date) -> tuple[Cell, ...]:
    if not row.valid:
        error = L.text("overview", "invalid_text", file=row.file, error=row.first_error)
        blank: tuple[Cell, ...] = (None,) * len(FIGURE_COLUMNS)
        invalid = L.text("overview", "invalid")
        return (_light(row, L), row.area, invalid, row.file, None, None, *blank, today, error)
    figures: tuple[Cell, ...] = tuple(getattr(row, attr) for attr in FIGURE_COLUMNS)
    return (
        _light(row, L),
        row.area,
        row.initiative,
        row.file,
        row.period_end,
        L.word("status", row.status),
        *figures,
        today,
        None,
    )


def _warning_rows(row: CaseRow, L: Labels, today: date) -> list[tuple[Cell, ...]]:
    from forankring_docs.analysis.checks import report_sentence

    light = _light(row, L)
    return [
        (
            light,
            row.area,
            row.file,
            finding.code,
            report_sentence(finding, L.sentences, format_date=L.date),
            today,
        )
        for finding in row.findings
    ]

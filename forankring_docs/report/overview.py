"""The portfolio overview as a document: one table across all areas, then a short section
per area with its most important warnings. Made with the report's machinery: the template
folder's ``overview.html.j2`` (same sandboxed environment, labels and styles.docx)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from forankring_docs.analysis.portfolio import CaseRow, Portfolio
from forankring_docs.report.labels import Labels

OVERVIEW_TEMPLATE = "overview.html.j2"
TOP_WARNINGS = 5
FORMATS = ("docx", "html", "csv")


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
        totals=labels.text(
            "overview",
            "totals",
            **{
                key: _count(labels, key, portfolio.totals[key])
                for key in ("red", "yellow", "green", "invalid")
            },
        ),
        today=portfolio.today.isoformat(),
        rows=rows,
        areas=areas,
    )


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
        return AreaSection(title, row.light, light_word, row.file, "", (), 0, error)
    ended = row.period_end is not None and row.period_end < today
    status = L.text(
        "overview",
        "status_line_ended" if ended else "status_line",
        end=L.date(row.period_end),
        unresolved=row.tasks_unresolved,
        overdue=row.activities_overdue,
    )
    sentences = tuple(
        report_sentence(f, L.sentences, format_date=L.date) for f in row.findings[:TOP_WARNINGS]
    )
    return AreaSection(
        title,
        row.light,
        light_word,
        row.file,
        status,
        sentences,
        max(0, len(row.findings) - TOP_WARNINGS),
        "",
    )


def overview_format(path: Path) -> str | None:
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None

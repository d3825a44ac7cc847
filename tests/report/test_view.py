"""The report view: pure data worked out from a case (figures, matrices, heat levels, grid,
timeline, sorting, dates per language), checked without rendering anything."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forankring_docs.analysis.checks import run_checks
from forankring_docs.case.loader import read_case
from forankring_docs.case.model import Case
from forankring_docs.report.labels import Labels
from forankring_docs.report.phase3 import GridEntry
from forankring_docs.report.tables import MATRIX_PART_MAX_COLUMNS
from forankring_docs.report.tables import chunks as _chunks
from forankring_docs.report.view import ReportView, build_view
from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
SOLHOEJ = EXAMPLES / "solhoej.yaml"
TODAY = dt.date(2026, 11, 15)  # solhoej's meta.dato

pytestmark = pytest.mark.skipif(SOLHOEJ is None, reason="the solhoej example case is missing")


# ------------------------------------------------------------------ helpers
@pytest.fixture(scope="module")
def solhoej_data() -> dict[str, Any]:
    assert SOLHOEJ is not None
    return read_case(SOLHOEJ).data  # type: ignore[return-value]


def case_from(data: dict[str, Any], change: Callable[[dict[str, Any]], None] | None = None) -> Case:
    data = copy.deepcopy(data)
    if change is not None:
        change(data)
    return Case.model_validate(data)


def view_of(
    case: Case, labels: dict[str, Labels], language: str = "da", **kwargs: Any
) -> ReportView:
    return build_view(
        case, today=kwargs.pop("today", TODAY), language=language, labels=labels[language], **kwargs
    )


@pytest.fixture(scope="module")
def solhoej(solhoej_data: dict[str, Any], labels: dict[str, Labels]) -> ReportView:
    return view_of(case_from(solhoej_data), labels)


# ------------------------------------------------------------------ 1. key figures
def test_key_figures(solhoej: ReportView) -> None:
    f = solhoej.figures
    assert (f.elements_anchored, f.elements_partly, f.elements_phased_out) == (3, 1, 1)
    assert f.tasks == 6
    assert (f.actors_mapped, f.actors_analysed) == (6, 5)
    assert (f.actors_suitable, f.actors_capacity, f.actors_not_suitable) == (1, 4, 0)
    assert (f.tasks_anchored, f.tasks_unresolved) == (6, 0)
    assert f.activities == 5
    # Four activities leave their status out: counted as not given, not as ikke_startet.
    assert dict(f.activities_by_status) == {"ikke_startet": 0, "i_gang": 1, "afsluttet": 0}
    assert f.activities_status_not_given == 4
    assert f.activities_late == 4  # all but the one ending 30 November 2026
    late_row = [row for row in f.rows if row.label == "Forsinkede aktiviteter"]
    assert late_row and late_row[0].value == "4" and late_row[0].alert


def test_cover_and_properties(solhoej: ReportView) -> None:
    cover = dict((fact.label, fact.value) for fact in solhoej.cover.facts)
    assert cover["Afdelinger"] == "Solhøj I og Solhøj II"
    assert cover["Periode"] == "1. april 2023 – 31. marts 2027"
    assert cover["Dato"] == "15. november 2026"
    assert cover["Status"] == "Til godkendelse"
    assert not solhoej.cover.is_draft
    props = solhoej.properties
    assert (props.title, props.subject, props.author) == (
        "Forankringsstrategi for Helhedsplan Solhøj",
        "Helhedsplan Solhøj 2023–2027",
        "Mette Holm",
    )
    assert props.keywords == "Solhøj, Egeby Kommune"
    assert props.created == "2026-11-15" and props.language_tag == "da-DK"
    assert solhoej.header == "Solhøj · Forankringsstrategi for Helhedsplan Solhøj"


def test_default_title_and_draft(solhoej_data: dict[str, Any], labels: dict[str, Labels]) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["meta"]["titel"]
        data["meta"]["status"] = "udkast"

    case = case_from(solhoej_data, change)
    da, en = view_of(case, labels), view_of(case, labels, "en")
    assert da.cover.title == "Forankringsstrategi for Helhedsplan Solhøj 2023–2027"
    assert en.cover.title == "Anchoring strategy for Helhedsplan Solhøj 2023–2027"
    assert da.cover.is_draft and da.cover.status == "Udkast" and en.cover.status == "Draft"
    assert da.cover.subtitle == "Solhøj · Egeby Kommune"  # the title already names the indsats


# ------------------------------------------------------------------ 3-4. elements and tasks
def test_elements_and_tasks(solhoej: ReportView) -> None:
    assert [e.name for e in solhoej.elements] == ["Lektiecafé", "Familieklub", "Fritidsjobindsats"]
    assert [e.name for e in solhoej.phased_out] == ["Sommerlejr"]
    assert solhoej.phased_out[0].reason.startswith("For dyr")  # type: ignore[union-attr]
    assert solhoej.elements[0].results == (
        "45 faste deltagere i 2025",
        "Skolen melder om færre manglende afleveringer",
    )
    groups = [(g.title, [t.name for t in g.tasks]) for g in solhoej.task_groups]
    assert groups[0] == (
        "Lektiecafé",
        [
            "Afvikling af lektiecaféen",
            "Rekruttering og koordinering af frivillige lektiehjælpere",
            "Samarbejde med skolen om deltagere",
        ],
    )
    assert groups[1][0] == "Familieklub (forankres delvist)"
    first = solhoej.task_groups[0].tasks[0]
    assert first.resources == "6 timer/uge; lokaler: Beboerhuset"
    assert first.type == "Borgerrettede aktiviteter"
    assert first.priority == "ikke\u00a0angivet"  # prioritet left out: not shown as "Skal"
    money = solhoej.task_groups[1].tasks[0]
    assert money.resources == "40.000 kr./år"


# ------------------------------------------------------------------ 5. mapping matrix
def test_mapping_matrix(solhoej: ReportView, solhoej_data: dict[str, Any]) -> None:
    """One matrix per element (each fits a page), with the actors that have a mark in it."""
    matrix = solhoej.matrix
    assert matrix is not None and not matrix.wide  # no element has more than four tasks
    data = solhoej_data
    tasks = data["fase1"]["opgaver"]
    with_tasks = [e for e in data["fase1"]["hvad"] if any(t["element"] == e["id"] for t in tasks)]
    assert [part.title for part in matrix.parts] == [e["navn"] for e in with_tasks]
    actors = data["fase2"]["aktører"]
    for part, element in zip(matrix.parts, with_tasks, strict=True):
        own = {t["navn"]: t["id"] for t in tasks if t["element"] == element["id"]}
        assert set(part.columns) == set(own)
        marked = [a["navn"] for a in actors if set(a.get("opgaver", {})) & set(own.values())]
        assert [row.label for row in part.rows] == marked
        assert part.totals == tuple(
            sum(own[c] in a.get("opgaver", {}) for a in actors) for c in part.columns
        )
    lektiecafe = matrix.parts[0]
    rows = {
        row.label: dict(zip(lektiecafe.columns, row.cells, strict=True)) for row in lektiecafe.rows
    }
    assert rows["Solhøj Skole"]["Afvikling af lektiecaféen"] == "◐"
    assert matrix.unmarked == ""  # every actor of the example can take on some task


def test_an_element_with_many_tasks_is_split_and_shows_only_actors_with_marks(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        tasks = data["fase1"]["opgaver"]
        for i in range(14):
            tasks.append(
                {
                    "id": f"ekstra{i}",
                    "navn": f"Ekstra opgave {i}",
                    "element": "lektiecafe",
                    "opgavetype": "dokumentation",
                }
            )
        data["fase2"]["aktører"][0]["opgaver"]["ekstra13"] = "fuldt"

    case = case_from(solhoej_data, change)
    matrix = view_of(case, labels).matrix
    assert matrix is not None and matrix.wide
    lektiecafe = [p for p in matrix.parts if p.title == "Lektiecafé"]
    sizes = [len(part.columns) for part in lektiecafe]
    assert sum(sizes) == sum(t.element == "lektiecafe" for t in case.tasks)
    assert max(sizes) <= MATRIX_PART_MAX_COLUMNS and len(sizes) > 1
    assert [part.continued for part in lektiecafe] == [False] + [True] * (len(sizes) - 1)
    last = {row.label: row.cells for row in lektiecafe[-1].rows}
    assert list(last) == ["Solhøj Skole"] and last["Solhøj Skole"][-1] == "●"


def test_actor_mapped_to_no_task_is_named_under_the_matrices(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["fase2"]["aktører"].append(
            {
                "id": "ny",
                "navn": "Ny aktør uden opgaver",
                "type": "forening",
                "sektor": "civilsamfund",
                "placering": "lokal",
            }
        )

    matrix = view_of(case_from(solhoej_data, change), labels).matrix
    assert matrix is not None
    assert "Ny aktør uden opgaver" not in {row.label for p in matrix.parts for row in p.rows}
    assert matrix.unmarked == "Uden markeringer for nogen opgave: Ny aktør uden opgaver."
    english = view_of(case_from(solhoej_data, change), labels, "en").matrix
    assert english is not None
    assert english.unmarked == "With no mark for any task: Ny aktør uden opgaver."


@given(st.integers(0, 500), st.integers(1, 20))
def test_chunks_cover_every_column_in_balanced_parts(count: int, size: int) -> None:
    parts = _chunks(count, size)
    assert parts[0][0] == 0 and parts[-1][1] == count
    assert all(a[1] == b[0] for a, b in zip(parts, parts[1:], strict=False))
    lengths = [hi - lo for lo, hi in parts]
    assert max(lengths) <= max(size, count if count <= size else size)
    assert max(lengths) - min(lengths) <= 1


# ------------------------------------------------------------------ 6. analysis
def test_heat_levels_and_words(
    solhoej: ReportView, labels: dict[str, Labels], solhoej_data: dict[str, Any]
) -> None:
    heat = {row.actor: row for row in solhoej.heat}
    assert [c.level for c in heat["Solhøj Skole"].cells] == ["green", "yellow", "yellow", "yellow"]
    assert [(c.score, c.word) for c in heat["Fritidsklubben Solhøj"].cells][2] == (2, "svag")
    unknown = heat["Solhøj Frivilligforening"].cells[2]
    assert (unknown.score, unknown.word, unknown.level) == (None, "ukendt", "grey")
    assert heat["Egeby Jobcenter, ungeenheden"].conclusion == "Egnet med kapacitetsopbygning"
    assert solhoej.concepts == ("Forståelse", "Mening", "Evne", "Vilje")
    english = view_of(case_from(solhoej_data), labels, "en")
    assert english.heat[0].cells[0].word == "strong"
    assert english.concepts == ("Understanding", "Meaning", "Ability", "Willingness")


def test_grid(solhoej: ReportView) -> None:
    grid = solhoej.grid
    assert grid is not None

    def names(entries: tuple[GridEntry, ...]) -> tuple[str, ...]:
        return tuple(e.actor for e in entries)

    assert names(grid.ready) == ("Solhøj Skole",)
    assert names(grid.capacity) == ("Fritidsklubben Solhøj", "Afdelingsbestyrelsen Solhøj")
    assert names(grid.ownership) == ("Egeby Jobcenter, ungeenheden",)
    assert grid.not_now == ()
    assert names(grid.unknown) == ("Solhøj Frivilligforening",)
    assert grid.not_chosen == ()
    # forståelse and mening are 3–4 for every actor of the example: no notes
    assert all(not e.note for cell in (grid.ready, grid.capacity, grid.unknown) for e in cell)


def test_reasons_and_development_needs(solhoej: ReportView) -> None:
    analyses = {a.actor: a for a in solhoej.analyses}
    club = analyses["Fritidsklubben Solhøj"]
    assert [(n.concept, n.score) for n in club.notes] == [("Evne", "2 – svag")]
    assert club.notes[0].need == "Sidemandsoplæring i lektiecaféen."
    assert analyses["Solhøj Frivilligforening"].overall.startswith("Foreningen er ny")  # type: ignore[union-attr]


# ------------------------------------------------------------------ 7. anchoring
def test_anchorings_and_responsibility(solhoej: ReportView) -> None:
    first = solhoej.anchorings[0]
    assert first.title == "Lektiecafé: netværk"  # what is anchored, then the model
    assert solhoej.anchorings[1].title == "Lektiecafé: enkeltaktør"
    assert first.tasks == (
        "Afvikling af lektiecaféen",
        "Rekruttering og koordinering af frivillige lektiehjælpere",
    )
    assert (first.model, first.organisation_form, first.handover) == (
        "Netværk",
        "Samarbejdsaftale",
        "1. august 2026",
    )
    assert [(a.actor, a.role) for a in first.actors][0] == (
        "Fritidsklubben Solhøj",
        "Hovedansvarlig",
    )
    assert solhoej.anchorings[1].organisation_form is None
    matrix = solhoej.responsibility
    assert matrix is not None
    # Per element, each with the actors that have a role in its tasks: portrait pages.
    assert [(p.title, p.columns) for p in matrix.parts] == [
        ("Lektiecafé", ("Solhøj Skole", "Fritidsklubben Solhøj", "Solhøj Frivilligforening")),
        ("Familieklub", ("Afdelingsbestyrelsen Solhøj",)),
        ("Fritidsjobindsats", ("Egeby Jobcenter, ungeenheden",)),
    ]
    rows = {row.label: row.cells for row in matrix.parts[0].rows}
    assert rows["Afvikling af lektiecaféen"] == ("B", "H", "M")
    assert rows["Samarbejde med skolen om deltagere"] == ("H", "", "")
    assert not matrix.wide


def test_anchoring_facts_list_the_tasks_and_flag_only_a_network_without_a_form(
    solhoej: ReportView,
) -> None:
    facts = {f.label: f for f in solhoej.anchorings[0].facts}
    # Task names may hold commas ("Rekruttering, fastholdelse og ..."): one per line.
    assert facts["Opgaver"].items == solhoej.anchorings[0].tasks
    single = {f.label: f for f in solhoej.anchorings[1].facts}  # enkeltaktør, no form
    assert single["Model"].value == "Enkeltaktør"
    assert single["Organiseringsform"].value == "ikke angivet"
    assert not single["Organiseringsform"].alert  # a single actor needs no form (A306)


def test_network_without_a_form_is_flagged(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["fase3"]["forankring"][0]["organiseringsform"]

    view = view_of(case_from(solhoej_data, change), labels)
    facts = {f.label: f for f in view.anchorings[0].facts}
    assert facts["Organiseringsform"].alert


def test_mapping_count_is_red_only_for_a_task_to_be_anchored(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["fase1"]["opgaver"] += [
            {"id": "lejr", "navn": "Lejrtur", "element": "sommerlejr", "opgavetype": "aktivitet"},
            {"id": "lc-mad", "navn": "Mad", "element": "lektiecafe", "opgavetype": "aktivitet"},
        ]

    view = view_of(case_from(solhoej_data, change), labels)
    assert view.matrix is not None
    columns = {
        name: (total, alert)
        for part in view.matrix.parts
        for name, total, alert in zip(part.columns, part.totals, part.alerts, strict=True)
    }
    assert columns["Lejrtur"] == (0, False)  # phased out: nobody needs to take it on
    assert columns["Mad"] == (0, True)
    assert columns["Afvikling af lektiecaféen"] == (3, False)


def test_unresolved_tasks(solhoej_data: dict[str, Any], labels: dict[str, Labels]) -> None:
    def change(data: dict[str, Any]) -> None:
        data["fase3"]["forankring"].pop()  # fk-arrangementer: of an element forankres delvist
        data["fase1"]["opgaver"].append(
            {"id": "lejr", "navn": "Lejrtur", "element": "sommerlejr", "opgavetype": "aktivitet"}
        )  # phased out: not unresolved

    view = view_of(case_from(solhoej_data, change), labels)
    assert view.unresolved == ("Planlægning af familiearrangementer",)
    assert view.figures.tasks_unresolved == 1


# ------------------------------------------------------------------ 8. plan and timeline
def test_activities_sorted_with_late_flag(solhoej: ReportView) -> None:
    names = [(a.name[:22], a.start, a.late) for a in solhoej.activities]
    assert names == [
        ("Sidemandsoplæring af k", "5. jan. 2026", True),
        ("Samarbejdsaftale om le", "1. feb. 2026", True),
        ("Kursus for frivilligko", "1. mar. 2026", True),
        ("Arrangørkursus for afd", "1. maj 2026", True),
        ("Ledelsesmøde med jobce", "1. sep. 2026", False),
    ]
    first = solhoej.activities[0]
    assert (first.status, first.shade, first.type) == ("I gang", "red", "Sidemandsoplæring")
    assert first.actors == ("Fritidsklubben Solhøj",) and first.builds == ("Evne",)
    assert first.success == "To klubmedarbejdere afvikler caféen selvstændigt."
    assert solhoej.activities[-1].shade == "grey"


def test_sorting_ties_by_deadline_then_name(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["fase4"]["aktiviteter"] = [
            {"navn": "B", "start": "2026-01-01", "deadline": "2026-03-01", "status": "afsluttet"},
            {"navn": "A", "start": "2026-01-01", "deadline": "2026-03-01"},
            {"navn": "C", "start": "2026-01-01", "deadline": "2026-02-01"},
            {"navn": "Uden datoer"},
            {"navn": "D", "deadline": "2025-12-01"},
        ]

    view = view_of(case_from(solhoej_data, change), labels)
    assert [a.name for a in view.activities] == ["C", "A", "B", "D", "Uden datoer"]
    late = {a.name: a.late for a in view.activities}
    assert late == {"C": True, "A": True, "B": False, "D": True, "Uden datoer": False}
    assert view.timeline is not None and view.timeline.undated == ("Uden datoer",)


def test_timeline_in_months(solhoej: ReportView) -> None:
    timeline = solhoej.timeline
    assert timeline is not None and timeline.unit == "month"
    # From the first start (January 2026) to the end of the period (March 2027).
    assert len(timeline.columns) == 15 and timeline.columns[:3] == ("jan", "feb", "mar")
    assert [(y.label, y.span) for y in timeline.years] == [("2026", 12), ("2027", 3)]
    first = timeline.rows[0]  # 5 Jan – 30 Jun 2026, in progress and late
    assert [i for i, s in enumerate(first.shades) if s] == [0, 1, 2, 3, 4, 5]
    assert set(first.shades) == {"red", ""}
    on_time = timeline.rows[-1]  # September – November 2026, not late
    assert [i for i, s in enumerate(on_time.shades) if s] == [8, 9, 10]
    assert set(on_time.shades) == {"bar", ""}
    marks = {row.label: [i for i, s in enumerate(row.shades) if s] for row in timeline.marks}
    assert marks["Indsatsens afslutning"] == [14]
    # 1 August 2026: the club takes over the homework café, the school its coordination.
    assert marks["Overdragelse til Fritidsklubben Solhøj og Solhøj Skole"] == [7]
    assert len(timeline.marks) == 4  # three handover dates and the end of the period
    assert timeline.wide


def test_timeline_in_quarters_when_longer_than_18_months(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["meta"]["periode"]["slut"] = "2028-12-31"

    da = view_of(case_from(solhoej_data, change), labels)
    timeline = da.timeline
    assert timeline is not None and timeline.unit == "quarter"
    assert len(timeline.columns) == 12  # 2026 Q1 – 2028 Q4
    assert timeline.columns[:4] == ("K1", "K2", "K3", "K4")
    assert [(y.label, y.span) for y in timeline.years] == [("2026", 4), ("2027", 4), ("2028", 4)]
    assert [i for i, s in enumerate(timeline.rows[0].shades) if s] == [0, 1]
    en = view_of(case_from(solhoej_data, change), labels, "en").timeline
    assert en is not None and en.columns[0] == "Q1"


def test_timeline_exactly_18_months_stays_in_months(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["meta"]["periode"]["slut"] = "2027-06-30"  # January 2026 – June 2027

    timeline = view_of(case_from(solhoej_data, change), labels).timeline
    assert timeline is not None and timeline.unit == "month" and len(timeline.columns) == 18


# ------------------------------------------------------------------ 9-10
def test_warnings_become_report_sentences(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    case = case_from(solhoej_data)
    findings = run_checks(case, TODAY)
    assert findings
    view = view_of(case, labels, findings=findings)
    assert [w.code for w in view.warnings] == [f.code for f in findings]
    assert all(w.sentence and "{" not in w.sentence for w in view.warnings)
    hidden = view_of(case, labels, findings=findings, show_warnings=False)
    assert hidden.warnings == () and not hidden.show_warnings


def test_follow_up_steering_group_and_contact(solhoej: ReportView) -> None:
    assert [(f.label, f.value) for f in solhoej.follow_up] == [
        ("Forum", "Styregruppen"),
        ("Frekvens", "Hvert kvartal"),
        ("Næste møde", "10. december 2026"),
    ]
    assert [(m.name, m.role) for m in solhoej.steering_group][0] == ("Lars Bech", "Formand")
    contact = dict((f.label, f.value) for f in solhoej.contact)
    assert contact == {
        "Projektleder": "Mette Holm, Boligselskabet Egebo",
        "E-mail": "meho@egebo.example",
        "Telefon": "+45 20 30 40 50",
    }
    about = dict((f.label, f.value) for f in solhoej.about)
    assert about["Version"] == "1.0"
    assert "Sprog" not in about and "Format" not in about  # not a steering group's concern


def test_phases_not_worked_out(
    minimal_text: str, labels: dict[str, Labels], tmp_path: Path
) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text(minimal_text, encoding="utf-8")
    case = Case.model_validate(read_case(path).data)
    view = view_of(case, labels, today=dt.date(2026, 1, 1))
    assert view.phase2 and view.phase3 and not view.phase4
    assert view.activities == () and view.timeline is None and view.follow_up == ()
    assert view.figures.activities == 0
    figures = dict((row.label, row.value) for row in view.figures.rows)
    assert figures["Aktiviteter i planen"] == "0 (fase 4 er ikke udarbejdet)"
    assert figures["Forsinkede aktiviteter"] == "0 (fase 4 er ikke udarbejdet)"


KEY_FIGURES = {
    "da": [
        "Elementer, der forankres",
        "Elementer, der udfases",
        "Opgaver",
        "Aktører kortlagt / analyseret",
        "Konklusion på analyserne",
        "Opgaver med valgt forankring",
        "Opgaver uden valgt forankring",
        "Aktiviteter i planen",
        "Forsinkede aktiviteter",
    ],
    "en": [
        "Elements to be anchored",
        "Elements to be phased out",
        "Tasks",
        "Actors mapped / analysed",
        "Conclusions of the analyses",
        "Tasks with a chosen anchoring",
        "Tasks without a chosen anchoring",
        "Activities in the plan",
        "Overdue activities",
    ],
}


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_key_figure_has_a_row_when_phases_are_not_worked_out(
    labels: dict[str, Labels], language: str
) -> None:
    case = Case.model_validate(read_case(REPO / "cases" / "havebyen-udkast.yaml").data)
    assert case.phase3 is None and case.phase4 is None
    view = view_of(case, labels, language)
    rows = {row.label: row for row in view.figures.rows}
    assert list(rows) == KEY_FIGURES[language]
    pending = {
        "da": "{value} (fase {n} er ikke udarbejdet)",
        "en": "{value} (phase {n} not worked out yet)",
    }[language]
    labels_of = dict(zip(KEY_FIGURES["da"], KEY_FIGURES[language], strict=True))
    for label, phase in (
        ("Konklusion på analyserne", 3),
        ("Opgaver med valgt forankring", 3),
        ("Aktiviteter i planen", 4),
        ("Forsinkede aktiviteter", 4),
    ):  # nothing chosen or planned yet: a count of 0, and why
        assert rows[labels_of[label]].value == pending.format(value=0, n=phase)
        assert not rows[labels_of[label]].alert
    # Mapped but not analysed: the analysed count is 0 because fase3 is missing.
    mapped = f"{len(case.actors)} / 0"
    assert rows[labels_of["Aktører kortlagt / analyseret"]].value == pending.format(
        value=mapped, n=3
    )
    # Computable without fase3: no task has a chosen anchoring yet, so every task of an
    # element to be anchored is without one (and the two rows add up).
    anchored = {e.id for e in case.elements if e.anchored in ("ja", "delvist")}
    open_tasks = sum(1 for t in case.tasks if t.element in anchored)
    assert rows[labels_of["Opgaver uden valgt forankring"]].value == str(open_tasks) != "0"
    assert not any(row.value.startswith("–") for row in rows.values())


@pytest.mark.parametrize("language", ["da", "en"])
def test_key_figures_of_a_case_with_only_fase1(
    minimal_text: str, labels: dict[str, Labels], tmp_path: Path, language: str
) -> None:
    path = tmp_path / "fase1.yaml"
    path.write_text(minimal_text.split("fase2:")[0], encoding="utf-8")
    case = Case.model_validate(read_case(path).data)
    assert case.phase2 is None and case.phase3 is None and case.phase4 is None
    view = view_of(case, labels, language)
    values = [row.value for row in view.figures.rows]
    why = {
        "da": "{value} (fase {n} er ikke udarbejdet)",
        "en": "{value} (phase {n} not worked out yet)",
    }[language]
    # MINIMAL leaves forankres out: its one element is not decided on yet.
    undecided = {
        "da": "Elementer uden beslutning om forankring",
        "en": "Elements not yet decided on",
    }
    assert [(row.label, row.value, row.alert) for row in view.figures.rows[:3]] == [
        (view.figures.rows[0].label, "0", False),
        (view.figures.rows[1].label, "0", False),
        (undecided[language], "1", True),
    ]
    assert values[4:] == [
        why.format(value="0 / 0", n=2),
        why.format(value=0, n=3),
        why.format(value=0, n=3),
        "1",  # the one task, of an element to be anchored, has no chosen anchoring
        why.format(value=0, n=4),
        why.format(value=0, n=4),
    ]
    assert not any(row.alert for row in view.figures.rows[3:])


def test_every_key_figure_has_a_row_in_a_full_case(solhoej: ReportView) -> None:
    assert [row.label for row in solhoej.figures.rows] == KEY_FIGURES["da"]


# ------------------------------------------------------------------ dates and numbers
def test_dates_and_numbers_per_language(labels: dict[str, Labels]) -> None:
    da, en = labels["da"], labels["en"]
    day = dt.date(2026, 11, 15)
    assert da.date(day) == "15. november 2026" and en.date(day) == "15 November 2026"
    assert da.date(dt.date(2026, 6, 30), short=True) == "30. jun. 2026"
    assert da.date(dt.date(2026, 5, 1), short=True) == "1. maj 2026"
    assert en.date(dt.date(2026, 6, 30), short=True) == "30 Jun 2026"
    assert (da.number(40000), en.number(40000)) == ("40.000", "40,000")
    assert (da.number(2.5), en.number(2.5), da.number(6.0)) == ("2,5", "2.5", "6")
    assert da.join(["A", "B", "C"]) == "A, B og C" and en.join(["A", "B"]) == "A and B"


def test_english_keeps_the_case_text(
    solhoej_data: dict[str, Any], labels: dict[str, Labels]
) -> None:
    view = view_of(case_from(solhoej_data), labels, "en")
    assert view.why.startswith("Helhedsplanen udløber")  # the user's text, untranslated
    assert view.elements[0].type == "Activity" and view.elements[0].anchored == "Yes"
    assert view.task_groups[0].tasks[0].resources == "6 hours/week; premises: Beboerhuset"


@pytest.mark.parametrize("first", [None, dt.date(2026, 12, 1)])
def test_an_unanalysed_actor_is_to_be_analysed_before_its_earliest_handover(
    solhoej_data: dict[str, Any], labels: dict[str, Labels], first: dt.date | None
) -> None:
    """Solhøj Skole is in two anchorings: the point for decision names the earlier handover
    that has a date, whichever anchoring comes first."""

    def change(data: dict[str, Any]) -> None:
        data["fase3"]["analyser"] = [a for a in data["fase3"]["analyser"] if a["aktør"] != "skolen"]
        anchorings = data["fase3"]["forankring"]
        anchorings[0]["overdragelse"] = first
        anchorings[1]["overdragelse"] = dt.date(2026, 9, 1)

    decisions = view_of(case_from(solhoej_data, change), labels).decisions
    assert "Få Solhøj Skole analyseret inden overdragelsen 1. september 2026." in decisions

"""The capacity building per actor, the risk matrix and the risk list as a reader gets them:
in the .docx (shaded cells, red words, header rows that repeat), in the HTML, and on the
PDF's pages as LibreOffice lays them out."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import docx.document
import pytest

from forankring_docs.case.model import Case
from forankring_docs.pipeline import Renderer
from tests.report.test_plan_and_given import ENGPARKEN, data_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RED, YELLOW, GREEN, GREY = "F4C7C3", "FFF2CC", "D9EAD3", "E7E6E6"
RED_TEXT = "C00000"
CAPACITY_HEADER = ["Begreb", "Score", "Opbygges af", "Frist", "Status"]
has_pdf_tools = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext"),
    reason="needs LibreOffice (soffice) and poppler (pdftotext)",
)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer.for_template(None)


@pytest.fixture(scope="module")
def engparken(renderer: Renderer) -> dict[str, bytes]:
    case = Case.model_validate(data_of(ENGPARKEN))
    return dict(renderer.render(case, formats=("docx", "html"), findings=()))


def table_with_header(document: docx.document.Document, header: list[str]) -> Any:
    return next(
        table
        for table in document.tables
        if [cell.text for cell in table.rows[0].cells][: len(header)] == header
    )


def fill(cell: Any) -> str | None:
    shading = cell._tc.find(f"{W}tcPr/{W}shd")
    return None if shading is None else shading.get(f"{W}fill")


def red_words(cell: Any) -> list[str]:
    return [
        run.text
        for paragraph in cell.paragraphs
        for run in paragraph.runs
        if run.font.color is not None and str(run.font.color.rgb) == RED_TEXT
    ]


def test_phase_4_opens_with_the_capacity_building_per_actor(engparken: dict[str, bytes]) -> None:
    document = docx.Document(io.BytesIO(engparken["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    at = headings.index("Fase 4 · Forankringsplan")
    assert headings[at + 1] == "Kapacitetsopbygning pr. aktør"
    assert headings[at + 2] == "Aktiviteter"


def test_a_concept_nothing_builds_and_a_deadline_after_the_handover_are_red_in_words_too(
    engparken: dict[str, bytes],
) -> None:
    document = docx.Document(io.BytesIO(engparken["docx"]))
    table = table_with_header(document, CAPACITY_HEADER)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    groups = [texts[0] for texts in rows if len(set(texts)) == 1]  # a group row spans them
    assert groups == [
        "Beboerforeningen Engen · overdragelse 1. mar. 2027",
        "Engparken Skole · overdragelse 15. jan. 2027",
        "Fritidsklubben Engen · overdragelse 15. jan. 2027",
    ]
    by_text: dict[tuple[str, ...], Any] = {}  # the first row of each concept and score
    for texts, row in zip(rows, table.rows, strict=True):
        by_text.setdefault(tuple(texts[:2]), row)
    unbuilt = by_text["Vilje", "ukendt"].cells
    assert unbuilt[2].text == "intet bygger det" and red_words(unbuilt[2]) == ["intet bygger det"]
    assert (fill(unbuilt[1]), fill(unbuilt[2])) == (GREY, RED)
    late = by_text["Evne", "2 (svag)"].cells
    assert late[3].text.split() == ["30.", "apr.", "2027", "efter", "overdragelsen"]
    assert red_words(late[3]) == ["efter overdragelsen"] and fill(late[3]) == RED
    assert fill(late[4]) != RED  # i gang, not late
    on_time = next(row.cells for row in table.rows if row.cells[2].text.startswith("Introduk"))
    assert fill(on_time[3]) is None and red_words(on_time[3]) == []
    # The header row repeats and no row breaks across pages.
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(row._tr.find(f"{W}trPr/{W}cantSplit") is not None for row in table.rows)


def test_the_risk_matrix_is_three_by_three_with_shaded_cells_holding_the_numbers(
    engparken: dict[str, bytes],
) -> None:
    document = docx.Document(io.BytesIO(engparken["docx"]))
    matrix = next(t for t in document.tables if t.rows[0].cells[-1].text == "Konsekvens")
    assert [cell.text for cell in matrix.rows[1].cells] == ["Sandsynlighed", "Lav", "Middel", "Høj"]
    body = [[(cell.text, fill(cell)) for cell in row.cells] for row in matrix.rows[2:]]
    assert body == [
        [("Høj", body[0][0][1]), ("", YELLOW), ("", RED), ("1", RED)],
        [("Middel", body[1][0][1]), ("", GREEN), ("", YELLOW), ("2", RED)],
        [("Lav", body[2][0][1]), ("", GREEN), ("3", GREEN), ("", YELLOW)],
    ]
    assert all(row._tr.find(f"{W}trPr/{W}tblHeader") is not None for row in matrix.rows[:2])

    risks = table_with_header(document, ["Nr.", "Risiko"])
    numbers = [(row.cells[0].text, fill(row.cells[0])) for row in risks.rows[1:]]
    assert numbers == [("1", RED), ("2", RED), ("3", GREEN), ("4", None), ("5", None)]
    assert [cell.text for cell in risks.rows[0].cells] == [
        "Nr.",
        "Risiko",
        "Sandsynlighed / konsekvens",
        "Håndtering",
        "Ejer",
        "Angår",
    ]
    assert [cell.text for cell in risks.rows[2].cells][2:] == [
        "Middel / høj",
        "Kurset gentages for nye medlemmer",
        "Anne Berg",
        "Beboerforeningen Engen\nDrift af caféen",  # one line each
    ]
    assert risks.rows[4].cells[2].text == "ikke\u00a0angivet / middel"
    assert risks.rows[5].cells[2].text == "ikke\u00a0angivet"  # neither is given


def test_the_html_shades_the_same_cells(engparken: dict[str, bytes]) -> None:
    html = engparken["html"].decode()
    matrix = html[html.index("Risikomatrix") : html.index("Nr.</p>")]
    assert matrix.count(f"background-color:#{RED}") == 3
    assert matrix.count(f"background-color:#{YELLOW}") == 3
    assert matrix.count(f"background-color:#{GREEN}") == 3
    start = html.index("Kapacitetsopbygning pr. aktør</h2>")
    capacity = html[start : html.index("</table>", start)]
    assert capacity.count("intet bygger det") == 2 and capacity.count("efter overdragelsen") == 1


@has_pdf_tools
def test_on_the_pdf_pages_the_matrix_and_the_capacity_table_read_in_order(
    renderer: Renderer, tmp_path: Path
) -> None:
    case = Case.model_validate(data_of(ENGPARKEN))
    pdf = renderer.render(case, formats=("pdf",), findings=())["pdf"]
    path = tmp_path / "engparken.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    pages = text.split("\f")
    risks = next(page for page in pages if "Risikomatrix" in page)
    lines = [line.split() for line in risks.splitlines()]
    # The matrix's rows, high likelihood first, each with its numbers, on one page with
    # its legend and the list.
    assert ["Høj", "1"] in lines and ["Middel", "2"] in lines and ["Lav", "3"] in lines
    assert "Grøn: lav risiko" in risks and "Mentorerne mister" in risks
    plan = next(page for page in pages if "Opbygges af" in page)  # not the contents
    assert plan.index("Beboerforeningen Engen · overdragelse") < plan.index("intet bygger det")
    assert "efter overdragelsen" in plan

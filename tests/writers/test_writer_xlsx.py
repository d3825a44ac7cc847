"""The overview as an Excel workbook: read back with openpyxl, and opened in LibreOffice Calc."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from forankring_docs.analysis.portfolio import Portfolio, build_portfolio
from forankring_docs.document.vocabulary import SHADE_PALETTE
from forankring_docs.pipeline import render_overview
from tests.conftest import MINIMAL, run_cli

AS_OF = dt.date(2027, 9, 1)
OVERDUE = """\
fase4:
  aktiviteter:
    - navn: Aftale
      ansvarlig: Projektleder
      succeskriterium: Underskrevet
      deadline: 2027-06-01
      status: i_gang
"""


def portfolio(tmp_path: Path) -> Portfolio:
    """Three areas: one red (an overdue activity, the period ending within six months), one
    whose name is a would-be formula, one invalid."""
    red = tmp_path / "rød.yaml"
    red.write_text(MINIMAL + OVERDUE, encoding="utf-8")
    formula = tmp_path / "formel.yaml"
    formula.write_text(
        MINIMAL.replace("boligområde: Testby", "boligområde: '=1+2 Østerbo'").replace(
            "slut: 2027-12-31", "slut: 2031-01-31"
        ),
        encoding="utf-8",
    )
    broken = tmp_path / "brudt.yaml"
    broken.write_text(MINIMAL.replace("type: kommune", "type: komune"), encoding="utf-8")
    return build_portfolio([red, formula, broken], AS_OF)


def workbook(tmp_path: Path, language: str = "da") -> Path:
    path = tmp_path / f"oversigt-{language}.xlsx"
    path.write_bytes(render_overview(portfolio(tmp_path), "xlsx", language=language))
    return path


def by_heading(sheet: Worksheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_a_sheet_per_table_with_the_header_frozen_and_filtered(tmp_path: Path) -> None:
    book = load_workbook(workbook(tmp_path))
    assert book.sheetnames == ["Overblik", "Opmærksomhedspunkter"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
        assert all(cell.font.bold for cell in sheet[1])


def test_numbers_are_numbers_dates_are_dates_and_the_light_is_a_fill(tmp_path: Path) -> None:
    sheet = load_workbook(workbook(tmp_path))["Overblik"]
    rows = by_heading(sheet)
    red = next(row for row in rows if row["Boligområde"] == "Testby")
    assert red["Periode slutter"] == dt.datetime(2027, 12, 31)
    assert red["Opgjort pr."] == dt.datetime(2027, 9, 1)
    assert red["Aktiviteter forsinket"] == 1 and red["Aktiviteter i alt"] == 1
    assert isinstance(red["Opgaver forankret"], int)
    assert red["Lys"] == "Rød"
    headings = [cell.value for cell in sheet[1]]
    for cell in sheet[2 + rows.index(red)]:
        heading = headings[cell.column - 1]
        if heading in ("Periode slutter", "Opgjort pr."):
            assert cell.is_date and cell.number_format == "dd-mm-yyyy"
        if heading == "Lys":
            assert cell.fill.fgColor.rgb[-6:] == SHADE_PALETTE["red"]
        elif cell.fill.fill_type is not None:
            pytest.fail(f"{heading} is filled")


def test_an_invalid_case_has_its_error_and_no_figures(tmp_path: Path) -> None:
    rows = by_heading(load_workbook(workbook(tmp_path))["Overblik"])
    broken = rows[-1]
    assert broken["Indsats"] == "Ugyldig sagsfil"
    assert "komune" in str(broken["Fejl"])
    assert broken["Opgaver uafklaret"] is None and broken["Opmærksomhedspunkter"] is None


def test_case_text_is_never_a_formula(tmp_path: Path) -> None:
    sheet = load_workbook(workbook(tmp_path))["Overblik"]
    cell = next(c for c in sheet["B"] if str(c.value).startswith("="))
    assert cell.value == "=1+2 Østerbo" and cell.data_type == "s"


def test_columns_are_wide_enough_for_what_they_hold(tmp_path: Path) -> None:
    book = load_workbook(workbook(tmp_path))
    for sheet in book.worksheets:
        for column in sheet.iter_cols():
            letter = column[0].column_letter
            width = sheet.column_dimensions[letter].width
            longest = max(10 if cell.is_date else len(str(cell.value or "")) for cell in column)
            assert width >= min(longest, 60), (sheet.title, letter, width, longest)
            assert width <= 61
        for row in sheet.iter_rows(min_row=2):
            longest = max(len(str(cell.value or "")) for cell in row)
            if longest > 60:  # wrapped: the row is high enough for its lines
                assert row[0].alignment.vertical == "top"
                height = sheet.row_dimensions[row[0].row].height
                assert height is not None and height >= 15 * -(-longest // 60)


def test_every_warning_is_listed_once_in_the_language_asked_for(tmp_path: Path) -> None:
    made = portfolio(tmp_path)
    for language, name, heading in (
        ("da", "Opmærksomhedspunkter", "Kode"),
        ("en", "Points of attention", "Code"),
    ):
        path = tmp_path / f"{language}.xlsx"
        path.write_bytes(render_overview(made, "xlsx", language=language))
        rows = by_heading(load_workbook(path)[name])
        assert sorted(str(row[heading]) for row in rows) == sorted(
            f.code for case in made.rows for f in case.findings
        )
    assert load_workbook(tmp_path / "en.xlsx").sheetnames[0] == "Overview"


def test_the_cli_writes_the_workbook_counted_as_of_the_date_given(tmp_path: Path) -> None:
    out = tmp_path / "o.xlsx"
    code, _, err = run_cli(
        tmp_path, MINIMAL + OVERDUE, "overview", "-o", str(out), "--as-of", "2027-05-01"
    )
    assert code == 0, err
    rows = by_heading(load_workbook(tmp_path / "o.xlsx")["Overblik"])
    # 2027-05-01: 'Aftale' (due 2027-06-01) is not overdue yet.
    assert rows[0]["Aktiviteter forsinket"] == 0
    assert rows[0]["Opgjort pr."] == dt.datetime(2027, 5, 1)


def soffice_csv(book: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``book`` as LibreOffice Calc shows it, as CSV rows by sheet name."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("needs LibreOffice (soffice)")
    # Comma, double quotes, UTF-8, from line 1; cells as shown (dates in their format); all
    # sheets, one file each.
    options = "44,34,76,1,,0,false,true,true,false,false,-1"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    files = sorted(out.glob(f"{book.stem}-*.csv"))
    if not files and "no export filter" in (result.stdout + result.stderr).lower():
        pytest.skip("needs LibreOffice Calc (apt-get install libreoffice-calc-nogui)")
    assert files, result.stdout + result.stderr
    return {
        f.stem.removeprefix(book.stem + "-"): list(csv.reader(f.open(encoding="utf-8")))
        for f in files
    }


def test_libreoffice_calc_opens_it_as_written(tmp_path: Path) -> None:
    made = portfolio(tmp_path)
    book = tmp_path / "oversigt.xlsx"
    book.write_bytes(render_overview(made, "xlsx", language="da"))
    sheets = soffice_csv(book, tmp_path / "calc")
    assert set(sheets) == {"Overblik", "Opmærksomhedspunkter"}
    table = sheets["Overblik"]
    assert table[0][:6] == ["Lys", "Boligområde", "Indsats", "Sagsfil", "Periode slutter", "Status"]
    assert len(table) == 1 + len(made.rows)
    for shown, row in zip(table[1:], made.rows, strict=True):
        cells = dict(zip(table[0], shown, strict=True))
        assert cells["Boligområde"] == row.area  # '=1+2 Østerbo' too: text, not 3
        assert cells["Opgjort pr."] == "01-09-2027"
        if row.valid:
            assert cells["Periode slutter"] == row.period_end.strftime("%d-%m-%Y")
            assert cells["Aktiviteter forsinket"] == str(row.activities_overdue)
            assert cells["Opmærksomhedspunkter"] == str(row.warnings)
        else:
            assert cells["Opmærksomhedspunkter"] == "" and "komune" in cells["Fejl"]
    warnings = sheets["Opmærksomhedspunkter"]
    assert len(warnings) == 1 + sum(len(row.findings) for row in made.rows)

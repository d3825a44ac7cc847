"""Batch rendering and the portfolio overview through the command line."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from forankring_docs.cli import main
from tests.conftest import MINIMAL, SOLHOEJ


def make_cases(folder: Path) -> None:
    (folder / "nord").mkdir(parents=True)
    (folder / "nord" / "alpha.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "beta.yaml").write_text(MINIMAL.replace("Testby", "Betaby"), encoding="utf-8")
    (folder / "broken.yaml").write_text(
        MINIMAL.replace("type: kommune", "type: komune"), encoding="utf-8"
    )
    (folder / "gamma.yml").write_text(MINIMAL.replace("Testby", "Gammaby"), encoding="utf-8")


def test_batch_renders_every_valid_case_and_lists_the_failures(tmp_path: Path) -> None:
    cases, out = tmp_path / "cases", tmp_path / "out"
    make_cases(cases)
    result = CliRunner().invoke(main, ["render", str(cases), "-o", str(out), "-j", "2"])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["alpha.docx", "beta.docx", "gamma.docx"]
    assert f"{cases / 'broken.yaml'}:20:13: error" in result.stderr
    assert "1 of 4 cases could not be rendered" in result.stderr
    assert "4 files, 1 invalid, 1 error" in result.stderr
    assert "3 documents written" in result.stderr
    assert "Betaby" in docx.Document(str(out / "beta.docx")).core_properties.keywords


def test_sequential_and_pool_give_the_same_documents(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    make_cases(cases)
    (cases / "broken.yaml").unlink()
    runner = CliRunner()
    for jobs in ("1", "2"):
        result = runner.invoke(main, ["render", str(cases), "-o", str(tmp_path / jobs), "-j", jobs])
        assert result.exit_code == 0, result.stderr
    for name in ("alpha.docx", "beta.docx", "gamma.docx"):
        assert (tmp_path / "1" / name).read_bytes() == (tmp_path / "2" / name).read_bytes()


def test_progress_is_one_line_per_case_and_quiet_prints_only_the_summary(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    make_cases(cases)
    (cases / "broken.yaml").unlink()
    loud = CliRunner().invoke(main, ["render", str(cases), "-o", str(tmp_path / "a"), "-j", "1"])
    assert sum("→" in line for line in loud.stderr.splitlines()) == 3
    # the warnings are said as check says them (the report has them too): per case A301 on
    # the unanalysed Foreningen, A303 on its choice, A310 on the network without koordinering
    assert (
        sum(
            re.search(r": warning: .* \[A\d{3}\]$", line) is not None
            for line in loud.stderr.splitlines()
        )
        == 9
    )
    quiet = CliRunner().invoke(main, ["render", str(cases), "-o", str(tmp_path / "b"), "-q"])
    assert quiet.stderr.strip().splitlines() == [
        "3 files, 0 errors, 9 warnings, 3 documents written"
    ]


def test_the_summary_counts_a_render_that_failed_as_an_error(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    make_cases(cases)
    (cases / "broken.yaml").unlink()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "beta.docx").mkdir()  # a folder where beta's report should go
    result = CliRunner().invoke(main, ["render", str(cases), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 1
    assert "beta.yaml: error: cannot write" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "3 files, 1 error, 9 warnings, 2 documents written"
    )


def test_a_broken_template_is_one_error_and_no_case_is_rendered(tmp_path: Path) -> None:
    cases, look = tmp_path / "cases", tmp_path / "look"
    make_cases(cases)
    (cases / "broken.yaml").unlink()
    look.mkdir()
    (look / "styles.docx").write_bytes(b"not a Word document")
    result = CliRunner().invoke(
        main, ["render", str(cases), "-o", str(tmp_path / "out"), "--template", str(look), "-q"]
    )
    assert result.exit_code == 1
    assert "styles.docx" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "3 files, 1 error, 0 warnings, 0 documents written"
    )
    assert not list((tmp_path / "out").iterdir())


def test_name_collision_is_an_error_before_anything_is_written(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "same.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b" / "same.yaml").write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "would both write same.*" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_overview_lists_every_case_with_invalid_ones_marked(tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    make_cases(cases)
    target = tmp_path / "oversigt.docx"
    result = CliRunner().invoke(main, ["overview", str(cases), "-o", str(target)])
    assert result.exit_code == 1  # one case is invalid; the overview is written all the same
    document = docx.Document(str(target))
    table = document.tables[0]
    areas = [row.cells[1].text for row in table.rows[1:]]
    assert sorted(areas[:3]) == ["Betaby", "Gammaby", "Testby"]
    assert areas[3] == "broken"  # invalid cases come last, named by their file
    assert "Ugyldig sagsfil" in table.rows[4].cells[2].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "'komune' is not a valid actor type" in text
    assert "Porteføljeoverblik" in text


def test_overview_csv_and_english(tmp_path: Path) -> None:
    case = tmp_path / "by.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    target = tmp_path / "overview.html"
    result = CliRunner().invoke(
        main, ["overview", str(case), "-o", str(target), "--language", "en"]
    )
    assert result.exit_code == 0, result.stderr
    html = target.read_text(encoding="utf-8")
    assert "Portfolio overview" in html and "Testby" in html
    bad = CliRunner().invoke(main, ["overview", str(case), "-o", str(tmp_path / "x.xls")])
    assert bad.exit_code == 2
    assert "must end in .docx, .html, .csv, .xlsx" in bad.stderr


def test_overview_warnings_quote_names_as_the_report_does(tmp_path: Path) -> None:
    solhoej = SOLHOEJ
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "solhoej.yaml").write_text(solhoej.read_text(encoding="utf-8"), encoding="utf-8")
    for language, quoted in (
        ("da", "»Planlægning af familiearrangementer«"),
        ("en", "“Planlægning af familiearrangementer”"),
    ):
        target = tmp_path / f"overview-{language}.html"
        result = CliRunner().invoke(
            main, ["overview", str(cases), "-o", str(target), "--language", language]
        )
        assert result.exit_code == 0, result.stderr
        assert quoted in target.read_text(encoding="utf-8")


def test_without_libreoffice_the_other_formats_are_written_and_it_is_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forankring_docs.writers import pdf as rendering

    monkeypatch.setattr(rendering, "soffice_path", lambda: None)
    cases, out = tmp_path / "cases", tmp_path / "out"
    make_cases(cases)
    (cases / "broken.yaml").unlink()
    result = CliRunner().invoke(
        main, ["render", str(cases), "-o", str(out), "-f", "pdf", "-f", "docx", "-q"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("PDF needs LibreOffice") == 1
    assert "no PDF is made; the other formats are written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alpha.docx", "beta.docx", "gamma.docx"]
    assert result.stderr.strip().splitlines()[-1] == (
        "3 files, 1 error, 9 warnings, 3 documents written"
    )
    only_pdf = CliRunner().invoke(
        main, ["render", str(cases), "-o", str(tmp_path / "o2"), "-f", "pdf"]
    )
    assert only_pdf.exit_code == 1 and not (tmp_path / "o2").exists()


def test_a_failed_pdf_conversion_keeps_the_other_formats(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from forankring_docs.writers import pdf as rendering

    def fail(docx_bytes: bytes, with_pages: object) -> rendering.Paginated:
        raise rendering.PdfUnavailable("LibreOffice could not convert the report to PDF: crash")

    monkeypatch.setattr(rendering, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(rendering, "paginated_pdf", fail)
    case = tmp_path / "alpha.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["render", str(case), "-o", str(out), "-f", "pdf", "-f", "docx", "-f", "html", "-q"]
    )
    assert result.exit_code == 1
    assert f"{case}: error: LibreOffice could not convert the report to PDF" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["alpha.docx", "alpha.html"]
    assert result.stderr.strip().splitlines()[-1] == (
        "1 file, 1 error, 3 warnings, 2 documents written"
    )

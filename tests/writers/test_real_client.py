"""A real client opens the reports: LibreOffice converts every example case's .docx to PDF
(all in one run), and the PDF's text has the section headings and every actor's name."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from forankring_docs.case.validation import load_case
from forankring_docs.pipeline import Renderer
from forankring_docs.writers.pdf import convert_to_pdf
from tests.conftest import EXAMPLES

REPO = Path(__file__).resolve().parents[2]
CASE_FILES = sorted((REPO / "cases").glob("*.yaml")) + sorted(EXAMPLES.glob("*.yaml"))

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext"),
    reason="needs LibreOffice (soffice) and poppler (pdftotext)",
)


def squeezed(text: str) -> str:
    """Text without whitespace: a name wrapped over lines in a narrow cell still matches."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("real-client")
    renderer = Renderer.for_template(None)
    sources = []
    for path in CASE_FILES:
        target = folder / f"{path.stem}.docx"
        target.write_bytes(renderer.render(load_case(path), formats=("docx",))["docx"])
        sources.append(target)
    texts = {}
    for pdf in convert_to_pdf(sources, folder / "pdf"):  # one LibreOffice run for all
        result = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        texts[pdf.stem] = result.stdout
    return texts


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_pdf_has_the_headings_and_every_actor(path: Path, pdf_texts: dict[str, str]) -> None:
    case = load_case(path).case
    renderer = Renderer.for_template(None)
    labels = renderer.labels(case.meta.language)
    text = squeezed(pdf_texts[path.stem])
    headings = labels.get("headings")
    keys = ["summary", "strategy", "decisions", "method", "phase1", "why", "what", "tasks"]
    keys += ["mapping", "analysis", "plan", "risks", "follow_up"]
    if case.anchorings:  # "Den valgte forankring" once something is chosen
        keys.append("model")
    for key in keys:
        assert squeezed(headings[key]) in text, headings[key]
    for actor in case.actors:
        assert squeezed(actor.name) in text, actor.name
    assert squeezed(case.meta.area) in text
    if case.meta.status == "udkast":
        assert labels.text("draft") in text


def test_render_pdf_from_the_command_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from forankring_docs.cli import main

    case = REPO / "cases" / "havebyen-udkast.yaml"
    result = CliRunner().invoke(
        main, ["render", str(case), "-o", str(tmp_path), "-f", "pdf", "-f", "docx"]
    )
    assert result.exit_code == 0, result.stderr
    pdf = tmp_path / "havebyen-udkast.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "UDKAST" in text and "Havebyen" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "havebyen-udkast.docx",
        "havebyen-udkast.pdf",
    ]
    # no instruction to the reader: the contents have page numbers in the PDF, and Word
    # numbers them in the .docx when it opens it
    assert "Opdater felt" not in text
    document = docx.Document(str(tmp_path / "havebyen-udkast.docx"))
    assert not any("Opdater felt" in p.text for p in document.paragraphs)

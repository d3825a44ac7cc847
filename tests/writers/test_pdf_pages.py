"""The PDF's pages, as LibreOffice makes them: the contents with the page each heading is
really on, no instruction to the reader, the styles' fonts (or their metric twins) and a
warning when LibreOffice substituted one, hyphenated words in narrow columns, and a cover
title that keeps its year with the word before it."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from forankring_docs.case.validation import load_case
from forankring_docs.cli import main
from forankring_docs.document.model import Cell, Document, Paragraph, Row, Table, Text
from forankring_docs.pipeline import Renderer
from forankring_docs.writers.docx.fonts import fonts_asked_for
from forankring_docs.writers.pdf import METRIC_TWINS, convert_to_pdf
from forankring_docs.writers.pdf_reading import read_pdf_facts
from tests.conftest import CASES, MINIMAL, SOLHOEJ

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftotext"),
    reason="needs LibreOffice (soffice) and poppler (pdftotext)",
)
STYLES = Path(__file__).resolve().parents[2] / "templates" / "default" / "styles.docx"
INSTRUCTIONS = ("Opdater felt", "Update Field", "højreklik", "right-click")


def pdf_pages(pdf: bytes, tmp_path: Path, *, layout: bool = False) -> list[str]:
    """The text of each page (form feeds separate them in pdftotext's output)."""
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    options = ["-layout"] if layout else []
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    return text.split("\f")[:-1]


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u2060", "").split())


@pytest.fixture(scope="module")
def solhoej(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    renderer = Renderer.for_template(None)
    outputs = renderer.render(load_case(SOLHOEJ), formats=("docx", "pdf"))
    assert outputs.warnings == []  # the fonts are there (or their twins)
    return dict(outputs)


def test_the_contents_list_each_heading_with_the_page_it_is_on(
    solhoej: dict[str, bytes], tmp_path: Path
) -> None:
    pages = pdf_pages(solhoej["pdf"], tmp_path, layout=True)
    entry = re.compile(r"^\s*(\S.*?)\s*\.{3,}\s*(\d+)\s*$")
    entries = [
        (found[1], int(found[2]))
        for line in pages[1].splitlines()  # page 2: the contents
        if (found := entry.match(line))
    ]
    assert len(entries) >= 20
    lines_of = [{plain(line) for line in page.splitlines()} for page in pages]
    for title, page in entries:
        assert 2 < page <= len(pages), (title, page)
        assert plain(title) in lines_of[page - 1], f"{title!r} is not on page {page}"


def test_the_docx_made_with_the_pdf_has_the_same_page_numbers(solhoej: dict[str, bytes]) -> None:
    xml = zipfile.ZipFile(io.BytesIO(solhoej["docx"])).read("word/document.xml").decode()
    numbered = re.findall(r"PAGEREF (\w+) \\h", xml)
    assert len(numbered) >= 20
    settings = zipfile.ZipFile(io.BytesIO(solhoej["docx"])).read("word/settings.xml").decode()
    assert '<w:updateFields w:val="true"/>' in settings  # and Word updates them on opening


def test_no_instruction_to_the_reader_in_the_docx_or_the_pdf(
    solhoej: dict[str, bytes], tmp_path: Path
) -> None:
    text = "\n".join(pdf_pages(solhoej["pdf"], tmp_path))
    xml = zipfile.ZipFile(io.BytesIO(solhoej["docx"])).read("word/document.xml").decode()
    for words in INSTRUCTIONS:
        assert words not in text and words not in xml, words


def test_the_pdf_embeds_the_styles_fonts_or_their_metric_twins(solhoej: dict[str, bytes]) -> None:
    asked = fonts_asked_for(solhoej["docx"])
    assert asked == {"Calibri", "Calibri Light"}
    fonts = read_pdf_facts(solhoej["pdf"]).fonts
    twins = {METRIC_TWINS[name.lower()][0] for name in asked}
    family = {re.split(r"[-,]", name)[0] for name in fonts}
    assert family & (asked | twins), fonts
    # another font only for the characters these lack (symbols of the matrix)
    assert family - asked - twins <= {"DejaVuSans"}, fonts


def test_a_substituted_font_gives_a_warning(tmp_path: Path) -> None:
    template = tmp_path / "layout"
    template.mkdir()
    with zipfile.ZipFile(STYLES) as source, zipfile.ZipFile(template / "styles.docx", "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/styles.xml":
                data = data.replace(b'"Calibri"', b'"Nowhere Grotesk"')
            out.writestr(item, data)
    case = tmp_path / "alpha.yaml"
    case.write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["render", str(case), "-o", str(tmp_path / "out"), "-f", "pdf", "--template",
               str(template)]
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert f"{case}: warning: the styles ask for the font 'Nowhere Grotesk'" in result.stderr
    assert "install it where the PDF is made" in result.stderr
    # counted with the case's own warnings in the closing summary
    warnings = len(re.findall(r": warning[:\[]", result.stderr))
    assert (
        result.stderr.strip().splitlines()[-1].endswith(f"{warnings} warnings, 1 document written")
    )


def _cell(text: str) -> Cell:
    return Cell([Paragraph([Text(text)])])


def test_a_long_word_in_a_narrow_column_breaks_with_a_hyphen(tmp_path: Path) -> None:
    word = "Hovedansvarlig"
    rows = [Row([_cell(word), _cell("")]) for _ in range(3)]
    document = Document([Table(rows, widths=[1.0, 9.0])])  # about 1.6 cm: too narrow
    renderer = Renderer.for_template(None)
    source = tmp_path / "narrow.docx"
    source.write_bytes(renderer.write_docx(document, "da-DK"))
    (pdf,) = convert_to_pdf([source], tmp_path / "pdf")
    lines = [line.strip() for line in pdf_pages(pdf.read_bytes(), tmp_path, layout=True)[0]
             .splitlines() if line.strip()]  # fmt: skip
    assert word not in lines  # it does not fit whole
    pieces = [line for line in lines if word.startswith(line.rstrip("-"))]
    assert pieces, lines
    for first, second in zip(lines, lines[1:], strict=False):
        if first.endswith("-") and word.startswith(first[:-1]):
            assert word.startswith(first[:-1] + second[:1])  # the word goes on after it
    # every piece of the word but its end carries the hyphen
    assert all(line.endswith("-") for line in pieces if not word.endswith(line)), lines


def test_the_cover_title_keeps_its_year_with_the_word_before_it(tmp_path: Path) -> None:
    text = (CASES / "nordparken.yaml").read_text(encoding="utf-8")
    text = text.replace("  titel: Forankringsstrategi for Helhedsplan Nordparken\n", "")
    text = re.sub(r"indsats: .*", "indsats: Helhedsplan Nordparken 2022–2026", text, count=1)
    case = tmp_path / "nordparken.yaml"
    case.write_text(text, encoding="utf-8")
    renderer = Renderer.for_template(None)
    source = tmp_path / "nordparken.docx"
    source.write_bytes(renderer.render(load_case(case), formats=("docx",))["docx"])
    (pdf,) = convert_to_pdf([source], tmp_path / "pdf")
    cover = [plain(line) for line in pdf_pages(pdf.read_bytes(), tmp_path)[0].splitlines()]
    title = cover[: cover.index("Nordparken · Vesterå Kommune")]  # then the subtitle
    assert " ".join(title) == "Forankringsstrategi for Helhedsplan Nordparken 2022–2026"
    assert len(title) > 1  # it wraps
    assert not re.fullmatch(r"[\d–-]+", title[-1]) and "Nordparken 2022–2026" in title[-1]


def test_an_emoji_in_a_case_prints_with_a_font_that_has_it(tmp_path: Path) -> None:
    """Characters the body font lacks (an emoji from a phone) fall back to a font that has
    them (Debian's fonts-symbola, which .ci/run installs), never to an empty box."""
    if not any("Symbola" in line for line in _font_list()):
        pytest.skip("the fallback font for symbols is missing: apt-get install fonts-symbola")
    text = MINIMAL.replace("hvorfor: Fordi det virker.", "hvorfor: Fordi det virker 🎉 ✅")
    case = tmp_path / "emoji.yaml"
    case.write_text(text, encoding="utf-8")
    source = tmp_path / "emoji.docx"
    renderer = Renderer.for_template(None)
    source.write_bytes(renderer.render(load_case(case), formats=("docx",))["docx"])
    (pdf,) = convert_to_pdf([source], tmp_path / "pdf")
    fonts = read_pdf_facts(pdf.read_bytes()).fonts
    assert any(name.startswith("Symbola") for name in fonts), fonts
    assert "Fordi det virker 🎉 ✅" in "\n".join(pdf_pages(pdf.read_bytes(), tmp_path))


def _font_list() -> list[str]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    listing = subprocess.run([fc_list], capture_output=True, text=True, timeout=60, check=False)
    return listing.stdout.splitlines()


def test_each_phase_starts_at_the_top_of_a_page_also_after_landscape_pages(
    tmp_path: Path,
) -> None:
    """nordparken: fase 4's plan is on landscape pages, after portrait ones; the writer's
    own test covers two landscape sections in a row."""
    renderer = Renderer.for_template(None)
    pdf = renderer.render(load_case(CASES / "nordparken.yaml"), formats=("pdf",))["pdf"]
    pages = [
        [plain(x) for x in page.splitlines() if x.strip()] for page in pdf_pages(pdf, tmp_path)
    ]
    starts = {}
    for number, lines in enumerate(pages, 1):
        for index, line in enumerate(lines):
            if re.match(r"Fase [1-4] · ", line) and "...." not in line and number > 2:
                starts[line[:6]] = (number, index)
    assert sorted(starts) == ["Fase 1", "Fase 2", "Fase 3", "Fase 4"]
    for phase, (number, index) in starts.items():
        assert index == 1, f"{phase} is not at the top of page {number}: {pages[number - 1][:3]}"

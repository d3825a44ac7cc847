"""Without LibreOffice: the contents' page numbers from a layout's outline, the document's
settings (hyphenation, Word's update of the fields), reading a PDF's outline and fonts, the
font check, and the conversion loop."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from forankring_docs.document.model import Document, Heading, Paragraph, TableOfContents, Text
from forankring_docs.writers import pdf
from forankring_docs.writers.docx import DocxWriter
from forankring_docs.writers.docx.fields import HeadingPlan
from forankring_docs.writers.pdf import font_substitutions
from forankring_docs.writers.pdf_reading import read_pdf_facts

STYLES = Path(__file__).resolve().parents[2] / "templates" / "default" / "styles.docx"


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def report() -> Document:
    return Document(
        [
            TableOfContents("Indhold"),
            Heading(1, [Text("Resumé")]),
            Heading(2, [Text("Nøgletal")]),
            Heading(1, [Text("Risici")]),
            Heading(2, [Text("Nøgletal")]),
        ]
    )


def test_the_contents_take_their_page_numbers_from_the_outline_in_order() -> None:
    document = report()
    plan = HeadingPlan.of(document.blocks)
    outline = [("Indhold", 2), ("Resumé", 3), ("Nøgletal", 3), ("Risici", 5), ("Nøgletal", 6)]
    pages = plan.pages(outline)
    assert sorted(pages.values()) == [3, 3, 5, 6]  # the second "Nøgletal" is the later one
    assert HeadingPlan.of(report().blocks).pages([("Resumé", 3)]) == {"_Toc000001": 3}


def test_the_docx_shows_page_numbers_only_from_a_layout() -> None:
    writer = DocxWriter(STYLES)
    plain = part(writer.write(report()), "word/document.xml")
    assert "PAGEREF" not in plain
    outline = [("Resumé", 3), ("Nøgletal", 3), ("Risici", 5), ("Nøgletal", 6)]
    numbered = part(writer.write(report(), outline=outline), "word/document.xml")
    assert numbered.count("PAGEREF") == 4 and numbered.count("<w:tab/>") == 4
    assert ">5</w:t>" in numbered and ">6</w:t>" in numbered


def test_settings_hyphenate_and_update_the_contents_on_opening() -> None:
    writer = DocxWriter(STYLES)
    with_toc = part(writer.write(report()), "word/settings.xml")
    assert '<w:autoHyphenation w:val="true"/>' in with_toc
    assert '<w:updateFields w:val="true"/>' in with_toc
    # schema order: autoHyphenation after defaultTabStop, updateFields before compat
    assert with_toc.index("defaultTabStop") < with_toc.index("autoHyphenation")
    assert with_toc.index("updateFields") < with_toc.index("w:compat")
    without = part(writer.write(Document([Paragraph([Text("x")])])), "word/settings.xml")
    assert "updateFields" not in without  # nothing to update: Word need not ask
    assert '<w:autoHyphenation w:val="true"/>' in without


def test_a_template_that_turns_hyphenation_off_keeps_it_off(tmp_path: Path) -> None:
    styles = tmp_path / "styles.docx"
    with zipfile.ZipFile(STYLES) as source, zipfile.ZipFile(styles, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/settings.xml":
                data = data.replace(
                    b"<w:characterSpacingControl",
                    b'<w:autoHyphenation w:val="false"/><w:characterSpacingControl',
                )
            out.writestr(item, data)
    settings = part(DocxWriter(styles).write(report()), "word/settings.xml")
    assert '<w:autoHyphenation w:val="false"/>' in settings


def _pdf(objects: list[bytes], root: int) -> bytes:
    """A PDF with a classic cross-reference table, as LibreOffice writes one."""
    out = bytearray(b"%PDF-1.6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


def test_the_outline_and_fonts_of_a_pdf() -> None:
    title = "Resumé".encode("utf-16-be").hex().upper().encode()
    data = _pdf(
        [
            b"<</Type/Catalog/Pages 2 0 R/Outlines 5 0 R>>",
            b"<</Type/Pages/Kids[ 3 0 R 4 0 R ]/Count 2>>",
            b"<</Type/Page/Parent 2 0 R>>",
            b"<</Type/Page/Parent 2 0 R>>",
            b"<</Count 2/First 6 0 R/Last 7 0 R>>",
            b"<</Title<FEFF" + title + b">/Dest[4 0 R/XYZ 70 750 0]/Parent 5 0 R/Next 7 0 R"
            b"/First 8 0 R>>",
            b"<</Title(Risici)/Dest[3 0 R/XYZ 70 750 0]/Parent 5 0 R>>",
            b"<</Title(N\\(1\\))/Dest[4 0 R/XYZ 70 600 0]/Parent 6 0 R>>",
            b"<</Type/FontDescriptor/FontName/ABCDEF+Carlito-Bold/Flags 4>>",
            b"<</Type/FontDescriptor/FontName/DejaVuSans/Flags 4>>",
        ],
        root=1,
    )
    facts = read_pdf_facts(data)
    assert facts.outline == [("Resumé", 2), ("N(1)", 2), ("Risici", 1)]
    assert facts.fonts == {"Carlito-Bold", "DejaVuSans"}


@pytest.mark.parametrize("data", [b"", b"%PDF-1.6\nnot a pdf", b"startxref\n99999\n%%EOF"])
def test_a_pdf_the_reader_cannot_follow_has_no_facts(data: bytes) -> None:
    facts = read_pdf_facts(data)
    assert facts.outline == [] and facts.fonts == frozenset()


def test_a_font_or_its_metric_twin_is_no_substitution() -> None:
    assert font_substitutions({"Calibri", "Calibri Light"}, {"Carlito", "Carlito-Bold"}) == []
    assert font_substitutions({"Arial"}, {"LiberationSans-Bold"}) == []
    assert font_substitutions({"Garamond"}, {"Garamond-Italic", "DejaVuSans"}) == []
    (message,) = font_substitutions({"Calibri", "Arial"}, {"DejaVuSans", "LiberationSans"})
    assert "'Calibri'" in message and "DejaVuSans" in message
    assert "Carlito" in message and "fonts-crosextra-carlito" in message


def test_the_pdf_is_converted_again_until_its_pages_settle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outlines = iter([[("A", 3)], [("A", 4)], [("A", 4)], [("A", 4)]])
    monkeypatch.setattr(pdf, "soffice_path", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf._Office, "convert", lambda self, docx: b"pdf " + docx)
    monkeypatch.setattr(pdf, "read_pdf_facts", lambda data: pdf.PdfFacts(next(outlines)))
    written: list[list[tuple[str, int]]] = []

    def with_pages(outline: list[tuple[str, int]]) -> bytes:
        written.append(outline)
        return b"docx %d" % len(written)

    made = pdf.paginated_pdf(b"docx 0", with_pages)
    assert written == [[("A", 3)], [("A", 4)]]  # numbered twice: the first numbers moved it
    assert made.docx == b"docx 2" and made.pdf == b"pdf docx 2"
    assert pdf.paginated_pdf(b"docx", None).docx == b"docx"  # no contents: one run

"""The docx writer: each test builds a Document by hand, writes it on the default template's
styles.docx and checks what a reader of the Word file would notice."""

from __future__ import annotations

import io
import pickle
import shutil
import struct
import subprocess
import sys
import uuid
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from forankring_docs.document.model import (
    Cell,
    Cover,
    Document,
    Field,
    Heading,
    Image,
    LineBreak,
    Link,
    ListBlock,
    PageBreak,
    Paragraph,
    Properties,
    Row,
    Section,
    Table,
    TableOfContents,
    Text,
)
from forankring_docs.writers.docx import (
    GROUP_ROW_FILL,
    HEADER_ROW_FILL,
    PARAGRAPH_STYLES,
    DocxWriter,
    TemplateStyleError,
    column_widths,
    write_docx,
)

ROOT = Path(__file__).resolve().parents[2]
STYLES = ROOT / "templates" / "default" / "styles.docx"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
W = f"{{{NS['w']}}}"
A4_TEXT_WIDTH = 11906 - 2 * 1418
A4_LANDSCAPE_TEXT_WIDTH = 16838 - 2 * 1418


# ---------------------------------------------------------------- helpers
@pytest.fixture(scope="module")
def writer() -> DocxWriter:
    return DocxWriter(STYLES)


def para(text: str, **kwargs: object) -> Paragraph:
    return Paragraph([Text(text)], **kwargs)  # type: ignore[arg-type]


def cell(text: str | None, **kwargs: object) -> Cell:
    return Cell([para(text)] if text is not None else [], **kwargs)  # type: ignore[arg-type]


def footer() -> list:
    return [Text("Side "), Field("PAGE", "1"), Text(" af "), Field("NUMPAGES", "1")]


def parts(data: bytes) -> dict[str, etree._Element]:
    """The XML parts of a .docx by their name in the zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {
            name: etree.fromstring(archive.read(name))
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def members(data: bytes) -> dict[str, bytes]:
    """The uncompressed content of every file in a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def body_of(data: bytes) -> etree._Element:
    return parts(data)["word/document.xml"].find("w:body", NS)


def xpath(element: etree._Element, path: str) -> list:
    """XPath with the w: and r: prefixes (also on python-docx's own element classes)."""
    return etree.XPath(path, namespaces=NS)(element)


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def tiny_png(width: int = 4, height: int = 2) -> bytes:
    """A valid PNG built by hand (no imaging library needed)."""

    def chunk(kind: bytes, payload: bytes) -> bytes:
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    rows = b"".join(b"\x00" + b"\x1f\x38\x64" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def report() -> Document:
    """A small report with every kind of block, like the real template produces."""
    h1 = Heading(1, [Text("Resumé og indstilling")], bookmark="resume")
    h2 = Heading(2, [Text("Nøgletal")])
    h3 = Heading(3, [Text("Detaljer")])
    h_wide = Heading(1, [Text("Kortlægning af forankringsaktører")])
    actors = Table(
        [
            Row([cell("Aktør", header=True), cell("Type", header=True)], header=True),
            Row([cell("Boligsociale medarbejdere", colspan=2)], group=True),
            Row([cell("Jobcenter Aarhus"), cell("kommune", shade="F4C7C3")]),
            Row([cell("Lejerforeningen"), cell(None)]),
        ],
        widths=[3, 1],
    )
    wide = Table(
        [Row([cell(f"Opgave {i}", header=True) for i in range(10)], header=True)]
        + [Row([cell("●", align="center") for _ in range(10)]) for _ in range(3)],
        widths=[3] + [1] * 9,
        style="matrix",
    )
    return Document(
        [
            Cover([para("Forankringsstrategi", style="title"), para("UDKAST", style="draft")]),
            TableOfContents("Indholdsfortegnelse", entries=[h1, h2, h_wide]),
            h1,
            para("Indstilling til styregruppen.", style="lead"),
            h2,
            actors,
            h3,
            ListBlock([[para("første punkt")], [para("andet punkt")]]),
            Section([h_wide, wide, para("● fuldt  ◐ delvist", style="note")]),
            para("Tilbage i stående format."),
        ],
        Properties(
            title="Forankringsstrategi",
            subject="Solhøj Boligsocial Helhedsplan",
            author="Anne Jensen",
            keywords="Solhøj, Aarhus",
            created="2026-11-15",
            language="da-DK",
            header=[Text("Solhøj · Forankringsstrategi "), Text("UDKAST", bold=True)],
            footer=footer(),
        ),
    )


@pytest.fixture(scope="module")
def report_bytes(writer: DocxWriter) -> bytes:
    return writer.write(report())


# ---------------------------------------------------------------- the template
def test_styles_docx_is_a4_with_2_5_cm_margins_and_an_empty_body() -> None:
    body = body_of(STYLES.read_bytes())
    assert [child.tag for child in body] == [W + "sectPr"]
    size = body.find("w:sectPr/w:pgSz", NS)
    margins = body.find("w:sectPr/w:pgMar", NS)
    assert (size.get(W + "w"), size.get(W + "h")) == ("11906", "16838")
    assert {margins.get(W + side) for side in ("top", "bottom", "left", "right")} == {"1418"}


def test_styles_docx_is_small_and_holds_the_styles_the_writer_needs() -> None:
    assert STYLES.stat().st_size < 20_000
    names = {style.name for style in reopen(STYLES.read_bytes()).styles}
    needed = {
        "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "TOC Heading",
        "toc 1", "toc 2", "List Bullet", "List Number", "Header", "Footer", "Hyperlink",
        "Forankring Table", *PARAGRAPH_STYLES.values(),
    }  # fmt: skip
    assert needed <= names


def test_styles_docx_proofs_in_danish_and_headings_work_in_the_navigation_pane() -> None:
    styles = parts(STYLES.read_bytes())["word/styles.xml"]
    assert xpath(styles, "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["da-DK"]
    for level in (1, 2, 3):
        (style,) = xpath(styles, f"w:style[w:name/@w:val='heading {level}']")
        assert xpath(style, "w:pPr/w:keepNext")
        assert xpath(style, "w:pPr/w:outlineLvl/@w:val") == [str(level - 1)]


def test_list_bullet_style_is_numbered_with_a_bullet() -> None:
    xml = parts(STYLES.read_bytes())
    (num_id,) = xpath(
        xml["word/styles.xml"], "w:style[@w:styleId='ListBullet']/w:pPr/w:numPr/w:numId/@w:val"
    )
    numbering = xml["word/numbering.xml"]
    (abstract,) = xpath(numbering, f"w:num[@w:numId='{num_id}']/w:abstractNumId/@w:val")
    level = f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']"
    assert xpath(numbering, f"{level}/w:numFmt/@w:val") == ["bullet"]


def test_committed_styles_docx_matches_tools_make_styles(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_styles
    finally:
        sys.path.pop(0)
    fresh = tmp_path / "styles.docx"
    make_styles.build(fresh)
    assert members(fresh.read_bytes()) == members(STYLES.read_bytes()), (
        "templates/default/styles.docx is out of date: run python tools/make_styles.py"
    )


# ---------------------------------------------------------------- headings and text
def test_headings_use_word_heading_styles(report_bytes: bytes) -> None:
    styles = {p.text: p.style.name for p in reopen(report_bytes).paragraphs}
    assert styles["Resumé og indstilling"] == "Heading 1"
    assert styles["Nøgletal"] == "Heading 2"
    assert styles["Detaljer"] == "Heading 3"
    assert styles["Kortlægning af forankringsaktører"] == "Heading 1"


def test_paragraph_classes_use_their_styles(report_bytes: bytes) -> None:
    styles = {p.text: p.style.name for p in reopen(report_bytes).paragraphs}
    assert styles["Forankringsstrategi"] == "Title"
    assert styles["UDKAST"] == "Forankring Draft"
    assert styles["Indstilling til styregruppen."] == "Forankring Lead"
    assert styles["● fuldt  ◐ delvist"] == "Forankring Note"
    assert styles["Tilbage i stående format."] == "Normal"


def test_markup_like_text_is_written_verbatim(writer: DocxWriter) -> None:
    tricky = "<b>ikke fed</b> &amp; {{ x }} {% if %} \"citat\" 'x' æøå"
    data = writer.write(Document([para(tricky), Table([Row([cell(tricky)])])]))
    document = reopen(data)
    assert document.paragraphs[0].text == tricky
    assert document.tables[0].rows[0].cells[0].text == tricky


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(
        st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
        | st.sampled_from(["\n", "\t", " "]),
        min_size=1,
    )
)
def test_any_text_comes_back_as_written(writer: DocxWriter, text: str) -> None:
    data = writer.write(Document([para(text), Table([Row([cell(text)])])]))
    document = reopen(data)
    assert document.paragraphs[0].text == text
    assert document.tables[0].rows[0].cells[0].text == text


def test_control_characters_do_not_break_the_file(writer: DocxWriter) -> None:
    table = Table([Row([cell("a\x0bb"), cell("\x01")])])
    props = Properties(title="Plan\x02")
    data = writer.write(Document([para("før\x00\x07efter"), para("\x1f"), table], props))
    document = reopen(data)
    assert [p.text for p in document.paragraphs[:2]] == ["førefter", ""]
    assert [c.text for c in document.tables[0].rows[0].cells] == ["ab", ""]
    assert document.core_properties.title == "Plan"


def test_bold_italic_colour_and_line_breaks(writer: DocxWriter) -> None:
    inlines = [
        Text("fed", bold=True),
        Text("kursiv", italic=True),
        LineBreak(),
        Text("forsinket", bold=True, color="C00000"),
    ]
    data = writer.write(Document([Paragraph(inlines)]))
    runs = reopen(data).paragraphs[0].runs
    assert runs[0].bold and runs[1].italic
    assert str(runs[-1].font.color.rgb) == "C00000" and runs[-1].bold
    assert xpath(body_of(data), "w:p/w:r/w:br")


def test_keep_with_next_and_alignment(writer: DocxWriter) -> None:
    data = writer.write(Document([para("kolofon", keep_with_next=True, align="center")]))
    (p,) = xpath(body_of(data), "w:p[w:r]")
    assert xpath(p, "w:pPr/w:keepNext") and xpath(p, "w:pPr/w:jc/@w:val") == ["center"]


def test_an_invalid_colour_is_a_clear_error(writer: DocxWriter) -> None:
    with pytest.raises(ValueError, match="colour 'rød'"):
        writer.write(Document([Paragraph([Text("x", color="rød")])]))


# ---------------------------------------------------------------- tables
def test_header_rows_repeat_and_no_row_splits(report_bytes: bytes) -> None:
    table = xpath(body_of(report_bytes), "w:tbl")[0]
    rows = xpath(table, "w:tr")
    assert [bool(xpath(r, "w:trPr/w:tblHeader")) for r in rows] == [True, False, False, False]
    assert all(xpath(r, "w:trPr/w:cantSplit") for r in rows)


def test_a_table_without_a_header_row_does_not_repeat_its_first_row(writer: DocxWriter) -> None:
    # A facts table (label | value) has no header row. The table style must not make its first
    # row a repeating header either: LibreOffice would repeat "Forum" on the next page.
    facts = Table([Row([cell("Forum", header=True), cell("Styregruppen")]) for _ in range(3)])
    data = writer.write(Document([facts]))
    assert not xpath(body_of(data), "//w:tblHeader")
    assert not xpath(parts(data)["word/styles.xml"], "//w:tblStylePr//w:tblHeader")


def test_the_paragraph_after_a_last_table_is_one_point_high(writer: DocxWriter) -> None:
    # Word wants a paragraph between a table and the end of the document (or of a section);
    # at full height it lands alone on a blank page when the table ends at the foot of a page.
    table = Table([Row([cell("a"), cell("b")])])
    data = writer.write(Document([table, Section([table])]))
    body = body_of(data)
    spacers = xpath(body, "w:p[not(w:r)]")
    assert len(spacers) == 2  # the section break after the first table, and the last one
    for p in spacers:
        assert xpath(p, "w:pPr/w:spacing/@w:line") == ["20"]
        assert xpath(p, "w:pPr/w:spacing/@w:lineRule") == ["exact"]
    assert xpath(spacers[0], "w:pPr/w:sectPr")  # the break still sits in its paragraph


def test_column_widths_fill_the_text_width_by_weight(report_bytes: bytes) -> None:
    table = xpath(body_of(report_bytes), "w:tbl")[0]
    grid = [int(w) for w in xpath(table, "w:tblGrid/w:gridCol/@w:w")]
    assert sum(grid) == A4_TEXT_WIDTH
    assert grid[0] == pytest.approx(3 * grid[1], abs=2)
    assert xpath(table, "w:tblPr/w:tblLayout/@w:type") == ["fixed"]
    assert xpath(table, "w:tblPr/w:tblW/@w:w") == [str(A4_TEXT_WIDTH)]
    for row in xpath(table, "w:tr"):
        widths = [int(w) for w in xpath(row, "w:tc/w:tcPr/w:tcW/@w:w")]
        assert sum(widths) == A4_TEXT_WIDTH  # every cell has its width, spans included


def test_column_widths_helper_rounds_to_the_exact_total() -> None:
    assert sum(column_widths([1, 1, 1], 9070)) == 9070
    assert column_widths([2, 1, 1], 400) == [200, 100, 100]
    assert column_widths([0, -1], 100) == [50, 50]  # nonsense weights: equal shares
    assert column_widths([], 100) == []


@settings(max_examples=200, deadline=None)
@given(
    weights=st.lists(st.floats(min_value=0.1, max_value=50), min_size=1, max_size=30),
    total=st.integers(min_value=100, max_value=20_000),
)
def test_column_widths_always_add_up_and_follow_the_weights(
    weights: list[float], total: int
) -> None:
    widths = column_widths(weights, total)
    assert sum(widths) == total
    for weight, width in zip(weights, widths, strict=True):
        assert abs(width - weight * total / sum(weights)) < 1


def test_colspan_group_rows_and_shading(report_bytes: bytes) -> None:
    table = xpath(body_of(report_bytes), "w:tbl")[0]
    header, group, jobcenter, _ = xpath(table, "w:tr")
    assert set(xpath(header, "w:tc/w:tcPr/w:shd/@w:fill")) == {HEADER_ROW_FILL}
    assert xpath(header, "w:tc/w:p/w:r/w:rPr/w:b")  # header cells are bold
    assert xpath(group, "w:tc/w:tcPr/w:gridSpan/@w:val") == ["2"]
    assert xpath(group, "w:tc/w:tcPr/w:shd/@w:fill") == [GROUP_ROW_FILL]
    assert xpath(group, "w:tc/w:p/w:r/w:rPr/w:b")
    assert xpath(jobcenter, "w:tc/w:tcPr/w:shd/@w:fill") == ["F4C7C3"]


def test_cells_use_the_cell_style_and_empty_cells_are_fine(report_bytes: bytes) -> None:
    table = reopen(report_bytes).tables[0]
    assert table.style.name == "Forankring Table"
    last = table.rows[3].cells
    assert [c.text for c in last] == ["Lejerforeningen", ""]
    assert {c.paragraphs[0].style.name for c in last} == {"Forankring Cell"}


def test_a_cell_with_links_and_paragraphs_takes_the_general_path(writer: DocxWriter) -> None:
    rich = Cell(
        [
            Paragraph([Text("Kontakt: "), Link("Anne", "mailto:anne@example.dk")]),
            Paragraph([Text("Fodnote")], style="note"),
        ],
        header=True,
    )
    data = writer.write(Document([Table([Row([rich, cell("x")])])]))
    (tc, _) = xpath(body_of(data), "w:tbl/w:tr/w:tc")
    styles = xpath(tc, "w:p/w:pPr/w:pStyle/@w:val")
    assert styles == ["ForankringCell", "ForankringNote"]
    assert xpath(tc, "w:p/w:hyperlink/@r:id")
    assert all(xpath(r, "w:rPr/w:b") for r in xpath(tc, "w:p//w:r"))  # a th is bold


CASE_TEXT_CELL = Cell(
    [
        para("Første afsnit.", style="cell"),
        para("Andet afsnit:", style="cell"),
        ListBlock([[para("punkt et")], [para("punkt to")]]),
        para("Sidste afsnit.", style="cell"),
    ]
)


@pytest.mark.parametrize("rich", [False, True], ids=["templates", "elements"])
def test_case_text_in_a_cell_keeps_paragraphs_and_word_bullets(
    writer: DocxWriter, rich: bool
) -> None:
    blocks = list(CASE_TEXT_CELL.blocks)
    if rich:  # a link sends the cell down the general path: the same result
        blocks[-1] = Paragraph([Text("Se "), Link("egebo.dk", "https://egebo.dk")], style="cell")
    data = writer.write(Document([Table([Row([Cell(blocks), cell("x")])])]))
    (tc, _) = xpath(body_of(data), "w:tbl/w:tr/w:tc")
    paragraphs = xpath(tc, "w:p")
    assert len(paragraphs) == 5  # real paragraphs, not one with line breaks
    assert not xpath(tc, ".//w:br") and "•" not in "".join(xpath(tc, ".//w:t/text()"))
    styles = [xpath(p, "string(w:pPr/w:pStyle/@w:val)") for p in paragraphs]
    assert styles == [
        "ForankringCell",
        "ForankringCellSpaced",
        "ForankringCellBullet",
        "ForankringCellBullet",
        "ForankringCellSpaced",
    ]
    # The cell's bullets are Word's bullet list: the numbering of the body's "List Bullet".
    xml = parts(data)
    numbering_of = {
        style: xpath(
            xml["word/styles.xml"],
            f"string(w:style[@w:styleId='{style}']/w:pPr/w:numPr/w:numId/@w:val)",
        )
        for style in ("ListBullet", "ForankringCellBullet")
    }
    assert numbering_of["ForankringCellBullet"] == numbering_of["ListBullet"] != ""
    spaced = xpath(xml["word/styles.xml"], "w:style[@w:styleId='ForankringCellSpaced']")[0]
    assert int(xpath(spaced, "string(w:pPr/w:spacing/@w:before)")) > 0  # a paragraph shows
    word = reopen(data).tables[0].rows[0].cells[0]
    assert [p.style.name for p in word.paragraphs][2:4] == ["Forankring Cell Bullet"] * 2


def test_a_numbered_list_in_a_cell_counts_from_one(writer: DocxWriter) -> None:
    numbered = Cell([ListBlock([[para("a")], [para("b")]], ordered=True)])
    data = writer.write(Document([Table([Row([numbered])]), Table([Row([numbered])])]))
    firsts = [
        xpath(t, "string(w:tr/w:tc/w:p[1]/w:pPr/w:numPr/w:numId/@w:val)")
        for t in xpath(body_of(data), "w:tbl")
    ]
    assert all(firsts) and firsts[0] != firsts[1]  # each list restarts
    styles = set(xpath(body_of(data), "w:tbl/w:tr/w:tc/w:p/w:pPr/w:pStyle/@w:val"))
    assert styles == {"ListNumber"}


def test_a_template_without_the_cell_list_styles_falls_back(tmp_path: Path) -> None:
    with zipfile.ZipFile(STYLES) as source:
        files = {name: source.read(name) for name in source.namelist()}
    styles = etree.fromstring(files["word/styles.xml"])
    for style_id in ("ForankringCellSpaced", "ForankringCellBullet"):
        for style in xpath(styles, f"w:style[@w:styleId='{style_id}']"):
            styles.remove(style)
    files["word/styles.xml"] = etree.tostring(styles)
    old = tmp_path / "styles.docx"
    with zipfile.ZipFile(old, "w") as target:
        for name, content in files.items():
            target.writestr(name, content)
    data = DocxWriter(old).write(Document([Table([Row([CASE_TEXT_CELL])])]))
    used = xpath(body_of(data), "w:tbl/w:tr/w:tc/w:p/w:pPr/w:pStyle/@w:val")
    assert used == [
        "ForankringCell",
        "ForankringCell",
        "ListBullet",
        "ListBullet",
        "ForankringCell",
    ]


def test_rows_wider_than_the_widths_do_not_crash(writer: DocxWriter) -> None:
    table = Table([Row([cell("a"), cell("b"), cell("c")]), Row([cell("d")])], widths=[1, 1])
    data = writer.write(Document([table]))
    grid = xpath(body_of(data), "w:tbl/w:tblGrid/w:gridCol/@w:w")
    assert len(grid) == 3 and sum(map(int, grid)) == A4_TEXT_WIDTH


def test_tables_and_rows_without_cells_do_not_break_the_file(writer: DocxWriter) -> None:
    empty_row = Table([Row([cell("a"), cell("b")]), Row([])])
    data = writer.write(Document([Table([]), empty_row, para("efter")]))
    (table,) = xpath(body_of(data), "w:tbl")  # the table without rows is left out
    assert [len(xpath(row, "w:tc")) for row in xpath(table, "w:tr")] == [2, 1]
    assert xpath(table, "w:tr[2]/w:tc/w:tcPr/w:gridSpan/@w:val") == ["2"]


def test_adjacent_tables_stay_apart(writer: DocxWriter) -> None:
    one = Table([Row([cell("a")])])
    two = Table([Row([cell("b")])])
    data = writer.write(Document([one, two]))
    tags = [etree.QName(child).localname for child in body_of(data)]
    assert tags == ["tbl", "p", "tbl", "p", "sectPr"]


def test_matrix_tables_center_their_cells_but_not_the_row_labels(writer: DocxWriter) -> None:
    matrix = Table([Row([cell("Jobcenter", header=True), cell("●")])], style="matrix")
    data = writer.write(Document([matrix]))
    label, mark = xpath(body_of(data), "w:tbl/w:tr/w:tc")
    assert not xpath(label, "w:p/w:pPr/w:jc")
    assert xpath(mark, "w:p/w:pPr/w:jc/@w:val") == ["center"]


# ---------------------------------------------------------------- sections and page furniture
def test_landscape_section_turns_the_page_and_keeps_header_and_footer(
    report_bytes: bytes,
) -> None:
    body = body_of(report_bytes)
    sections = xpath(body, "w:p/w:pPr/w:sectPr") + xpath(body, "w:sectPr")
    assert len(sections) == 3  # portrait, landscape, portrait
    orientations = []
    for sect_pr in sections:
        size = sect_pr.find("w:pgSz", NS)
        width, height = int(size.get(W + "w")), int(size.get(W + "h"))
        orientations.append("landscape" if width > height else "portrait")
        assert xpath(sect_pr, "w:pgMar/@w:left") == ["1418"]  # same margins
        assert xpath(sect_pr, "w:headerReference/@r:id")
        assert xpath(sect_pr, "w:footerReference/@r:id")
    assert orientations == ["portrait", "landscape", "portrait"]
    assert xpath(sections[1], "w:pgSz/@w:orient") == ["landscape"]
    wide = xpath(body, "w:tbl")[1]
    grid = map(int, xpath(wide, "w:tblGrid/w:gridCol/@w:w"))
    assert sum(grid) == A4_LANDSCAPE_TEXT_WIDTH


def test_section_breaks_sit_in_the_last_paragraph_of_their_section(report_bytes: bytes) -> None:
    breaks = xpath(body_of(report_bytes), "w:p[w:pPr/w:sectPr]")
    assert [p.xpath("string(.)") for p in breaks] == ["andet punkt", "● fuldt  ◐ delvist"]


def test_a_document_ending_in_landscape_has_no_empty_portrait_page(writer: DocxWriter) -> None:
    data = writer.write(Document([para("stående"), Section([para("liggende")])]))
    body = body_of(data)
    assert xpath(body, "w:sectPr/w:pgSz/@w:orient") == ["landscape"]
    assert len(xpath(body, "w:p/w:pPr/w:sectPr")) == 1


def test_a_landscape_section_after_another_starts_on_a_new_page(writer: DocxWriter) -> None:
    blocks = [para("stående"), Section([para("matrix")]), Section([para("Fase 4")])]
    body = body_of(writer.write(Document(blocks)))
    (fase4,) = [p for p in xpath(body, "w:p") if p.xpath("string(.)") == "Fase 4"]
    assert xpath(fase4, "w:pPr/w:pageBreakBefore")
    (matrix,) = [p for p in xpath(body, "w:p") if p.xpath("string(.)") == "matrix"]
    assert not xpath(matrix, "w:pPr/w:pageBreakBefore")  # the section break turns that page


def test_footer_has_page_and_numpages_fields(report_bytes: bytes) -> None:
    document = reopen(report_bytes)
    for section in document.sections:
        footer_xml = section.footer.part.element
        instructions = " ".join(xpath(footer_xml, "//w:instrText/text()"))
        assert "PAGE" in instructions.split() and "NUMPAGES" in instructions.split()
        assert "Side" in footer_xml.xpath("string(.)")
        assert section.header.paragraphs[0].text == "Solhøj · Forankringsstrategi UDKAST"


def test_header_logo_and_body_image(writer: DocxWriter) -> None:
    logo = Image(tiny_png(), "logo.png", 2.5)
    props = Properties(header=[Text("Solhøj")], header_logo=logo)
    data = writer.write(Document([Image(tiny_png(), "logo.png", 4.0, align="center")], props))
    document = reopen(data)
    (shape,) = document.inline_shapes
    assert abs(shape.width.cm - 4.0) < 0.01
    header = document.sections[0].header.part.element
    assert xpath(header, "//w:drawing") and "Solhøj" in header.xpath("string(.)")
    xml = parts(data)
    doc_pr_ids = [
        *xml["word/document.xml"].xpath("//*[local-name()='docPr']/@id"),
        *xml["word/header1.xml"].xpath("//*[local-name()='docPr']/@id"),
    ]
    assert len(set(doc_pr_ids)) == 2  # unique drawing ids across body and header


def test_cover_ends_with_a_page_break(report_bytes: bytes) -> None:
    (toc_heading,) = xpath(body_of(report_bytes), "w:p[w:pPr/w:pStyle/@w:val='TOCHeading']")
    assert xpath(toc_heading, "w:pPr/w:pageBreakBefore")


def test_page_break_before_a_table_gets_its_own_paragraph(writer: DocxWriter) -> None:
    data = writer.write(Document([para("a"), PageBreak(), Table([Row([cell("b")])])]))
    assert xpath(body_of(data), "w:p/w:r/w:br[@w:type='page']")


# ---------------------------------------------------------------- table of contents
def test_toc_is_a_word_field_that_already_lists_the_headings(report_bytes: bytes) -> None:
    body = body_of(report_bytes)
    instructions = xpath(body, "//w:instrText/text()")
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    entries = xpath(body, "w:p[starts-with(w:pPr/w:pStyle/@w:val, 'TOC') and w:hyperlink]")
    texts = [e.xpath("string(w:hyperlink/w:r[1]/w:t)", namespaces=NS) for e in entries]
    assert texts == ["Resumé og indstilling", "Nøgletal", "Kortlægning af forankringsaktører"]
    levels = [xpath(e, "w:pPr/w:pStyle/@w:val")[0] for e in entries]
    assert levels == ["TOC1", "TOC2", "TOC1"]
    # the field begins in the first entry and ends in the last
    assert xpath(entries[0], "w:r/w:fldChar/@w:fldCharType") == ["begin", "separate"]
    assert xpath(entries[-1], "w:r/w:fldChar/@w:fldCharType") == ["end"]


def test_toc_entries_link_to_bookmarks_on_the_headings(report_bytes: bytes) -> None:
    body = body_of(report_bytes)
    anchors = xpath(body, "w:p/w:hyperlink/@w:anchor")
    bookmarks = dict(
        zip(
            xpath(body, "w:p[w:bookmarkStart]/w:bookmarkStart/@w:name"),
            [p.xpath("string(.)") for p in xpath(body, "w:p[w:bookmarkStart]")],
            strict=True,
        )
    )
    assert anchors[0] == "resume"  # the parser's bookmark is kept
    assert [bookmarks[a] for a in anchors] == [
        "Resumé og indstilling", "Nøgletal", "Kortlægning af forankringsaktører",
    ]  # fmt: skip


def test_toc_shows_no_guessed_page_numbers(report_bytes: bytes) -> None:
    # Only Word knows where pages break; it numbers the entries when the field is updated.
    body = body_of(report_bytes)
    entries = xpath(body, "w:p[w:hyperlink/@w:anchor]")
    assert entries
    for entry in entries:
        text = entry.xpath("string(w:hyperlink)", namespaces=NS)
        assert not text.rstrip()[-1:].isdigit(), text
    assert not any("PAGEREF" in t for t in xpath(body, "//w:instrText/text()"))


def test_toc_entries_that_are_copies_find_their_headings(writer: DocxWriter) -> None:
    heading = Heading(1, [Text("Opfølgning")])
    copy = Heading(1, [Text("Opfølgning")])
    data = writer.write(Document([TableOfContents(entries=[copy]), heading]))
    body = body_of(data)
    assert xpath(body, "w:p/w:hyperlink/@w:anchor") == xpath(body, "w:p/w:bookmarkStart/@w:name")


def test_toc_without_entries_lists_the_documents_headings(writer: DocxWriter) -> None:
    data = writer.write(Document([TableOfContents(), Heading(1, [Text("Et")])]))
    assert "Et" in [t for t in xpath(body_of(data), "w:p/w:hyperlink/w:r/w:t/text()")]


# ---------------------------------------------------------------- links and lists
def test_links_are_real_hyperlinks(writer: DocxWriter) -> None:
    inlines = [
        Link("skriv til Anne", "mailto:anne@example.dk"),
        Text(" eller se "),
        Link("planen", "https://example.dk/plan?x=1&y=2"),
        Link("igen", "https://example.dk/plan?x=1&y=2"),
    ]
    data = writer.write(Document([Paragraph(inlines)]))
    xml = parts(data)
    links = xpath(xml["word/document.xml"], "//w:hyperlink")
    rels = {
        rel.get("Id"): rel
        for rel in xml["word/_rels/document.xml.rels"]
        if rel.get("Type").endswith("/hyperlink")
    }
    targets = [rels[link.get(f"{{{NS['r']}}}id")].get("Target") for link in links]
    assert targets == [
        "mailto:anne@example.dk", "https://example.dk/plan?x=1&y=2",
        "https://example.dk/plan?x=1&y=2",
    ]  # fmt: skip
    assert len(rels) == 2  # one relationship per address
    assert all(rel.get("TargetMode") == "External" for rel in rels.values())
    assert set(xpath(xml["word/document.xml"], "//w:hyperlink/w:r/w:rPr/w:rStyle/@w:val")) == {
        "Hyperlink"
    }
    assert reopen(data).paragraphs[0].text == "skriv til Anne eller se planenigen"


def test_lists_use_list_styles_and_numbered_lists_restart(writer: DocxWriter) -> None:
    bullets = ListBlock([[para("a")], [para("b"), para("b fortsat")]])
    first = ListBlock([[para("1")], [para("2")]], ordered=True)
    second = ListBlock([[para("1 igen")]], ordered=True)
    data = writer.write(Document([bullets, first, second]))
    styles = [p.style.name for p in reopen(data).paragraphs]
    assert styles == ["List Bullet", "List Bullet", "List Continue"] + ["List Number"] * 3
    body = body_of(data)
    num_ids = xpath(body, "w:p[w:pPr/w:pStyle/@w:val='ListNumber']/w:pPr/w:numPr/w:numId/@w:val")
    assert num_ids[0] == num_ids[1] != num_ids[2]
    numbering = parts(data)["word/numbering.xml"]
    assert xpath(numbering, f"w:num[@w:numId='{num_ids[2]}']//w:startOverride/@w:val") == ["1"]


# ---------------------------------------------------------------- properties and language
def test_core_properties(report_bytes: bytes) -> None:
    core = reopen(report_bytes).core_properties
    assert core.title == "Forankringsstrategi"
    assert core.subject == "Solhøj Boligsocial Helhedsplan"
    assert core.author == "Anne Jensen"
    assert core.keywords == "Solhøj, Aarhus"
    assert core.language == "da-DK"
    assert (core.created.year, core.created.month, core.created.day) == (2026, 11, 15)


@pytest.mark.parametrize(
    ("document_language", "argument", "expected"),
    [("da-DK", None, "da-DK"), ("en-GB", None, "en-GB"), ("da-DK", "en-GB", "en-GB")],
)
def test_proofing_language(
    writer: DocxWriter, document_language: str, argument: str | None, expected: str
) -> None:
    document = Document([para("tekst")], Properties(language=document_language))
    data = writer.write(document, language=argument)
    xml = parts(data)
    assert xpath(xml["word/styles.xml"], "w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == [
        expected
    ]
    assert xpath(xml["word/settings.xml"], "w:themeFontLang/@w:val") == [expected]
    assert reopen(data).core_properties.language == expected


def test_the_same_document_gives_the_same_bytes(writer: DocxWriter) -> None:
    assert writer.write(report()) == writer.write(report())


def test_writes_share_no_document_state(writer: DocxWriter) -> None:
    """The writer keeps zipped template parts and table templates between writes: each
    document still comes out as a fresh writer would write it."""
    logo = Image(tiny_png(), "logo.png", 2.5)
    documents = [
        (report(), None),
        (
            Document(
                [ListBlock([[para("1")]], ordered=True), Paragraph([Link("x", "https://e.dk")])]
            ),
            "en-GB",
        ),
        (Document([para("tekst")], Properties(header=[Text("Solhøj")], header_logo=logo)), None),
        (report(), "en-GB"),
        (Document([Table([Row([cell("a", shade="F4C7C3"), cell(" b  c ")])])]), None),
    ]
    for document, language in documents * 2:
        assert writer.write(document, language) == DocxWriter(STYLES).write(document, language)


def _cells_both_ways(cells: list[Cell]) -> list[tuple[str, str | None]]:
    """Each cell as the general path builds it (elements) and as templates put it together."""
    from forankring_docs.writers.docx.writer import _Build

    build = _Build(DocxWriter(STYLES), Document([]), None)
    args = (2000, 1, "D9E2F3", False, "center", True)
    both = []
    for item in cells:
        general = build._general_cell(item, *args)
        fast: list[str] = []
        build._cell(fast, item, *args)
        both.append((general, "".join(fast)))
        both.append((general, build._rich_cell(item, *args)))
    return both


def test_table_cells_put_together_from_templates_are_the_cells_the_helpers_build() -> None:
    rich = Paragraph(
        [
            Text("Vilje (2).", bold=True),
            Text(" a < b & c > d", italic=True),
            LineBreak(),
            Text("  rød ", color="C00000"),
        ],
        keep_with_next=True,
    )
    cells = [
        cell("Jobcenter Aarhus"),
        cell(" luft  omkring "),
        cell("<w:t>&amp;</w:t>"),
        Cell([Paragraph([])]),  # (a cell without paragraphs gets an empty one: not the same)
        Cell([Paragraph([Text("fed", bold=True)])]),
        Cell([rich, Paragraph([Text("note")], style="note", align="right")], header=True),
    ]
    for general, templated in _cells_both_ways(cells):
        assert templated == general


def test_write_docx_is_the_one_call_api() -> None:
    data = write_docx(Document([para("hej")]), STYLES)
    assert reopen(data).paragraphs[0].text == "hej"


# ---------------------------------------------------------------- template errors
def _template_without(style_name: str, tmp_path: Path) -> Path:
    template = reopen(STYLES.read_bytes())
    style = template.styles[style_name]
    style.element.getparent().remove(style.element)
    path = tmp_path / "styles.docx"
    template.save(str(path))
    return path


def test_a_missing_style_names_the_style_and_the_file(tmp_path: Path) -> None:
    path = _template_without("Forankring Note", tmp_path)
    writer = DocxWriter(path)
    writer.write(Document([para("uden note")]))  # not needed, not an error
    with pytest.raises(TemplateStyleError) as caught:
        writer.write(Document([para("legende", style="note")]))
    assert caught.value.style_name == "Forankring Note"
    assert "Forankring Note" in str(caught.value) and str(path) in str(caught.value)
    assert not isinstance(caught.value, KeyError)


def test_template_style_error_survives_a_worker_process(tmp_path: Path) -> None:
    error = TemplateStyleError("Forankring Note", tmp_path / "styles.docx")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.style_name, copy.styles_path, str(copy)) == (
        error.style_name, error.styles_path, str(error),
    )  # fmt: skip


def test_a_missing_heading_style_is_a_template_style_error(tmp_path: Path) -> None:
    path = _template_without("Heading 2", tmp_path)
    with pytest.raises(TemplateStyleError, match="Heading 2"):
        write_docx(Document([Heading(2, [Text("x")])]), path)


def test_a_template_table_style_without_borders_gets_borders(tmp_path: Path) -> None:
    template = reopen(STYLES.read_bytes())
    style = template.styles["Forankring Table"].element
    for borders in style.xpath("w:tblPr/w:tblBorders"):
        borders.getparent().remove(borders)
    path = tmp_path / "styles.docx"
    template.save(str(path))
    data = write_docx(Document([Table([Row([cell("a")])])]), path)
    assert xpath(body_of(data), "w:tbl/w:tblPr/w:tblBorders/w:insideH")
    default = write_docx(Document([Table([Row([cell("a")])])]), STYLES)
    assert not xpath(body_of(default), "w:tbl/w:tblPr/w:tblBorders")  # the style has them


# ---------------------------------------------------------------- schema order (Word)
# Word refuses a file whose children come out of the order of the ECMA-376 / ISO 29500
# transitional schema (wml.xsd) or that misses a required child ("unreadable content"), where
# LibreOffice and python-docx read on. The sequences below are the schema's, for the elements
# the writer makes (only the children the writer or a template may use need to be listed).
SCHEMA_ORDER = {
    "pPr": [
        "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku",
        "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi",
        "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
        "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap",
        "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange",
    ],
    "rPr": [
        "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
        "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
        "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect",
        "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
        "specVanish", "oMath", "rPrChange",
    ],
    "tblPr": [
        "tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
        "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd",
        "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription", "tblPrChange",
    ],
    "tblBorders": ["top", "left", "start", "bottom", "right", "end", "insideH", "insideV"],
    "tcPr": [
        "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
        "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel",
        "cellMerge", "tcPrChange",
    ],
    "sectPr": [
        "headerReference|footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
        "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign",
        "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange",
    ],
    "numPr": ["ilvl", "numId", "numberingChange", "ins"],
    "tbl": ["bookmarkStart|bookmarkEnd", "tblPr", "tblGrid", "tr"],
    "tr": ["tblPrEx", "trPr", "tc"],
    "tc": ["tcPr", "p|tbl"],
    "body": ["p|tbl|bookmarkStart|bookmarkEnd", "sectPr"],
    "docDefaults": ["rPrDefault", "pPrDefault"],
    "styles": ["docDefaults", "latentStyles", "style"],
}  # fmt: skip


def schema_order_errors(root: etree._Element) -> list[str]:
    """Children out of ``SCHEMA_ORDER``, children it does not know, cells and rows without
    their required content; as ``parent: problem`` lines."""
    errors = []
    for name, sequence in SCHEMA_ORDER.items():
        rank = {tag: i for i, tags in enumerate(sequence) for tag in tags.split("|")}
        for element in root.iter(W + name):
            parent = element.getparent()
            where = name if parent is None else f"{name} in {parent.tag.split('}')[-1]}"
            last = -1
            for child in element:
                if not isinstance(child.tag, str) or not child.tag.startswith(W):
                    continue  # markup compatibility or another namespace: not ours to order
                tag = child.tag[len(W) :]
                if tag not in rank:
                    errors.append(f"{where}: unexpected w:{tag}")
                elif rank[tag] < last:
                    errors.append(f"{where}: w:{tag} out of order")
                else:
                    last = rank[tag]
    for tc in root.iter(W + "tc"):
        if tc[-1].tag != W + "p":  # a cell ends with a paragraph (Word: at least one w:p)
            errors.append("tc: does not end with a w:p")
    for tr in root.iter(W + "tr"):
        if tr.find(W + "tc") is None:
            errors.append("tr: no w:tc")
    return errors


def every_kind_of_block() -> Document:
    """A document with every block and inline the writer knows, in every place it can be."""
    logo = Image(tiny_png(), "logo.png", 2.5, align="center")
    rich = Cell(
        [
            Paragraph([Text("a", bold=True), LineBreak(), Text("b", italic=True, color="C00000")]),
            ListBlock([[para("x")], [para("y"), para("y2")]]),
        ],
        shade="FFEEDD",
        align="right",
    )
    general = Cell(
        [
            Paragraph([Link("link", "https://example.org/a b"), Text("\ttab\nbreak")]),
            ListBlock([[para("n1")], [para("n2")]], ordered=True),
            Paragraph([Field("PAGE", "1")]),
        ],
        colspan=2,
        header=True,
    )
    table = Table(
        [
            Row([cell("H1"), cell("H2"), cell("H3")], header=True),
            Row([cell("group", colspan=3)], group=True),
            Row([cell(None), Cell([Paragraph([])]), cell("  spaced  ")]),
            Row([rich, cell("c", align="center")]),
            Row([general, cell("last")]),
            Row([]),
        ],
        widths=[1, 2, 1],
        style="matrix",
    )
    heading = Heading(2, [Text("Sub "), Text("bold", bold=True)], bookmark="sub-1")
    return Document(
        [
            Cover([para("Cover", style="title"), logo]),
            TableOfContents("Contents", levels=3),
            Heading(1, [Text("Intro")]),
            Paragraph(
                [Text("red", color="C00000"), Link("l", "mailto:a@b.dk"), Field("DATE", "")],
                align="center",
                keep_with_next=True,
            ),
            ListBlock([[para("b1")], [para("b2"), para("cont")]]),
            ListBlock([[para("o1")]], ordered=True),
            PageBreak(),
            table,
            Section([heading, table]),
            PageBreak(),
            Section([table]),
            TableOfContents("", levels=1),
            logo,
            table,
        ],
        Properties(header=[Text("Header")], footer=footer(), header_logo=logo),
    )


def test_the_writer_keeps_the_schema_order_word_insists_on(writer: DocxWriter) -> None:
    for document in (report(), every_kind_of_block()):
        xml = parts(writer.write(document))
        for name in ("word/document.xml", "word/header1.xml", "word/footer1.xml"):
            assert schema_order_errors(xml[name]) == [], name
        assert schema_order_errors(xml["word/styles.xml"]) == []


def test_paragraph_cell_and_section_properties_are_in_schema_order(writer: DocxWriter) -> None:
    data = writer.write(every_kind_of_block())
    body = body_of(data)

    def children(element: etree._Element) -> list[str]:
        return [child.tag[len(W) :] for child in element]

    ppr = xpath(body, "w:p/w:pPr[w:keepNext and w:jc]")[0]
    assert children(ppr) == ["keepNext", "jc"]
    list_ppr = xpath(body, "w:p/w:pPr[w:numPr]")[0]
    assert children(list_ppr) == ["pStyle", "numPr"]
    assert children(list_ppr.find("w:numPr", NS)) == ["ilvl", "numId"]
    shaded_span = xpath(body, "w:tbl/w:tr/w:tc/w:tcPr[w:gridSpan and w:shd]")[0]
    assert children(shaded_span) == ["tcW", "gridSpan", "shd"]
    tbl = xpath(body, "w:tbl")[0]
    assert children(tbl)[:2] == ["tblPr", "tblGrid"]
    assert children(tbl.find("w:tblPr", NS)) == ["tblStyle", "tblW", "tblLayout", "tblLook"]
    run_pr = xpath(body, "//w:r/w:rPr[w:b and w:color] | //w:r/w:rPr[w:i and w:color]")[0]
    assert children(run_pr)[-1] == "color"
    section_break = xpath(body, "w:p/w:pPr[w:sectPr]")[0]
    assert children(section_break)[-1] == "sectPr"
    sect_pr = section_break.find("w:sectPr", NS)
    assert children(sect_pr) == [
        "headerReference", "footerReference", "pgSz", "pgMar", "cols", "titlePg", "docGrid",
    ]  # fmt: skip
    assert children(body)[-1] == "sectPr"


def test_a_template_missing_page_size_and_proofing_language_keeps_the_schema_order(
    tmp_path: Path,
) -> None:
    """A template edited elsewhere may lack the page size or the default language: what the
    writer adds goes where the schema wants it, not at the end."""
    template = reopen(STYLES.read_bytes())
    sect_pr = template.element.body.find("w:sectPr", NS)
    sect_pr.remove(sect_pr.find("w:pgSz", NS))
    sect_pr.remove(sect_pr.find("w:pgMar", NS))
    rpr = template.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    rpr.remove(rpr.find("w:lang", NS))
    etree.SubElement(rpr, W + "eastAsianLayout")
    path = tmp_path / "styles.docx"
    template.save(str(path))
    document = Document([para("a"), Section([Table([Row([cell("b")])])]), para("c")])
    xml = parts(write_docx(document, path, "en-GB"))
    for name in ("word/document.xml", "word/styles.xml"):
        assert schema_order_errors(xml[name]) == [], name
    final = xml["word/document.xml"].find("w:body/w:sectPr", NS)
    assert [child.tag[len(W) :] for child in final][:2] == ["pgSz", "cols"]
    rpr = xml["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert [child.tag[len(W) :] for child in rpr][-2:] == ["lang", "eastAsianLayout"]
    assert rpr.find("w:lang", NS).get(W + "val") == "en-GB"


def test_the_order_check_finds_what_word_refuses() -> None:
    bad = etree.fromstring(
        f'<w:body xmlns:w="{NS["w"]}"><w:p><w:pPr><w:jc w:val="left"/><w:pStyle w:val="x"/>'
        "</w:pPr></w:p><w:tbl><w:tblPr/><w:tblGrid/><w:tr><w:tc><w:tcPr/></w:tc></w:tr></w:tbl>"
        "<w:sectPr><w:cols/><w:pgSz/></w:sectPr></w:body>"
    )
    assert schema_order_errors(bad) == [
        "pPr in p: w:pStyle out of order",
        "sectPr in body: w:pgSz out of order",
        "tc: does not end with a w:p",
    ]


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("openxml_audit") is None,
    reason="openxml-audit (a port of the Open XML SDK validator) is not installed",
)
def test_the_open_xml_sdk_schemas_find_no_error(writer: DocxWriter, tmp_path: Path) -> None:
    """Schema validation as Word's own SDK does it (ECMA-376 transitional and Office's
    extensions), where ``openxml-audit`` is installed. Its strict policy also wants a theme
    part, which Word does not need: the permissive policy leaves that out."""
    from openxml_audit import OpenXmlValidator

    validator = OpenXmlValidator(strict=False)
    for index, document in enumerate((report(), every_kind_of_block())):
        path = tmp_path / f"{index}.docx"
        path.write_bytes(writer.write(document))
        result = validator.validate(path)
        # every finding: the permissive policy reports a schema violation as a warning and
        # still says is_valid (a cell without a paragraph, which Word refuses, is one)
        assert not result.errors, [str(error) for error in result.errors]
    # ... and the check can fail: the same report with one cell's paragraph taken out
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(tmp_path / "0.docx") as source, zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                tree = etree.fromstring(data)
                cell = tree.find(f".//{{{NS['w']}}}tc")
                assert cell is not None
                for paragraph in cell.findall(f"{{{NS['w']}}}p"):
                    cell.remove(paragraph)
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(name, data)
    assert validator.validate(broken).errors


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("openxml_audit") is None,
    reason="openxml-audit (a port of the Open XML SDK validator) is not installed",
)
def test_rendered_reports_pass_the_open_xml_sdk_schemas(tmp_path: Path) -> None:
    """The whole reports as a steering group gets them: every example in both languages,
    with a logo in the header and on the cover, and the portfolio overview."""
    import shutil as sh

    from click.testing import CliRunner
    from openxml_audit import OpenXmlValidator

    from forankring_docs.cli import main
    from tests.conftest import CASES, EXAMPLES
    from tests.templating.test_template_folder import png

    look = tmp_path / "look"
    look.mkdir()
    (look / "logo.png").write_bytes(png(40, 10))
    cases = tmp_path / "cases"
    cases.mkdir()
    for path in [*CASES.glob("*.yaml"), *EXAMPLES.glob("*.yaml")]:
        sh.copy(path, cases / path.name)
    runner = CliRunner()
    for language, template in (("da", []), ("en", ["--template", str(look)])):
        out = tmp_path / language
        result = runner.invoke(
            main,
            [
                "render",
                str(cases),
                "-o",
                str(out),
                "-q",
                "-j",
                "1",
                "--language",
                language,
                *template,
            ],
        )
        assert result.exit_code == 0, result.stderr
    overview = tmp_path / "oversigt.docx"
    assert runner.invoke(main, ["overview", str(cases), "-o", str(overview)]).exit_code == 0
    validator = OpenXmlValidator(strict=False)
    documents = [*sorted(tmp_path.glob("*/*.docx")), overview]
    assert len(documents) >= 7
    for path in documents:
        result = validator.validate(path)
        assert not result.errors, (path.name, [str(error) for error in result.errors][:5])


# ---------------------------------------------------------------- LibreOffice
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) and pdftotext are not installed",
)
def test_libreoffice_renders_headings_tables_and_toc(report_bytes: bytes, tmp_path: Path) -> None:
    source = tmp_path / "rapport.docx"
    source.write_bytes(report_bytes)
    profile = Path("/tmp") / f"lo-profile-{uuid.uuid4().hex}"
    try:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "rapport.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "Resumé og indstilling" in text
    assert "Kortlægning af forankringsaktører" in text
    assert "Jobcenter Aarhus" in text  # a table cell
    assert "Side 2 af" in text  # the footer's fields (the cover, page 1, has no footer)
    assert text.count("Nøgletal") >= 2  # in the table of contents and as a heading


def test_no_printable_character_is_one_xml_cannot_hold() -> None:
    """``clean`` lets printable text through untested; every code point says it may."""
    from forankring_docs.writers.docx.oxml import _NOT_XML

    printable_but_not_xml = [
        hex(code)
        for code in range(0x110000)
        if chr(code).isprintable() and _NOT_XML.match(chr(code))
    ]
    assert printable_but_not_xml == []


def test_writes_leave_the_template_they_copy_as_it_was(tmp_path: Path) -> None:
    """Each write starts from a copy of the opened template, sharing the parts it does not
    change once they are zipped for its variant: however many writes, in either language,
    with or without contents, links and pictures, the template's parts stay as they were."""
    writer = DocxWriter(STYLES)
    package = writer._opened.part.package

    def snapshot() -> dict[str, bytes]:
        return {str(part.partname): part.blob for part in package.iter_parts()}

    before = snapshot()
    picture = Image(tiny_png(), "logo.png", 2.0)
    documents = [
        report(),
        Document([Paragraph([Link("cfbu", "https://cfbu.dk")]), picture]),
        Document([TableOfContents("Indhold"), Heading(1, [Text("Et afsnit")])]),
    ]
    outputs = {}
    for round_ in range(3):  # the first writes make each variant, the later ones reuse it
        for index, document in enumerate(documents):
            for language in ("da-DK", "en-GB"):
                data = writer.write(document, language)
                assert outputs.setdefault((index, language), data) == data, round_
    assert snapshot() == before

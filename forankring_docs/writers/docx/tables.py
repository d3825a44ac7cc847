"""The XML of tables: the element helpers (cell shading, repeated header rows, rows kept on
one page, borders, column widths) and the text templates made from them.

A table is written as XML text put together from templates of its rows, cells and runs,
and spliced into the serialized document: building some ten lxml elements per cell was most
of the time of a write. Each template is made once by the helpers below, so the XML is
theirs.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from forankring_docs.document.model import Align, Table
from forankring_docs.writers.docx.fields import append_toc_entry
from forankring_docs.writers.docx.oxml import (
    R_NS,
    W_COLOR,
    W_NS,
    W_P,
    W_VAL,
    XML_SPACE,
    Element,
    SubElement,
    append_paragraph,
    append_text_run,
    hex_color,
    line_break,
)

# Cell fills for rows whose cells carry no shade of their own (the markup's palette:
# "header" and "grey").
HEADER_ROW_FILL = "D9E2F3"
GROUP_ROW_FILL = "E7E6E6"
FALLBACK_BORDER_COLOR = "A6A6A6"  # only for a table style without borders
# Tables and plain paragraphs are XML text, spliced into the serialized document at this
# processing instruction (writer._Build._append_text).
TABLE_PI = "forankring-table"
TABLE_MARK = re.compile(rb"<\?forankring-table (\d+)\?>")
_TEXT_MARK = "\ue000"  # stands for the text in a cell template (a private-use character)
_NAME_MARK = "\ue001"  # ... and for a bookmark's name
NAME_MARK = "\ue002"  # a bookmark's name in a table-of-contents entry's template
PAGE_MARK = "\ue003"  # ... and its page number
_W_ID = qn("w:id")
_W_TBL = qn("w:tbl")
_W_TR = qn("w:tr")
_W_W = qn("w:w")
_W_TYPE = qn("w:type")

# width, span, fill, bold, alignment, keep with next, has text
CellKey = tuple[int, int, str | None, bool, Align | None, bool, bool]


def set_cell_shading(tc_pr: Element, fill: str) -> None:
    """Fill a cell (``w:shd``) with an RRGGBB colour; ``tc_pr`` is the cell's ``w:tcPr``."""
    SubElement(tc_pr, qn("w:shd"), {W_VAL: "clear", W_COLOR: "auto", qn("w:fill"): fill})


def repeat_as_header_row(tr_pr: Element) -> None:
    """Repeat the row at the top of every page the table runs over (``w:tblHeader``)."""
    SubElement(tr_pr, qn("w:tblHeader"))


def prevent_row_split(tr_pr: Element) -> None:
    """Keep the row on one page (``w:cantSplit``)."""
    SubElement(tr_pr, qn("w:cantSplit"))


def add_table_borders(tbl_pr: Element, color: str = FALLBACK_BORDER_COLOR) -> None:
    """Thin borders on a table whose style draws none (``w:tblBorders``)."""
    borders = SubElement(tbl_pr, qn("w:tblBorders"))
    line = {W_VAL: "single", qn("w:sz"): "4", qn("w:space"): "0", W_COLOR: color}
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        SubElement(borders, qn(f"w:{side}"), line)


def _table_look(*, first_row: bool) -> dict[str, str]:
    """``w:tblLook``: which conditional formats of the table style apply (header row only)."""
    return {
        W_VAL: "0620" if first_row else "0600",
        qn("w:firstRow"): "1" if first_row else "0",
        qn("w:lastRow"): "0",
        qn("w:firstColumn"): "0",
        qn("w:lastColumn"): "0",
        qn("w:noHBand"): "1",
        qn("w:noVBand"): "1",
    }


def table_cell(parent: Element, width: int, span: int, fill: str | None) -> Element:
    """Append a ``w:tc`` with its width, span and shading."""
    tc = SubElement(parent, qn("w:tc"))
    tc_pr = SubElement(tc, qn("w:tcPr"))
    SubElement(tc_pr, qn("w:tcW"), {_W_W: str(width), _W_TYPE: "dxa"})
    if span > 1:
        SubElement(tc_pr, qn("w:gridSpan"), {W_VAL: str(span)})
    if fill:
        set_cell_shading(tc_pr, hex_color(fill))
    return tc


def column_widths(weights: list[float], total: int) -> list[int]:
    """Split ``total`` twips in proportion to ``weights``; the widths add up to ``total``.

    Non-positive or missing weights count as equal shares (largest remainder rounding).
    """
    if not weights:
        return []
    if any(not w > 0 for w in weights) or not all(math.isfinite(w) for w in weights):
        weights = [1.0] * len(weights)
    scale = total / sum(weights)
    exact = [w * scale for w in weights]
    widths = [int(x) for x in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: widths[i] - exact[i])
    for i in by_remainder[: total - sum(widths)]:
        widths[i] += 1
    return widths


def grid_weights(table: Table) -> list[float]:
    """The relative widths of a table's grid columns (enough columns for every row)."""
    spans = max((sum(max(c.colspan, 1) for c in r.cells) for r in table.rows), default=0)
    weights = list(table.widths)
    if len(weights) < spans:
        filler = (sum(weights) / len(weights)) if weights else 1.0
        weights.extend([filler] * (spans - len(weights)))
    return weights


# ================================================================ text templates
def body_namespaces(nsmap: dict[str | None, str]) -> dict[str | None, str]:
    """The declarations of the document's root that a table may use (w:, r: for links)."""
    return {prefix: uri for prefix, uri in nsmap.items() if uri in (W_NS, R_NS)}


class Fragments:
    """The XML text of elements built under a scratch parent that declares the document's
    namespaces, without those declarations: text to splice into the serialized document
    (where the root declares them), with the prefixes the document uses."""

    def __init__(self, nsmap: dict[str | None, str]) -> None:
        self.scratch = etree.Element(_W_TBL, nsmap=nsmap)
        probe = etree.tostring(SubElement(self.scratch, _W_TR), encoding="unicode")
        del self.scratch[:]
        self.declarations = probe[probe.index(" ") : -2]  # <w:tr xmlns:w="..." .../>

    def text(self, element: Element, *, keep: bool = False) -> str:
        """The XML text of ``element``, built under ``scratch``; it leaves its parent unless
        ``keep``."""
        xml = etree.tostring(element, encoding="unicode", with_tail=False)
        parent = element.getparent()
        if not keep and parent is not None:
            parent.remove(element)
        return xml.replace(self.declarations, "", 1)


@dataclass(frozen=True, slots=True)
class TextTemplate:
    """An element's XML text around its text: ``head`` + escaped text + ``tail``."""

    head: str
    head_preserve: str  # for text whose spaces Word must keep (xml:space="preserve")
    tail: str

    def with_text(self, text: str) -> str:
        """The head and ``text`` (not empty), escaped."""
        preserve = text[0] == " " or text[-1] == " " or "  " in text
        return (self.head_preserve if preserve else self.head) + xml_text(text)


def xml_text(text: str) -> str:
    """Text escaped as lxml writes element text (``text`` is clean, without ``\\r``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attribute(text: str) -> str:
    """Text escaped as lxml writes an attribute value."""
    text = xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    for char, escaped in (("\n", "&#10;"), ("\r", "&#13;"), ("\t", "&#9;")):
        if char in text:
            text = text.replace(char, escaped)
    return text


#: A table-of-contents entry's look (``TableTemplates.toc_entry``).
TocEntryKey = tuple[str, bool, str | None, bool, bool, bool]

#: A body paragraph's look: style id, alignment, keep with next, page break before, and the
#: numbering instance of a list item.
BodyParagraphKey = tuple[str | None, "Align | None", bool, bool, "int | None"]


@dataclass(frozen=True, slots=True)
class BodyParagraphTemplate:
    """A body paragraph's XML text: ``head`` + runs + ``tail``, or ``empty`` without any."""

    head: str
    tail: str
    empty: str


def _open_and_close(xml: str) -> tuple[str, str]:
    """An element's XML text split before its end tag, for content to go in between."""
    if xml.endswith("/>"):
        name = xml[1:].split(None, 1)[0].removesuffix("/>")
        return xml[:-2] + ">", f"</{name}>"
    end = xml.rindex("</")
    return xml[:end], xml[end:]


@dataclass(frozen=True, slots=True)
class TableTemplate:
    """A table's XML text around its width, its column widths and its rows: ``start`` +
    width + ``grid_start`` + widths joined by ``column_separator`` + ``grid_end`` + rows +
    ``end``."""

    start: str
    grid_start: str
    column_separator: str
    grid_end: str
    end: str


class TableTemplates:
    """The XML text of table rows, cells, cell paragraphs and text runs, per look (width,
    fill, style, bold, ...): made once from elements built by the XML helpers, then reused.
    Kept by the writer across writes, and forgotten when there are many, so a long batch
    stays flat."""

    LIMIT = 4096

    def __init__(self, nsmap: dict[str | None, str]) -> None:
        self.fragments = Fragments(nsmap)
        scratch = self.fragments.scratch
        p = SubElement(scratch, W_P)
        self.line_break = self.fragments.text(line_break(p)[0])
        scratch.remove(p)
        self.cells: dict[CellKey, TextTemplate] = {}  # cells of one plain run (or none)
        self.shells: dict[tuple[int, int, str | None], tuple[str, str]] = {}  # w:tc
        self.paragraphs: dict[tuple[str, Align | None, bool], tuple[str, str]] = {}
        self.body_paragraphs: dict[BodyParagraphKey, BodyParagraphTemplate] = {}
        self.bookmark: tuple[str, str, str, str, str] | None = None  # around id and name
        self.toc_entries: dict[TocEntryKey, tuple[str, str, str]] = {}
        self.runs: dict[tuple[bool, bool, str | None], TextTemplate] = {}
        self.rows: dict[bool, tuple[str, str]] = {}  # header row or not
        self.tables: dict[tuple[str, bool, bool], TableTemplate] = {}

    def make_room(self) -> None:
        """Forget the cell templates once there are ``LIMIT`` of them."""
        sizes = len(self.cells) + len(self.shells) + len(self.runs) + len(self.body_paragraphs)
        if sizes >= self.LIMIT:
            self.cells, self.shells, self.runs, self.body_paragraphs = {}, {}, {}, {}

    def body_paragraph(self, key: BodyParagraphKey) -> BodyParagraphTemplate:
        """A body paragraph's XML text before and after its content, and without any: for
        ``(style id, alignment, keep with next, page break before, numbering id)``."""
        found = self.body_paragraphs.get(key)
        if found is None:
            self.make_room()
            style_id, align, keep_next, page_break, num_id = key
            p = append_paragraph(
                self.fragments.scratch,
                style_id,
                align=align,
                keep_next=keep_next,
                page_break_before=page_break,
                num_id=num_id,
            )
            empty = self.fragments.text(p)
            head, tail = _open_and_close(empty)
            found = self.body_paragraphs[key] = BodyParagraphTemplate(head, tail, empty)
        return found

    def toc_entry(self, key: TocEntryKey) -> tuple[str, str, str]:
        """A table-of-contents entry's XML text before its text (and before text whose
        spaces are kept) and after it, with ``NAME_MARK`` and ``PAGE_MARK`` for its bookmark
        name and page number; for (paragraph style id, page break before, the field's
        instruction in the first entry, last entry, has a bookmark, has a page)."""
        found = self.toc_entries.get(key)
        if found is None:
            style_id, page_break, instruction, last, has_name, has_page = key
            made = []
            for text in (_TEXT_MARK, " " + _TEXT_MARK):  # the second keeps its spaces
                p = append_paragraph(self.fragments.scratch, style_id, page_break_before=page_break)
                append_toc_entry(
                    p,
                    text,
                    NAME_MARK if has_name else None,
                    PAGE_MARK if has_page else None,
                    instruction=instruction,
                    last=last,
                )
                made.append(self.fragments.text(p).split(_TEXT_MARK))
            (head, tail), (head_preserve, _) = made
            found = self.toc_entries[key] = (head, head_preserve.removesuffix(" "), tail)
        return found

    def bookmark_xml(self, name: str, bookmark_id: int) -> tuple[str, str]:
        """A bookmark's start and end as XML text (``fields.add_bookmark`` as text)."""
        if self.bookmark is None:
            p = SubElement(self.fragments.scratch, W_P)
            SubElement(p, qn("w:bookmarkStart"), {_W_ID: _TEXT_MARK, qn("w:name"): _NAME_MARK})
            SubElement(p, qn("w:bookmarkEnd"), {_W_ID: _TEXT_MARK})
            start, end = (self.fragments.text(child, keep=True) for child in p)
            self.fragments.scratch.remove(p)
            before_id, rest = start.split(_TEXT_MARK)
            between, after = rest.split(_NAME_MARK)
            end_before, end_after = end.split(_TEXT_MARK)
            self.bookmark = (before_id, between, after, end_before, end_after)
        before_id, between, after, end_before, end_after = self.bookmark
        ident = str(bookmark_id)
        return (
            before_id + ident + between + _xml_attribute(name) + after,
            end_before + ident + end_after,
        )

    def table(self, style_id: str, bordered: bool, has_header: bool) -> TableTemplate:
        """A table in the table style ``style_id`` (``bordered``: the style draws borders)."""
        key = (style_id, bordered, has_header)
        found = self.tables.get(key)
        if found is None:
            tbl = SubElement(self.fragments.scratch, _W_TBL)
            tbl_pr = SubElement(tbl, qn("w:tblPr"))
            SubElement(tbl_pr, qn("w:tblStyle"), {W_VAL: style_id})
            SubElement(tbl_pr, qn("w:tblW"), {_W_W: _TEXT_MARK, _W_TYPE: "dxa"})
            if not bordered:
                add_table_borders(tbl_pr)
            SubElement(tbl_pr, qn("w:tblLayout"), {_W_TYPE: "fixed"})
            SubElement(tbl_pr, qn("w:tblLook"), _table_look(first_row=has_header))
            tbl_grid = SubElement(tbl, qn("w:tblGrid"))
            for _ in range(2):
                SubElement(tbl_grid, qn("w:gridCol"), {_W_W: _TEXT_MARK})
            start, grid_start, separator, rest = self.fragments.text(tbl).split(_TEXT_MARK)
            grid_end, end = _open_and_close(rest)
            found = self.tables[key] = TableTemplate(start, grid_start, separator, grid_end, end)
        return found

    def row(self, header: bool) -> tuple[str, str]:
        """A row's XML text before and after its cells."""
        found = self.rows.get(header)
        if found is None:
            tr = SubElement(self.fragments.scratch, _W_TR)
            tr_pr = SubElement(tr, qn("w:trPr"))
            prevent_row_split(tr_pr)
            if header:
                repeat_as_header_row(tr_pr)
            found = self.rows[header] = _open_and_close(self.fragments.text(tr))
        return found

    def cell(self, key: CellKey, style_id: str) -> TextTemplate:
        """A cell of one plain run in the paragraph style ``style_id`` (or of no run)."""
        found = self.cells.get(key)
        if found is None:
            self.make_room()
            width, span, fill, bold, align, keep_next, has_text = key
            tc = table_cell(self.fragments.scratch, width, span, fill)
            p = append_paragraph(tc, style_id, align=align, keep_next=keep_next)
            if has_text:
                append_text_run(p, _TEXT_MARK, bold=bold)
                found = self._text_template(tc, tc[-1][-1][-1])  # tc/p/r/t
            else:
                found = TextTemplate(self.fragments.text(tc), "", "")
            self.cells[key] = found
        return found

    def shell(self, width: int, span: int, fill: str | None) -> tuple[str, str]:
        """A cell's XML text before and after its paragraphs."""
        key = (width, span, fill)
        found = self.shells.get(key)
        if found is None:
            self.make_room()
            tc = table_cell(self.fragments.scratch, width, span, fill)
            found = self.shells[key] = _open_and_close(self.fragments.text(tc))
        return found

    def paragraph(self, style_id: str, align: Align | None, keep_next: bool) -> tuple[str, str]:
        """A cell paragraph's XML text before and after its runs."""
        key = (style_id, align, keep_next)
        found = self.paragraphs.get(key)
        if found is None:
            p = append_paragraph(self.fragments.scratch, style_id, align=align, keep_next=keep_next)
            found = self.paragraphs[key] = _open_and_close(self.fragments.text(p))
        return found

    def run(self, bold: bool, italic: bool, color: str | None) -> TextTemplate:
        """A run of text without breaks or tabs."""
        key = (bold, italic, color)
        found = self.runs.get(key)
        if found is None:
            self.make_room()
            p = SubElement(self.fragments.scratch, W_P)
            append_text_run(p, _TEXT_MARK, bold=bold, italic=italic, color=color)
            found = self.runs[key] = self._text_template(p[0], p[0][-1])
            self.fragments.scratch.remove(p)
        return found

    def _text_template(self, element: Element, t: Element) -> TextTemplate:
        """The template of ``element`` (a child of the scratch), whose ``w:t`` ``t`` holds
        ``_TEXT_MARK``; ``element`` leaves the scratch."""
        head, tail = self.fragments.text(element, keep=True).split(_TEXT_MARK)
        t.set(XML_SPACE, "preserve")
        head_preserve, _ = self.fragments.text(element).split(_TEXT_MARK)
        return TextTemplate(head, head_preserve, tail)

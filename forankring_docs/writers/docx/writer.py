"""Write the neutral document model as a Word document on a template's ``styles.docx``.

python-docx opens the template, and gives us the core properties, the header and footer
parts, relationships (hyperlinks, pictures) and the parts to save. The body itself is built
as lxml elements appended straight to ``w:body``: python-docx's per-cell API costs ~130 µs a
cell and its ``table.cell(r, c)`` is quadratic. Tables, most of a report, are cheaper still:
they are XML text put together from templates of their rows, cells and runs
(``_TableTemplates``; each template is made once by the helpers below, so the XML is theirs),
and spliced into the serialized document, ~2 µs a cell. The cost of a write grows linearly
with the document.

Saving zips the parts itself (``_zip_bytes``, with fixed timestamps: the same document gives
the same bytes). The template's parts that a write does not change (styles and settings per
language, numbering, fonts, theme, ...) are serialized and compressed once per writer.

The writer formats only through styles (see ``PARAGRAPH_STYLES`` and the other style names
below). The exceptions are the cell shading, coloured text runs (``Text.color``), bold header
and group cells, and table borders when the table style has none.

Each XML trick lives in one small named helper: ``set_cell_shading``, ``repeat_as_header_row``,
``prevent_row_split``, ``append_field``, ``set_proofing_language``, ``add_bookmark``,
``set_section_orientation``, ``end_section``, ``add_table_borders``, ``drop_title_page``,
``append_right_margin_tab``.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import re
import struct
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.spec import default_content_types
from docx.shared import Cm
from lxml import etree

from forankring_docs.document.model import (
    Align,
    Cell,
    Cover,
    Document,
    Field,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Orientation,
    PageBreak,
    Paragraph,
    Properties,
    Row,
    Section,
    Table,
    TableOfContents,
    Text,
)
from forankring_docs.errors import ForankringError

__all__ = [
    "DocxWriter",
    "GROUP_ROW_FILL",
    "HEADER_ROW_FILL",
    "PARAGRAPH_STYLES",
    "REQUIRED_STYLES",
    "TABLE_STYLES",
    "TemplateStyleError",
    "add_bookmark",
    "add_table_borders",
    "append_field",
    "append_right_margin_tab",
    "column_widths",
    "drop_title_page",
    "end_section",
    "section_orientation",
    "prevent_row_split",
    "repeat_as_header_row",
    "set_cell_shading",
    "set_proofing_language",
    "set_section_orientation",
    "text_width",
    "write_docx",
]

Element = etree._Element

# ---------------------------------------------------------------- style names
# The one place where the markup's paragraph classes meet Word's style names (the names that
# Word shows; the writer finds the style ids in styles.docx by these names).
PARAGRAPH_STYLES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "draft": "Forankring Draft",
    "lead": "Forankring Lead",
    "note": "Forankring Note",
    "meta": "Forankring Meta",
    "empty": "Forankring Empty",
    "cell": "Forankring Cell",
}
# Table classes of the markup; one Word table style for all of them.
DEFAULT_TABLE_STYLE = "Forankring Table"
TABLE_STYLES: dict[str, str] = {
    name: DEFAULT_TABLE_STYLE for name in ("data", "facts", "matrix", "heat", "grid", "timeline")
}
HEADING_STYLE = "Heading {level}"
TOC_HEADING_STYLE = "TOC Heading"
TOC_ENTRY_STYLE = "TOC {level}"
BULLET_LIST_STYLE = "List Bullet"
NUMBER_LIST_STYLE = "List Number"
LIST_CONTINUE_STYLE = "List Continue"
# Case text in a table cell: a paragraph after another block of the cell, and a bullet item.
# Optional: a template made before they existed gets the style each maps to instead.
CELL_SPACED_STYLE = "Forankring Cell Spaced"
CELL_BULLET_STYLE = "Forankring Cell Bullet"
OPTIONAL_STYLES: dict[str, str] = {
    CELL_SPACED_STYLE: PARAGRAPH_STYLES["cell"],
    CELL_BULLET_STYLE: BULLET_LIST_STYLE,
}
HEADER_STYLE = "Header"
FOOTER_STYLE = "Footer"
HYPERLINK_STYLE = "Hyperlink"
CELL_CLASS = "cell"
# Every style a report may use, as (Word's name, style type): a template's styles.docx must
# have them all (``DocxWriter.missing_styles``), so a missing one is found before writing.
REQUIRED_STYLES: tuple[tuple[str, str], ...] = (
    *((name, "paragraph") for name in PARAGRAPH_STYLES.values()),
    *((HEADING_STYLE.format(level=level), "paragraph") for level in (1, 2, 3)),
    (TOC_HEADING_STYLE, "paragraph"),
    *((TOC_ENTRY_STYLE.format(level=level), "paragraph") for level in (1, 2, 3)),
    (BULLET_LIST_STYLE, "paragraph"),
    (NUMBER_LIST_STYLE, "paragraph"),
    (LIST_CONTINUE_STYLE, "paragraph"),
    (HEADER_STYLE, "paragraph"),
    (FOOTER_STYLE, "paragraph"),
    (HYPERLINK_STYLE, "character"),
    (DEFAULT_TABLE_STYLE, "table"),
)

# Cell fills for rows whose cells carry no shade of their own (the markup's palette:
# "header" and "grey").
HEADER_ROW_FILL = "D9E2F3"
GROUP_ROW_FILL = "E7E6E6"
# Tables whose cells are centered unless they say otherwise (the row labels stay left).
CENTERED_TABLE_CLASSES = frozenset({"matrix"})

DEFAULT_LANGUAGE = "da-DK"
TOC_INSTRUCTION = 'TOC \\o "1-{levels}" \\h \\z \\u'
FALLBACK_BORDER_COLOR = "A6A6A6"  # only for a table style without borders

# ---------------------------------------------------------------- XML names
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


W_ABSTRACT_NUM_ID = _w("abstractNumId")
W_AFTER = _w("after")
W_ANCHOR = _w("anchor")
W_B = _w("b")
W_BASED_ON = _w("basedOn")
W_BEFORE = _w("before")
W_BOOKMARK_END = _w("bookmarkEnd")
W_BOOKMARK_START = _w("bookmarkStart")
W_BR = _w("br")
W_CANT_SPLIT = _w("cantSplit")
W_COLOR = _w("color")
W_DOC_DEFAULTS = _w("docDefaults")
W_DRAWING = _w("drawing")
W_FILL = _w("fill")
W_FLD_CHAR = _w("fldChar")
W_FLD_CHAR_TYPE = _w("fldCharType")
W_GRID_COL = _w("gridCol")
W_GRID_SPAN = _w("gridSpan")
W_GUTTER = _w("gutter")
W_H = _w("h")
W_HISTORY = _w("history")
W_HYPERLINK = _w("hyperlink")
W_I = _w("i")
W_ID = _w("id")
W_ILVL = _w("ilvl")
W_INSTR_TEXT = _w("instrText")
W_JC = _w("jc")
W_KEEP_NEXT = _w("keepNext")
W_LANG = _w("lang")
W_LEFT = _w("left")
W_LINE = _w("line")
W_LINE_RULE = _w("lineRule")
W_NAME = _w("name")
W_NUM = _w("num")
W_NUM_ID = _w("numId")
W_NUM_PR = _w("numPr")
W_ORIENT = _w("orient")
W_P = _w("p")
W_PAGE_BREAK_BEFORE = _w("pageBreakBefore")
W_PG_MAR = _w("pgMar")
W_PG_SZ = _w("pgSz")
W_PPR = _w("pPr")
W_PSTYLE = _w("pStyle")
W_R = _w("r")
W_RIGHT = _w("right")
W_RPR = _w("rPr")
W_RPR_DEFAULT = _w("rPrDefault")
W_RSTYLE = _w("rStyle")
W_SECT_PR = _w("sectPr")
W_SHD = _w("shd")
W_SPACING = _w("spacing")
W_STYLE = _w("style")
W_STYLE_ID = _w("styleId")
W_T = _w("t")
W_TAB = _w("tab")
W_PTAB = _w("ptab")
W_TBL = _w("tbl")
W_TBL_BORDERS = _w("tblBorders")
W_TBL_GRID = _w("tblGrid")
W_TBL_HEADER = _w("tblHeader")
W_TBL_LAYOUT = _w("tblLayout")
W_TBL_LOOK = _w("tblLook")
W_TBL_PR = _w("tblPr")
W_TBL_STYLE = _w("tblStyle")
W_TBL_W = _w("tblW")
W_TC = _w("tc")
W_TITLE_PG = _w("titlePg")
W_TC_PR = _w("tcPr")
W_TC_W = _w("tcW")
W_THEME_FONT_LANG = _w("themeFontLang")
W_TR = _w("tr")
W_TR_PR = _w("trPr")
W_TYPE = _w("type")
W_VAL = _w("val")
W_W = _w("w")
R_ID = f"{{{R_NS}}}id"

SubElement = etree.SubElement

_JC = {"left": "left", "center": "center", "right": "right"}
# Characters that XML 1.0 cannot hold (a case file's control characters are validation
# errors upstream; here they are dropped rather than producing a file Word refuses).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("(\r\n|[\r\n\t])")
_HEX_COLOR = re.compile("[0-9A-Fa-f]{6}")
_BOOKMARK_CHARS = re.compile(r"[^0-9A-Za-z_]")
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_BOOKMARK_MAX = 40  # Word drops longer bookmark names
_CORE_TEXT_MAX = 255  # python-docx refuses longer core properties
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed, so the same document gives the same bytes
# A table is XML text, spliced into the serialized document at this processing instruction.
_TABLE_PI = "forankring-table"
_TABLE_MARK = re.compile(rb"<\?forankring-table (\d+)\?>")
_TEXT_MARK = "\ue000"  # stands for the text in a cell template (a private-use character)


class TemplateStyleError(ForankringError):
    """A style that the writer needs is missing from the template's styles.docx."""

    def __init__(self, style_name: str, styles_path: Path | str) -> None:
        self.style_name = style_name
        self.styles_path = Path(styles_path)
        super().__init__(
            f"{self.styles_path}: the style {style_name!r} is missing; add a style named "
            f"{style_name!r} to this styles.docx (the default one is made by "
            "tools/make_styles.py)"
        )


# ================================================================ small XML helpers
# Word refuses a file ("unreadable content") whose children come out of the schema's order
# (ECMA-376 / ISO 29500 transitional). Where the writer adds a child to an element it did not
# build (the template's section, run defaults, a paragraph's properties), the child goes
# before the first of the siblings that the schema puts after it.
_SECT_PR_AFTER_PG_SZ = tuple(
    _w(name)
    for name in (
        "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
        "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
        "printerSettings", "sectPrChange",
    )
)  # fmt: skip
_RPR_AFTER_LANG = tuple(
    _w(name) for name in ("eastAsianLayout", "specVanish", "oMath", "rPrChange")
)
_PPR_AFTER_SECT_PR = (_w("pPrChange"),)


def _insert_in_order(parent: Element, child: Element, successors: tuple[str, ...]) -> Element:
    """Put ``child`` into ``parent`` before the first child whose tag is in ``successors``
    (the elements the schema puts after it), else at the end; returns ``child``."""
    for sibling in parent.iterchildren(*successors):
        sibling.addprevious(child)
        return child
    parent.append(child)
    return child


def set_cell_shading(tc_pr: Element, fill: str) -> None:
    """Fill a cell (``w:shd``) with an RRGGBB colour; ``tc_pr`` is the cell's ``w:tcPr``."""
    SubElement(tc_pr, W_SHD, {W_VAL: "clear", W_COLOR: "auto", W_FILL: fill})


def repeat_as_header_row(tr_pr: Element) -> None:
    """Repeat the row at the top of every page the table runs over (``w:tblHeader``)."""
    SubElement(tr_pr, W_TBL_HEADER)


def prevent_row_split(tr_pr: Element) -> None:
    """Keep the row on one page (``w:cantSplit``)."""
    SubElement(tr_pr, W_CANT_SPLIT)


def _field_char(parent: Element, kind: str) -> None:
    SubElement(SubElement(parent, W_R), W_FLD_CHAR, {W_FLD_CHAR_TYPE: kind})


def append_field(
    parent: Element, instruction: str, cached: str, *, bold: bool = False
) -> Element | None:
    """Append a complex field (begin, instruction, separate, cached result, end).

    ``parent`` is a paragraph or a hyperlink. Word shows ``cached`` until the field is
    updated, e.g. ``append_field(p, "PAGE", "1")``. Returns the ``w:t`` of the cached
    result (``None`` when ``cached`` is empty).
    """
    _field_char(parent, "begin")
    _append_instruction(parent, instruction.strip())
    _field_char(parent, "separate")
    result = None
    if cached:
        _append_text_run(parent, cached, bold=bold)
        result = parent[-1][-1]
    _field_char(parent, "end")
    return result


def add_bookmark(paragraph: Element, name: str, bookmark_id: int) -> None:
    """Put a bookmark around a paragraph's content (after its ``w:pPr``)."""
    ident = str(bookmark_id)
    start = paragraph.makeelement(W_BOOKMARK_START, {W_ID: ident, W_NAME: name})
    first = paragraph[0] if len(paragraph) else None
    paragraph.insert(1 if first is not None and first.tag == W_PPR else 0, start)
    SubElement(paragraph, W_BOOKMARK_END, {W_ID: ident})


def set_proofing_language(styles: Element, language: str, settings: Element | None = None) -> None:
    """Make ``language`` the proofing language of the document defaults and every style.

    ``styles`` is the ``w:styles`` element; ``settings`` the ``w:settings`` element, whose
    ``w:themeFontLang`` follows along.
    """
    defaults = styles.find(W_DOC_DEFAULTS)
    if defaults is None:
        defaults = styles.makeelement(W_DOC_DEFAULTS, {})
        styles.insert(0, defaults)
    rpr_default = defaults.find(W_RPR_DEFAULT)
    if rpr_default is None:
        rpr_default = styles.makeelement(W_RPR_DEFAULT, {})
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(W_RPR)
    if rpr is None:
        rpr = SubElement(rpr_default, W_RPR)
    lang = rpr.find(W_LANG)
    if lang is None:
        lang = _insert_in_order(rpr, rpr.makeelement(W_LANG, {}), _RPR_AFTER_LANG)
    lang.set(W_VAL, language)
    for style_lang in styles.iterfind(f"{W_STYLE}/{W_RPR}/{W_LANG}"):
        style_lang.set(W_VAL, language)
    if settings is not None:
        theme_lang = settings.find(W_THEME_FONT_LANG)
        if theme_lang is not None:
            theme_lang.set(W_VAL, language)


def set_section_orientation(sect_pr: Element, orientation: Orientation) -> None:
    """Turn a section's page (``w:pgSz``): landscape has the long side as its width."""
    size = sect_pr.find(W_PG_SZ)
    if size is None:
        raise ValueError("the section has no page size (w:pgSz)")
    width, height = int(size.get(W_W, "11906")), int(size.get(W_H, "16838"))
    short, long = sorted((width, height))
    if orientation == "landscape":
        size.set(W_W, str(long))
        size.set(W_H, str(short))
        size.set(W_ORIENT, "landscape")
    else:
        size.set(W_W, str(short))
        size.set(W_H, str(long))
        size.attrib.pop(W_ORIENT, None)


def end_section(body: Element, sect_pr: Element) -> None:
    """End the section at the end of ``body`` with ``sect_pr`` (a section break).

    Word keeps a section's properties in its last paragraph; after a table (or a paragraph
    that already ends a section) that is a new, empty paragraph.
    """
    last = body[-1] if len(body) else None
    if last is None or last.tag != W_P:
        last = _spacer_paragraph(body)
    ppr = last.find(W_PPR)
    if ppr is None:
        ppr = last.makeelement(W_PPR, {})
        last.insert(0, ppr)
    elif ppr.find(W_SECT_PR) is not None:
        ppr = _spacer_paragraph(body).find(W_PPR)
    _insert_in_order(ppr, sect_pr, _PPR_AFTER_SECT_PR)


def _spacer_paragraph(body: Element) -> Element:
    """Append an empty paragraph one point high (exact line spacing, no font of its own):
    the paragraph Word wants after a table at the end of a section, which at full height
    would spill onto a page of its own when the table ends at the foot of a page."""
    p = SubElement(body, W_P)
    ppr = SubElement(p, W_PPR)
    spacing = {W_BEFORE: "0", W_AFTER: "0", W_LINE: "20", W_LINE_RULE: "exact"}
    SubElement(ppr, W_SPACING, spacing)
    return p


def append_right_margin_tab(paragraph: Element) -> None:
    """A tab to the right margin of whatever page the paragraph is on (``w:ptab``), so a
    header's text after the logo ends at the margin in portrait and landscape sections alike.
    Word honours it; LibreOffice reads it as an ordinary tab (the style's tab stops)."""
    ptab = {
        _w("relativeTo"): "margin",
        _w("alignment"): "right",
        _w("leader"): "none",
    }
    SubElement(SubElement(paragraph, W_R), W_PTAB, ptab)


def drop_title_page(sect_pr: Element) -> None:
    """Give a section's first page the usual header and footer (remove ``w:titlePg``).

    A template's "different first page" is meant for the cover: only the document's first
    section keeps it, not each landscape section that copies the template's section."""
    for title_page in sect_pr.findall(W_TITLE_PG):
        sect_pr.remove(title_page)


def _ensure_page_size(sect_pr: Element) -> None:
    """Give a section without a page size (a bare template) A4 portrait."""
    if sect_pr.find(W_PG_SZ) is None:
        size = sect_pr.makeelement(W_PG_SZ, {W_W: "11906", W_H: "16838"})
        _insert_in_order(sect_pr, size, _SECT_PR_AFTER_PG_SZ)


def section_orientation(sect_pr: Element) -> Orientation:
    size = sect_pr.find(W_PG_SZ)
    if size is None:
        return "portrait"
    landscape = int(size.get(W_W, "0")) > int(size.get(W_H, "0"))
    return "landscape" if landscape else "portrait"


def text_width(sect_pr: Element) -> int:
    """The width between the margins of a section's page, in twips."""
    size, margins = sect_pr.find(W_PG_SZ), sect_pr.find(W_PG_MAR)
    width = int(size.get(W_W, "11906")) if size is not None else 11906
    if margins is None:
        return width - 2 * 1440
    used = sum(int(margins.get(side, "0")) for side in (W_LEFT, W_RIGHT, W_GUTTER))
    return width - used


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


def _color(value: str) -> str:
    """An RRGGBB colour from ``RRGGBB`` or ``#RRGGBB``; anything else is an error."""
    hex_value = value.removeprefix("#")
    if not _HEX_COLOR.fullmatch(hex_value):
        raise ValueError(f"invalid colour {value!r}: expected RRGGBB, e.g. F4C7C3")
    return hex_value.upper()


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def _with_text(template: _TextTemplate, text: str) -> str:
    """The template's head and ``text`` (not empty), escaped."""
    preserve = text[0] == " " or text[-1] == " " or "  " in text
    return (template.head_preserve if preserve else template.head) + _xml_text(text)


def _xml_text(text: str) -> str:
    """Text escaped as lxml writes element text (``text`` is clean, without ``\\r``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _append_text_run(
    parent: Element,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    char_style: str | None = None,
) -> None:
    """Append a ``w:r`` for a piece of text; newlines become breaks, tabs become tabs."""
    text = _clean(text)
    if not text:
        return
    r = SubElement(parent, W_R)
    if bold or italic or color or char_style:
        rpr = SubElement(r, W_RPR)
        if char_style:
            SubElement(rpr, W_RSTYLE, {W_VAL: char_style})
        if bold:
            SubElement(rpr, W_B)
        if italic:
            SubElement(rpr, W_I)
        if color:
            SubElement(rpr, W_COLOR, {W_VAL: _color(color)})
    if "\n" in text or "\t" in text or "\r" in text:
        for piece in _BREAKS.split(text):
            if piece in ("\n", "\r\n", "\r"):
                SubElement(r, W_BR)
            elif piece == "\t":
                SubElement(r, W_TAB)
            elif piece:
                _append_t(r, piece)
    else:
        _append_t(r, text)


def _line_break(parent: Element) -> tuple[Element, Element]:
    """Append a run with a line break (``w:br``); the run and the break."""
    run = SubElement(parent, W_R)
    return run, SubElement(run, W_BR)


def _append_t(run: Element, text: str) -> None:
    t = SubElement(run, W_T)
    t.text = text
    if text[0] == " " or text[-1] == " " or "  " in text:
        t.set(XML_SPACE, "preserve")


def _paragraph(
    parent: Element,
    style_id: str | None = None,
    *,
    align: Align | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    num_id: int | None = None,
) -> Element:
    """Append a ``w:p`` with its properties in schema order."""
    p = SubElement(parent, W_P)
    if style_id or align in _JC or keep_next or page_break_before or num_id is not None:
        ppr = SubElement(p, W_PPR)
        if style_id:
            SubElement(ppr, W_PSTYLE, {W_VAL: style_id})
        if keep_next:
            SubElement(ppr, W_KEEP_NEXT)
        if page_break_before:
            SubElement(ppr, W_PAGE_BREAK_BEFORE)
        if num_id is not None:
            num_pr = SubElement(ppr, W_NUM_PR)
            SubElement(num_pr, W_ILVL, {W_VAL: "0"})
            SubElement(num_pr, W_NUM_ID, {W_VAL: str(num_id)})
        if align in _JC:
            SubElement(ppr, W_JC, {W_VAL: _JC[align]})
    return p


def _bookmark_name(raw: str) -> str:
    name = _BOOKMARK_CHARS.sub("_", raw)
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = f"_{name}"
    return name[:_BOOKMARK_MAX]


def _url(href: str) -> str:
    return quote(href, safe=_URL_SAFE)


def _core_text(value: str) -> str:
    return _clean(value)[:_CORE_TEXT_MAX]


def _core_datetime(value: str) -> dt.datetime | None:
    """A UTC datetime from an ISO date or date-time; ``None`` when empty or unreadable."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


# ================================================================ the template
@dataclass(slots=True)
class _TemplateFacts:
    """What the writer needs to know of a styles.docx, read once per template."""

    style_ids: dict[tuple[str, str], str]  # (style type, lower-case name) -> style id
    bordered_table_styles: set[str]  # ids of table styles that draw borders
    number_list_abstract_id: str | None  # abstract numbering of "List Number", if any


def _read_template_facts(template: WordDocument) -> _TemplateFacts:
    styles = template.styles.element
    style_ids: dict[tuple[str, str], str] = {}
    based_on: dict[str, str] = {}
    has_borders: set[str] = set()
    list_num_ids: dict[str, str] = {}
    for style in styles.iterchildren(W_STYLE):
        style_id = style.get(W_STYLE_ID)
        name = style.find(W_NAME)
        if style_id is None:
            continue
        kind = style.get(W_TYPE, "paragraph")
        label = name.get(W_VAL, style_id) if name is not None else style_id
        style_ids.setdefault((kind, label.lower()), style_id)
        parent = style.find(W_BASED_ON)
        if parent is not None:
            based_on[style_id] = parent.get(W_VAL, "")
        if style.find(f"{W_TBL_PR}/{W_TBL_BORDERS}") is not None:
            has_borders.add(style_id)
        num_id = style.find(f"{W_PPR}/{W_NUM_PR}/{W_NUM_ID}")
        if num_id is not None:
            list_num_ids[style_id] = num_id.get(W_VAL, "")

    def bordered(style_id: str) -> bool:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            if style_id in has_borders:
                return True
            seen.add(style_id)
            style_id = based_on.get(style_id, "")
        return False

    bordered_ids = {
        sid for (kind, _), sid in style_ids.items() if kind == "table" and bordered(sid)
    }
    abstract_id = None
    number_style = style_ids.get(("paragraph", NUMBER_LIST_STYLE.lower()))
    if number_style in list_num_ids:
        abstract_id = _abstract_num_id(template, list_num_ids[number_style])
    return _TemplateFacts(style_ids, bordered_ids, abstract_id)


def _abstract_num_id(template: WordDocument, num_id: str) -> str | None:
    try:
        numbering = template.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None
    for num in numbering.iterchildren(W_NUM):
        if num.get(W_NUM_ID) == num_id:
            abstract = num.find(W_ABSTRACT_NUM_ID)
            return abstract.get(W_VAL) if abstract is not None else None
    return None


# ================================================================ headings and pages
@dataclass(slots=True)
class _HeadingPlan:
    """Bookmark names of a document's headings, worked out before writing: the table of
    contents comes before most headings, and its entries link to them."""

    names: dict[int, str] = field(default_factory=dict)  # id(heading) -> bookmark name
    by_bookmark: dict[str, str] = field(default_factory=dict)  # the parser's name -> ours
    by_text: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Iterable[Any]) -> _HeadingPlan:
        plan = cls()
        used: set[str] = set()
        for index, heading in enumerate(_iter_headings(blocks), start=1):
            name = _bookmark_name(heading.bookmark) if heading.bookmark else f"_Toc{index:06d}"
            if name in used:
                name = f"{name[: _BOOKMARK_MAX - 7]}_{index:06d}"
            used.add(name)
            plan.names[id(heading)] = name
            if heading.bookmark:
                plan.by_bookmark.setdefault(heading.bookmark, name)
            plan.by_text.setdefault((heading.level, heading.text), []).append(name)
            plan.headings.append(heading)
        return plan

    def entry_name(self, entry: Heading) -> str | None:
        """The bookmark a table-of-contents entry points at: the same heading object, the
        same parser bookmark, or else the next heading with the same level and text."""
        if id(entry) in self.names:
            return self.names[id(entry)]
        if entry.bookmark and entry.bookmark in self.by_bookmark:
            return self.by_bookmark[entry.bookmark]
        queue = self.by_text.get((entry.level, entry.text))
        return queue.pop(0) if queue else None


def _iter_headings(blocks: Iterable[Any]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Section | Cover):
            yield from _iter_headings(block.blocks)


def _grid_weights(table: Table) -> list[float]:
    """The relative widths of a table's grid columns (enough columns for every row)."""
    spans = max((sum(max(c.colspan, 1) for c in r.cells) for r in table.rows), default=0)
    weights = list(table.widths)
    if len(weights) < spans:
        filler = (sum(weights) / len(weights)) if weights else 1.0
        weights.extend([filler] * (spans - len(weights)))
    return weights


# ================================================================ the writer
class DocxWriter:
    """Writes documents on one template's ``styles.docx``.

    Reads the template once (a batch worker keeps one writer); each ``write`` opens a fresh
    copy from memory, so writes never share document state. What does not depend on the
    document is kept between writes: the zipped members of the template's parts that a write
    leaves unchanged (per language), and the XML text of table rows and cells
    (``_TableTemplates``).
    """

    def __init__(self, styles_path: Path | str) -> None:
        self.styles_path = Path(styles_path)
        self._template = self.styles_path.read_bytes()
        template = self.open_template()
        self.facts = _read_template_facts(template)
        self.template_parts = frozenset(str(p.partname) for p in template.part.package.iter_parts())
        self._static_members: dict[tuple[str, str], list[_ZipMember]] = {}
        self.templates = _TableTemplates(_body_namespaces(template.element.nsmap))
        self._lock = threading.Lock()  # the caches are shared: one write at a time

    def open_template(self) -> WordDocument:
        """A fresh python-docx document of the template."""
        return docx.Document(io.BytesIO(self._template))

    def style_id(self, name: str, kind: str = "paragraph") -> str:
        """The id of the style Word shows as ``name``; ``TemplateStyleError`` if missing."""
        style_id = self.facts.style_ids.get((kind, name.lower()))
        if style_id is None:
            raise TemplateStyleError(name, self.styles_path)
        return style_id

    def missing_styles(self) -> list[str]:
        """The names of the ``REQUIRED_STYLES`` that the template does not have."""
        return [
            name
            for name, kind in REQUIRED_STYLES
            if (kind, name.lower()) not in self.facts.style_ids
        ]

    def write(self, document: Document, language: str | None = None) -> bytes:
        """The .docx bytes of ``document``; ``language`` overrides the document's own."""
        with self._lock:
            return _Build(self, document, language).run()

    def static_members(self, part: Any, language: str) -> list[_ZipMember]:
        """The zip members of a template part that the write left as the template has it
        (styles and settings carry the proofing language, hence the language in the key)."""
        key = (str(part.partname), language)
        members = self._static_members.get(key)
        if members is None:
            members = self._static_members[key] = _part_members(part)
        return members


def _body_namespaces(nsmap: dict[str | None, str]) -> dict[str | None, str]:
    """The declarations of the document's root that a table may use (w:, r: for links)."""
    return {prefix: uri for prefix, uri in nsmap.items() if uri in (W_NS, R_NS)}


class _Fragments:
    """The XML text of elements built under a scratch parent that declares the document's
    namespaces, without those declarations: text to splice into the serialized document
    (where the root declares them), with the prefixes the document uses."""

    def __init__(self, nsmap: dict[str | None, str]) -> None:
        self.scratch = etree.Element(W_TBL, nsmap=nsmap)
        probe = etree.tostring(SubElement(self.scratch, W_TR), encoding="unicode")
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
class _TextTemplate:
    """An element's XML text around its text: ``head`` + escaped text + ``tail``."""

    head: str
    head_preserve: str  # for text whose spaces Word must keep (xml:space="preserve")
    tail: str


def _open_and_close(xml: str) -> tuple[str, str]:
    """An element's XML text split before its end tag, for content to go in between."""
    if xml.endswith("/>"):
        name = xml[1:].split(None, 1)[0].removesuffix("/>")
        return xml[:-2] + ">", f"</{name}>"
    end = xml.rindex("</")
    return xml[:end], xml[end:]


@dataclass(frozen=True, slots=True)
class _TableTemplate:
    """A table's XML text around its width, its column widths and its rows: ``start`` +
    width + ``grid_start`` + widths joined by ``column_separator`` + ``grid_end`` + rows +
    ``end``."""

    start: str
    grid_start: str
    column_separator: str
    grid_end: str
    end: str


class _TableTemplates:
    """The XML text of table rows, cells, cell paragraphs and text runs, per look (width,
    fill, style, bold, ...): made once from elements built by the XML helpers, then reused.
    A table is written as text and spliced into the serialized document, since building
    some ten lxml elements per cell was most of the time of a write. Kept by the writer
    across writes, and forgotten when there are many, so a long batch stays flat."""

    LIMIT = 4096

    def __init__(self, nsmap: dict[str | None, str]) -> None:
        self.fragments = _Fragments(nsmap)
        scratch = self.fragments.scratch
        p = SubElement(scratch, W_P)
        self.line_break = self.fragments.text(_line_break(p)[0])
        scratch.remove(p)
        self.cells: dict[_CellKey, _TextTemplate] = {}  # cells of one plain run (or none)
        self.shells: dict[tuple[int, int, str | None], tuple[str, str]] = {}  # w:tc
        self.paragraphs: dict[tuple[str, Align | None, bool], tuple[str, str]] = {}
        self.runs: dict[tuple[bool, bool, str | None], _TextTemplate] = {}
        self.rows: dict[bool, tuple[str, str]] = {}  # header row or not
        self.tables: dict[tuple[str, bool, bool], _TableTemplate] = {}

    def make_room(self) -> None:
        """Forget the cell templates once there are ``LIMIT`` of them."""
        if len(self.cells) + len(self.shells) + len(self.runs) >= self.LIMIT:
            self.cells, self.shells, self.runs = {}, {}, {}

    def table(self, style_id: str, bordered: bool, has_header: bool) -> _TableTemplate:
        """A table in the table style ``style_id`` (``bordered``: the style draws borders)."""
        key = (style_id, bordered, has_header)
        found = self.tables.get(key)
        if found is None:
            tbl = SubElement(self.fragments.scratch, W_TBL)
            tbl_pr = SubElement(tbl, W_TBL_PR)
            SubElement(tbl_pr, W_TBL_STYLE, {W_VAL: style_id})
            SubElement(tbl_pr, W_TBL_W, {W_W: _TEXT_MARK, W_TYPE: "dxa"})
            if not bordered:
                add_table_borders(tbl_pr)
            SubElement(tbl_pr, W_TBL_LAYOUT, {W_TYPE: "fixed"})
            SubElement(tbl_pr, W_TBL_LOOK, _table_look(first_row=has_header))
            tbl_grid = SubElement(tbl, W_TBL_GRID)
            for _ in range(2):
                SubElement(tbl_grid, W_GRID_COL, {W_W: _TEXT_MARK})
            start, grid_start, separator, rest = self.fragments.text(tbl).split(_TEXT_MARK)
            grid_end, end = _open_and_close(rest)
            found = self.tables[key] = _TableTemplate(start, grid_start, separator, grid_end, end)
        return found

    def row(self, header: bool) -> tuple[str, str]:
        """A row's XML text before and after its cells."""
        found = self.rows.get(header)
        if found is None:
            tr = SubElement(self.fragments.scratch, W_TR)
            tr_pr = SubElement(tr, W_TR_PR)
            prevent_row_split(tr_pr)
            if header:
                repeat_as_header_row(tr_pr)
            found = self.rows[header] = _open_and_close(self.fragments.text(tr))
        return found

    def cell(self, key: _CellKey, style_id: str) -> _TextTemplate:
        """A cell of one plain run in the paragraph style ``style_id`` (or of no run)."""
        found = self.cells.get(key)
        if found is None:
            self.make_room()
            width, span, fill, bold, align, keep_next, has_text = key
            tc = _table_cell(self.fragments.scratch, width, span, fill)
            p = _paragraph(tc, style_id, align=align, keep_next=keep_next)
            if has_text:
                _append_text_run(p, _TEXT_MARK, bold=bold)
                found = self._text_template(tc, tc[-1][-1][-1])  # tc/p/r/t
            else:
                found = _TextTemplate(self.fragments.text(tc), "", "")
            self.cells[key] = found
        return found

    def shell(self, width: int, span: int, fill: str | None) -> tuple[str, str]:
        """A cell's XML text before and after its paragraphs."""
        key = (width, span, fill)
        found = self.shells.get(key)
        if found is None:
            self.make_room()
            tc = _table_cell(self.fragments.scratch, width, span, fill)
            found = self.shells[key] = _open_and_close(self.fragments.text(tc))
        return found

    def paragraph(self, style_id: str, align: Align | None, keep_next: bool) -> tuple[str, str]:
        """A cell paragraph's XML text before and after its runs."""
        key = (style_id, align, keep_next)
        found = self.paragraphs.get(key)
        if found is None:
            p = _paragraph(self.fragments.scratch, style_id, align=align, keep_next=keep_next)
            found = self.paragraphs[key] = _open_and_close(self.fragments.text(p))
        return found

    def run(self, bold: bool, italic: bool, color: str | None) -> _TextTemplate:
        """A run of text without breaks or tabs."""
        key = (bold, italic, color)
        found = self.runs.get(key)
        if found is None:
            self.make_room()
            p = SubElement(self.fragments.scratch, W_P)
            _append_text_run(p, _TEXT_MARK, bold=bold, italic=italic, color=color)
            found = self.runs[key] = self._text_template(p[0], p[0][-1])
            self.fragments.scratch.remove(p)
        return found

    def _text_template(self, element: Element, t: Element) -> _TextTemplate:
        """The template of ``element`` (a child of the scratch), whose ``w:t`` ``t`` holds
        ``_TEXT_MARK``; ``element`` leaves the scratch."""
        head, tail = self.fragments.text(element, keep=True).split(_TEXT_MARK)
        t.set(XML_SPACE, "preserve")
        head_preserve, _ = self.fragments.text(element).split(_TEXT_MARK)
        return _TextTemplate(head, head_preserve, tail)


def write_docx(document: Document, styles_path: Path, language: str | None = None) -> bytes:
    """Write ``document`` on the template ``styles_path`` and return the .docx bytes.

    ``language`` (e.g. ``en-GB``) overrides ``document.properties.language``. The template is
    read once and kept while its file is unchanged.
    """
    stat = Path(styles_path).stat()
    writer = _cached_writer(str(Path(styles_path).resolve()), stat.st_mtime_ns, stat.st_size)
    return writer.write(document, language)


@functools.lru_cache(maxsize=8)
def _cached_writer(path: str, mtime_ns: int, size: int) -> DocxWriter:
    return DocxWriter(path)


# width, span, fill, bold, alignment, keep with next, has text
_CellKey = tuple[int, int, str | None, bool, Align | None, bool, bool]


class _Build:
    """One write: the state that lives while a document's body is being built."""

    def __init__(self, writer: DocxWriter, document: Document, language: str | None) -> None:
        self.writer = writer
        self.doc = writer.open_template()
        self.document = document
        self.language = language or document.properties.language or DEFAULT_LANGUAGE
        self.main = self.doc.part
        self.body = self.doc.element.body
        final = self.body.find(W_SECT_PR)
        if final is None:
            final = SubElement(self.body, W_SECT_PR)
        _ensure_page_size(final)
        self.final_sect_pr: Element = final
        self.base_orientation = section_orientation(final)
        self.orientation: Orientation = self.base_orientation
        self.widths: dict[str, int] = {}
        for orientation in ("portrait", "landscape"):
            probe = deepcopy(final)
            set_section_orientation(probe, orientation)  # type: ignore[arg-type]
            self.widths[orientation] = text_width(probe)
        self.section_start = 0
        self.sections_ended = 0
        self.pending_page_break = False
        self.last_was_table = False
        self.bookmark_id = 0
        self.drawing_id = 0
        self.link_ids: dict[tuple[int, str], str] = {}
        self.styles: dict[tuple[str, str], str] = {}
        self.plan = _HeadingPlan.of(document.blocks)
        self.templates = writer.templates
        del self.templates.fragments.scratch[:]  # what a failed write may have left there
        self.tables_xml: list[str] = []  # each table's XML text (see _TableTemplates)
        # Parts this write changes besides the main document and the core properties (headers,
        # footers, numbering): they are serialized; the template's others come from the cache.
        self.changed_parts: set[str] = {str(self.main.partname)}

    # ------------------------------------------------------------ the whole document
    def run(self) -> bytes:
        self._apply_properties(self.document.properties)
        self._page_furniture(self.document.properties)
        self.body.remove(self.final_sect_pr)  # put back after the last block
        self._blocks(self.document.blocks, self.base_orientation)
        if self.last_was_table:
            _spacer_paragraph(self.body)  # Word wants a paragraph between a table and the end
        set_section_orientation(self.final_sect_pr, self.orientation)
        if self.sections_ended:
            drop_title_page(self.final_sect_pr)
        self.body.append(self.final_sect_pr)
        return _package_bytes(self.doc, self._members)

    def _document_xml(self) -> bytes:
        """``word/document.xml``: the body, with each table's XML text spliced in."""
        xml = etree.tostring(self.doc.element, encoding="UTF-8", standalone=True)
        tables = self.tables_xml
        return _TABLE_MARK.sub(lambda found: tables[int(found[1])].encode(), xml)

    def _members(self, part: Any) -> list[_ZipMember] | None:
        """The main document's members; the cached members of a template part this write has
        not changed; else ``None`` (the part is serialized as it is)."""
        if part is self.main:
            return _part_members(part, self._document_xml())
        name = str(part.partname)
        if (
            name in self.changed_parts
            or name not in self.writer.template_parts
            or part.content_type == CT.OPC_CORE_PROPERTIES
        ):
            return None
        return self.writer.static_members(part, self.language)

    def style(self, name: str, kind: str = "paragraph") -> str:
        key = (kind, name)
        style_id = self.styles.get(key)
        if style_id is None:
            fallback = OPTIONAL_STYLES.get(name) if kind == "paragraph" else None
            if fallback is not None and (kind, name.lower()) not in self.writer.facts.style_ids:
                style_id = self.style(fallback, kind)
            else:
                style_id = self.writer.style_id(name, kind)
            self.styles[key] = style_id
        return style_id

    def _apply_properties(self, props: Properties) -> None:
        set_proofing_language(self.doc.styles.element, self.language, self.doc.settings.element)
        core = self.doc.core_properties
        core.title = _core_text(props.title)
        core.subject = _core_text(props.subject)
        core.author = _core_text(props.author)
        core.keywords = _core_text(props.keywords)
        core.language = self.language
        created = _core_datetime(props.created)
        if created is not None:
            core.created = created
            core.modified = created

    def _page_furniture(self, props: Properties) -> None:
        """Header and footer on the final section; every section break copies its refs."""
        section = self.doc.sections[-1]  # the body's own sectPr
        if props.header or props.header_logo is not None:
            header = section.header
            header.is_linked_to_previous = False
            self.changed_parts.add(str(header.part.partname))
            root = header.part.element
            del root[:]
            p = _paragraph(root, self.style(HEADER_STYLE))
            if props.header_logo is not None:
                self._append_picture(p, props.header_logo, header.part)
                if props.header:
                    append_right_margin_tab(p)
            self._inlines(p, props.header, header.part)
        if props.footer:
            footer = section.footer
            footer.is_linked_to_previous = False
            self.changed_parts.add(str(footer.part.partname))
            root = footer.part.element
            del root[:]
            self._inlines(_paragraph(root, self.style(FOOTER_STYLE)), props.footer, footer.part)

    # ------------------------------------------------------------ blocks
    def _blocks(self, blocks: Iterable[Any], orientation: Orientation) -> None:
        for block in blocks:
            if isinstance(block, Section):
                self._blocks(block.blocks, block.orientation)
                continue
            self._switch_orientation(orientation)
            if isinstance(block, Paragraph):
                self._paragraph_block(block)
            elif isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, ListBlock):
                self._list(block)
            elif isinstance(block, PageBreak):
                self.pending_page_break = True
            elif isinstance(block, TableOfContents):
                self._table_of_contents(block)
            elif isinstance(block, Cover):
                self._blocks(block.blocks, orientation)
                self.pending_page_break = True
            elif isinstance(block, Image):
                p = self._body_paragraph(None, align=block.align)
                self._append_picture(p, block, self.main)
            else:
                raise TypeError(f"not a document block: {block!r}")

    def _switch_orientation(self, orientation: Orientation) -> None:
        """End the current section (if it has content) when the page must turn."""
        if orientation == self.orientation:
            return
        if len(self.body) > self.section_start:
            sect_pr = deepcopy(self.final_sect_pr)
            set_section_orientation(sect_pr, self.orientation)
            if self.sections_ended:
                drop_title_page(sect_pr)
            self.sections_ended += 1
            end_section(self.body, sect_pr)
            self.section_start = len(self.body)
            self.last_was_table = False
        self.pending_page_break = False  # a new section starts on a new page
        self.orientation = orientation

    @property
    def width(self) -> int:
        """The text width of the current section, in twips."""
        return self.widths[self.orientation]

    def _body_paragraph(
        self,
        style_id: str | None,
        *,
        align: Align | None = None,
        keep_next: bool = False,
        num_id: int | None = None,
    ) -> Element:
        """A paragraph in the body; it takes over a pending page break."""
        page_break = self.pending_page_break
        self.pending_page_break = False
        self.last_was_table = False
        return _paragraph(
            self.body,
            style_id,
            align=align,
            keep_next=keep_next,
            page_break_before=page_break,
            num_id=num_id,
        )

    def _paragraph_style(self, paragraph: Paragraph, default: str | None) -> str | None:
        cls = paragraph.style
        if not cls:
            return default
        return self.style(PARAGRAPH_STYLES.get(cls, cls))

    def _paragraph_block(self, paragraph: Paragraph) -> None:
        p = self._body_paragraph(
            self._paragraph_style(paragraph, None),
            align=paragraph.align,
            keep_next=paragraph.keep_with_next,
        )
        self._inlines(p, paragraph.inlines, self.main)

    def _heading(self, heading: Heading) -> None:
        level = min(max(heading.level, 1), 9)
        p = self._body_paragraph(self.style(HEADING_STYLE.format(level=level)))
        self._inlines(p, heading.inlines, self.main)
        name = self.plan.names.get(id(heading))
        if name:
            self.bookmark_id += 1
            add_bookmark(p, name, self.bookmark_id)

    def _list(self, block: ListBlock) -> None:
        num_id = None
        if block.ordered:
            style_id = self.style(NUMBER_LIST_STYLE)
            num_id = self._restarted_numbering()
        else:
            style_id = self.style(BULLET_LIST_STYLE)
        for item in block.items:
            for index, paragraph in enumerate(item or [Paragraph([])]):
                if index == 0:
                    p = self._body_paragraph(style_id, align=paragraph.align, num_id=num_id)
                else:
                    p = self._body_paragraph(self.style(LIST_CONTINUE_STYLE), align=paragraph.align)
                self._inlines(p, paragraph.inlines, self.main)

    def _restarted_numbering(self) -> int | None:
        """A numbering instance of the "List Number" definition that starts again at 1."""
        abstract_id = self.writer.facts.number_list_abstract_id
        if abstract_id is None:
            return None
        numbering_part = self.main.numbering_part
        self.changed_parts.add(str(numbering_part.partname))
        num = numbering_part.element.add_num(int(abstract_id))
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    # ------------------------------------------------------------ tables
    def _table(self, table: Table) -> None:
        if self.pending_page_break:  # a page break needs a paragraph to sit in
            self.pending_page_break = False
            SubElement(SubElement(_paragraph(self.body), W_R), W_BR, {W_TYPE: "page"})
        elif self.last_was_table:  # Word would join two adjacent tables into one
            _paragraph(self.body)
        cls = table.style or ""
        style_id = self.style(TABLE_STYLES.get(cls, DEFAULT_TABLE_STYLE), "table")
        grid = column_widths(_grid_weights(table), self.width)
        if not grid or not table.rows:
            return  # Word refuses a table without rows or columns
        has_header = any(row.header for row in table.rows)

        bordered = style_id in self.writer.facts.bordered_table_styles
        template = self.templates.table(style_id, bordered, has_header)
        xml = [
            template.start,
            str(sum(grid)),
            template.grid_start,
            template.column_separator.join(map(str, grid)),
            template.grid_end,
        ]
        centered = cls in CENTERED_TABLE_CLASSES
        for row in table.rows:
            self._row(xml, row, grid, centered)
        xml.append(template.end)
        # The table is text: the body holds its place (see _document_xml).
        self.body.append(etree.ProcessingInstruction(_TABLE_PI, str(len(self.tables_xml))))
        self.tables_xml.append("".join(xml))
        self.last_was_table = True

    def _row(self, out: list[str], row: Row, grid: list[int], centered: bool) -> None:
        """Append a row's XML text to ``out``."""
        head, tail = self.templates.row(row.header)
        out.append(head)
        fill = HEADER_ROW_FILL if row.header else GROUP_ROW_FILL if row.group else None
        keep_next = row.header or row.group
        bold = row.header or row.group
        col = 0
        last = len(grid)
        cells = row.cells or [Cell([], colspan=last)]  # Word refuses a row without cells
        for cell in cells:
            span = cell.colspan if cell.colspan > 1 else 1
            if col + span > last:  # a row wider than the grid: the cell takes what is left
                span = max(last - col, 1)
            width = grid[col] if span == 1 else sum(grid[col : col + span])
            col += span
            align = cell.align
            if align is None and centered and not (cell.header and not row.header):
                align = "center"
            self._cell(
                out, cell, width, span, cell.shade or fill, bold or cell.header, align, keep_next
            )
        out.append(tail)

    def _cell(
        self,
        out: list[str],
        cell: Cell,
        width: int,
        span: int,
        fill: str | None,
        bold: bool,
        align: Align | None,
        keep_next: bool,
    ) -> None:
        """Append a cell's XML text to ``out``."""
        text = _plain_cell_text(cell)
        if text is not None:  # the common case: one unformatted run, or nothing
            text = _clean(text)
            if text and cell.blocks[0].inlines[0].bold:  # type: ignore[union-attr]
                bold = True
            key = (width, span, fill, bold, align, keep_next, bool(text))
            template = self.templates.cell(key, self.style(PARAGRAPH_STYLES[CELL_CLASS]))
            if not text:
                out.append(template.head)
                return
            out += (_with_text(template, text), template.tail)
            return

        xml = self._rich_cell(cell, width, span, fill, bold, align, keep_next)
        if xml is None:
            xml = self._general_cell(cell, width, span, fill, bold, align, keep_next)
        out.append(xml)

    def _rich_cell(
        self,
        cell: Cell,
        width: int,
        span: int,
        fill: str | None,
        bold: bool,
        align: Align | None,
        keep_next: bool,
    ) -> str | None:
        """The XML text of a cell whose paragraphs hold text runs (bold, italic, coloured)
        and line breaks only, in paragraphs and bullet lists, put together from templates;
        ``None`` for any other cell."""
        templates = self.templates
        cell_style = self.style(PARAGRAPH_STYLES[CELL_CLASS])
        head, tail = templates.shell(width, span, fill)
        xml = [head]
        for paragraph, style_id in self._cell_paragraphs(cell, cell_style):
            if style_id is None:
                return None  # a numbered list: its numbering is made by the general path
            p_head, p_tail = templates.paragraph(
                style_id, paragraph.align or align, keep_next or paragraph.keep_with_next
            )
            xml.append(p_head)
            for item in paragraph.inlines:
                if isinstance(item, Text):
                    text = _clean(item.text)
                    if not text:
                        continue
                    if "\n" in text or "\t" in text or "\r" in text:
                        return None
                    run = templates.run(item.bold or bold, item.italic, item.color)
                    xml += (_with_text(run, text), run.tail)
                elif isinstance(item, LineBreak):
                    xml.append(templates.line_break)
                else:
                    return None
            xml.append(p_tail)
        xml.append(tail)
        return "".join(xml)

    def _general_cell(
        self,
        cell: Cell,
        width: int,
        span: int,
        fill: str | None,
        bold: bool,
        align: Align | None,
        keep_next: bool,
    ) -> str:
        """The XML text of any cell (links, fields, tabs), built as elements."""
        tc = _table_cell(self.templates.fragments.scratch, width, span, fill)
        cell_style = self.style(PARAGRAPH_STYLES[CELL_CLASS])
        numbering: dict[int, int | None] = {}  # id(paragraph) -> its list's numbering
        for paragraph, style_id in self._cell_paragraphs(cell, cell_style, numbering):
            p = _paragraph(
                tc,
                style_id or self.style(NUMBER_LIST_STYLE),
                align=paragraph.align or align,
                keep_next=keep_next or paragraph.keep_with_next,
                num_id=numbering.get(id(paragraph)),
            )
            self._inlines(p, paragraph.inlines, self.main, bold=bold)
        return self.templates.fragments.text(tc)

    def _cell_paragraphs(
        self, cell: Cell, cell_style: str, numbering: dict[int, int | None] | None = None
    ) -> Iterator[tuple[Paragraph, str | None]]:
        """A cell's paragraphs with their style ids: a paragraph of the cell style after
        another block is set off (``CELL_SPACED_STYLE``), bullet items take
        ``CELL_BULLET_STYLE`` (the body's bullet numbering), an item's further paragraphs
        ``LIST_CONTINUE_STYLE``. A numbered item's style is ``None``; given ``numbering``,
        its first paragraph's restarted numbering is put there (by ``id`` of the paragraph)."""
        previous = False
        for block in cell.blocks:
            if isinstance(block, Paragraph):
                style_id = self._paragraph_style(block, cell_style) or cell_style
                if previous and style_id == cell_style:
                    style_id = self.style(CELL_SPACED_STYLE)
                yield block, style_id
            else:
                num_id = None
                if block.ordered and numbering is not None:
                    num_id = self._restarted_numbering()
                for item in block.items or [[Paragraph([])]]:
                    for index, paragraph in enumerate(item or [Paragraph([])]):
                        if index:
                            yield paragraph, self.style(LIST_CONTINUE_STYLE)
                        elif block.ordered:
                            if numbering is not None:
                                numbering[id(paragraph)] = num_id
                            yield paragraph, None
                        else:
                            yield paragraph, self.style(CELL_BULLET_STYLE)
            previous = True

    # ------------------------------------------------------------ table of contents
    def _table_of_contents(self, toc: TableOfContents) -> None:
        levels = min(max(toc.levels, 1), 9)
        if toc.title:
            p = self._body_paragraph(self.style(TOC_HEADING_STYLE))
            _append_text_run(p, toc.title)
        entries = [e for e in (toc.entries or self.plan.headings) if e.level <= levels]
        instruction = TOC_INSTRUCTION.format(levels=levels)
        if not entries:
            p = self._body_paragraph(None)
            _field_char(p, "begin")
            _append_instruction(p, instruction)
            _field_char(p, "separate")
            _field_char(p, "end")
            return
        for index, entry in enumerate(entries):
            level = min(max(entry.level, 1), 9)
            p = self._body_paragraph(self.style(TOC_ENTRY_STYLE.format(level=level)))
            if index == 0:
                _field_char(p, "begin")
                _append_instruction(p, instruction)
                _field_char(p, "separate")
            name = self.plan.entry_name(entry)
            target = SubElement(p, W_HYPERLINK, {W_ANCHOR: name, W_HISTORY: "1"}) if name else p
            # No page numbers: only Word knows where the pages break, and it adds them when
            # the table is updated (right-click ▸ Update Field, or F9). A guess would be wrong.
            _append_text_run(target, entry.text.replace("\n", " "))
            if index == len(entries) - 1 and not toc.hint:
                _field_char(p, "end")
        if toc.hint:  # inside the field's result: Word's update replaces it with page numbers
            p = self._body_paragraph(self.style(PARAGRAPH_STYLES["note"]))
            _append_text_run(p, toc.hint)
            _field_char(p, "end")

    # ------------------------------------------------------------ inlines
    def _inlines(
        self, p: Element, inlines: Iterable[Inline], part: Any, *, bold: bool = False
    ) -> None:
        for item in inlines:
            kind = type(item)
            if kind is Text:
                _append_text_run(
                    p, item.text, bold=item.bold or bold, italic=item.italic, color=item.color
                )
            elif kind is LineBreak:
                _line_break(p)
            elif kind is Link:
                self._link(p, item, part, bold)
            elif kind is Field:
                append_field(p, item.code, item.cached, bold=bold)
            else:
                raise TypeError(f"not an inline: {item!r}")

    def _link(self, p: Element, link: Link, part: Any, bold: bool) -> None:
        key = (id(part), link.href)
        rel_id = self.link_ids.get(key)
        if rel_id is None:
            rel_id = part.relate_to(_url(link.href), RT.HYPERLINK, is_external=True)
            self.link_ids[key] = rel_id
        hyperlink = SubElement(p, W_HYPERLINK, {R_ID: rel_id, W_HISTORY: "1"})
        _append_text_run(
            hyperlink,
            link.text or link.href,
            bold=bold,
            char_style=self.style(HYPERLINK_STYLE, "character"),
        )

    def _append_picture(self, p: Element, image: Image, part: Any) -> None:
        inline = part.new_pic_inline(io.BytesIO(image.data), width=Cm(image.width_cm))
        self.drawing_id += 1
        inline.docPr.id = self.drawing_id  # unique across the body and the header
        inline.docPr.name = image.filename or f"Picture {self.drawing_id}"
        run = SubElement(p, W_R)
        SubElement(run, W_DRAWING).append(inline)


def _plain_cell_text(cell: Cell) -> str | None:
    """The text of a cell that is one unformatted run in the cell style ("" when empty), or
    ``None`` when the cell needs the general path (links, several runs, italics, colour)."""
    blocks = cell.blocks
    if not blocks:
        return ""
    if len(blocks) != 1:
        return None
    paragraph = blocks[0]
    if type(paragraph) is not Paragraph:
        return None
    if (
        paragraph.align is not None
        or paragraph.keep_with_next
        or (paragraph.style and paragraph.style != CELL_CLASS)
    ):
        return None
    inlines = paragraph.inlines
    if not inlines:
        return ""
    if len(inlines) != 1:
        return None
    item = inlines[0]
    if type(item) is not Text or item.italic or item.color:
        return None
    text = item.text
    if "\n" in text or "\t" in text or "\r" in text:
        return None
    return text


def _table_cell(parent: Element, width: int, span: int, fill: str | None) -> Element:
    """Append a ``w:tc`` with its width, span and shading."""
    tc = SubElement(parent, W_TC)
    tc_pr = SubElement(tc, W_TC_PR)
    SubElement(tc_pr, W_TC_W, {W_W: str(width), W_TYPE: "dxa"})
    if span > 1:
        SubElement(tc_pr, W_GRID_SPAN, {W_VAL: str(span)})
    if fill:
        set_cell_shading(tc_pr, _color(fill))
    return tc


def _append_instruction(p: Element, instruction: str) -> None:
    instr = SubElement(SubElement(p, W_R), W_INSTR_TEXT, {XML_SPACE: "preserve"})
    instr.text = f" {instruction} "


def _table_look(*, first_row: bool) -> dict[str, str]:
    """``w:tblLook``: which conditional formats of the table style apply (header row only)."""
    return {
        W_VAL: "0620" if first_row else "0600",
        _w("firstRow"): "1" if first_row else "0",
        _w("lastRow"): "0",
        _w("firstColumn"): "0",
        _w("lastColumn"): "0",
        _w("noHBand"): "1",
        _w("noVBand"): "1",
    }


def add_table_borders(tbl_pr: Element, color: str = FALLBACK_BORDER_COLOR) -> None:
    """Thin borders on a table whose style draws none (``w:tblBorders``)."""
    borders = SubElement(tbl_pr, W_TBL_BORDERS)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        SubElement(
            borders, _w(side), {W_VAL: "single", _w("sz"): "4", _w("space"): "0", W_COLOR: color}
        )


# ================================================================ saving
# The zip is written here rather than by ``zipfile``: the members of a template that no write
# changes (styles and settings per language, numbering, fonts, theme, ...) are serialized and
# compressed once per writer and reused, and ``zlib.compress`` costs a fraction of a
# ``zipfile`` member. The layout is ``zipfile``'s own (same headers and flags); the deflate
# level is a faster one than zipfile's 6, for some 20 % more bytes in document.xml.
_DEFLATE_LEVEL = 3
_ZIP_VERSION = 20  # deflate
_ZIP_UNIX = 3  # "made by" a Unix system: the external attributes are Unix permissions
_ZIP_DEFLATE = 8
_ZIP_UTF8 = 0x800
_ZIP_PERMISSIONS = 0o644 << 16
_ZIP_DOS_TIME = _ZIP_DATE[3] << 11 | _ZIP_DATE[4] << 5 | _ZIP_DATE[5] // 2
_ZIP_DOS_DATE = (_ZIP_DATE[0] - 1980) << 9 | _ZIP_DATE[1] << 5 | _ZIP_DATE[2]
_ZIP_LIMIT = 0xFFFFFFFF  # beyond this a member needs zip64 (never for a report)
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")


@dataclass(frozen=True, slots=True)
class _ZipMember:
    """One file of the package, deflated, with what the zip headers say of it."""

    name: bytes
    flags: int
    crc: int
    size: int
    data: bytes  # the raw deflate stream

    @classmethod
    def of(cls, name: str, content: bytes) -> _ZipMember:
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _ZIP_UTF8
        data = zlib.compress(content, _DEFLATE_LEVEL, -15)  # raw deflate, as in a zip
        if len(content) > _ZIP_LIMIT or len(data) > _ZIP_LIMIT:
            raise ValueError(f"{name} is too large for a Word document")
        return cls(encoded, flags, zlib.crc32(content), len(content), data)

    def local_header(self) -> bytes:
        return _LOCAL_HEADER.pack(
            b"PK\x03\x04", _ZIP_VERSION, 0, self.flags, _ZIP_DEFLATE, _ZIP_DOS_TIME,
            _ZIP_DOS_DATE, self.crc, len(self.data), self.size, len(self.name), 0,
        ) + self.name  # fmt: skip

    def central_header(self, offset: int) -> bytes:
        return _CENTRAL_HEADER.pack(
            b"PK\x01\x02", _ZIP_VERSION, _ZIP_UNIX, _ZIP_VERSION, 0, self.flags, _ZIP_DEFLATE,
            _ZIP_DOS_TIME, _ZIP_DOS_DATE, self.crc, len(self.data), self.size, len(self.name),
            0, 0, 0, 0, _ZIP_PERMISSIONS, offset,
        ) + self.name  # fmt: skip


def _zip_bytes(members: Iterable[_ZipMember]) -> bytes:
    """The zip archive of ``members``, in order (laid out as ``zipfile`` writes it)."""
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for member in members:
        header = member.local_header()
        directory.append(member.central_header(offset))
        chunks += (header, member.data)
        offset += len(header) + len(member.data)
    if offset > _ZIP_LIMIT:
        raise ValueError("the document is too large for a Word document")
    central = b"".join(directory)
    end = _END_RECORD.pack(
        b"PK\x05\x06", 0, 0, len(directory), len(directory), len(central), offset, 0
    )
    return b"".join((*chunks, central, end))


def _part_members(part: Any, blob: bytes | None = None) -> list[_ZipMember]:
    """A package part (``blob``: its content, when not its own) and, when it has
    relationships, its ``.rels``."""
    members = [_ZipMember.of(part.partname.membername, part.blob if blob is None else blob)]
    if len(part.rels):
        members.append(_ZipMember.of(part.partname.rels_uri.membername, _xml_bytes(part.rels.xml)))
    return members


def _package_bytes(
    document: WordDocument,
    members_of: Callable[[Any], list[_ZipMember] | None] = lambda part: None,
) -> bytes:
    """Zip the package like python-docx's ``save``, but with fixed timestamps, so the same
    document always gives the same bytes. ``members_of`` gives a part's members when the
    caller has them (cached, or serialized its own way), else ``None``: the part is
    serialized here."""
    package = document.part.package
    parts = list(package.iter_parts())
    members = [
        _ZipMember.of("[Content_Types].xml", _content_types(parts)),
        _ZipMember.of("_rels/.rels", _xml_bytes(package.rels.xml)),
    ]
    for part in parts:
        found = members_of(part)
        if found is None:
            part.before_marshal()
            found = _part_members(part)
        members += found
    return _zip_bytes(members)


def _xml_bytes(xml: str | bytes) -> bytes:
    return xml.encode("utf-8") if isinstance(xml, str) else xml


def _quoted(value: str) -> str:
    """An XML attribute value in double quotes (xml.sax.saxutils.quoteattr would import
    urllib and http for this, ~5 ms of every start-up)."""
    return '"' + value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;") + '"'


def _content_types(parts: list[Any]) -> bytes:
    defaults = {
        "rels": "application/vnd.openxmlformats-package.relationships+xml",
        "xml": "application/xml",
    }
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext.lower()
        if (ext, part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    entries = [
        f"<Default Extension={_quoted(ext)} ContentType={_quoted(ct)}/>"
        for ext, ct in defaults.items()
    ] + [
        f"<Override PartName={_quoted(name)} ContentType={_quoted(ct)}/>"
        for name, ct in sorted(overrides.items())
    ]
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f"{''.join(entries)}</Types>"
    ).encode()

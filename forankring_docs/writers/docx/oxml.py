"""WordprocessingML names and the few element builders that every part of a write shares:
paragraphs with their properties, text runs, and the clean-up of text and colours.

Names are python-docx's ``qn("w:p")``; the ones on the hot paths are worked out once here.
"""

from __future__ import annotations

import re

from docx.oxml.ns import nsmap, qn
from lxml import etree

from forankring_docs.document.model import Align

Element = etree._Element
SubElement = etree.SubElement

W_NS = nsmap["w"]
R_NS = nsmap["r"]
W_B = qn("w:b")
W_BR = qn("w:br")
W_COLOR = qn("w:color")
W_I = qn("w:i")
W_P = qn("w:p")
W_PPR = qn("w:pPr")
W_R = qn("w:r")
W_RPR = qn("w:rPr")
W_T = qn("w:t")
W_TAB = qn("w:tab")
W_VAL = qn("w:val")
XML_SPACE = qn("xml:space")

_JC = {"left": "left", "center": "center", "right": "right"}
# Characters that XML 1.0 cannot hold (a case file's control characters are validation
# errors upstream; here they are dropped rather than producing a file Word refuses).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = re.compile("(\r\n|[\r\n\t])")
_HEX_COLOR = re.compile("[0-9A-Fa-f]{6}")


def hex_color(value: str) -> str:
    """An RRGGBB colour from ``RRGGBB`` or ``#RRGGBB``; anything else is an error."""
    hex_value = value.removeprefix("#")
    if not _HEX_COLOR.fullmatch(hex_value):
        raise ValueError(f"invalid colour {value!r}: expected RRGGBB, e.g. F4C7C3")
    return hex_value.upper()


def clean(text: str) -> str:
    """``text`` without the characters that XML cannot hold. (Printable text has none of
    them: control characters, surrogates and noncharacters are not printable. The test is
    a fraction of the pattern's, and a report has thousands of texts.)"""
    if text.isprintable():
        return text
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def append_text_run(
    parent: Element,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    color: str | None = None,
    char_style: str | None = None,
) -> None:
    """Append a ``w:r`` for a piece of text; newlines become breaks, tabs become tabs."""
    text = clean(text)
    if not text:
        return
    r = SubElement(parent, W_R)
    if bold or italic or color or char_style:
        rpr = SubElement(r, W_RPR)
        if char_style:
            SubElement(rpr, qn("w:rStyle"), {W_VAL: char_style})
        if bold:
            SubElement(rpr, W_B)
        if italic:
            SubElement(rpr, W_I)
        if color:
            SubElement(rpr, W_COLOR, {W_VAL: hex_color(color)})
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


def line_break(parent: Element) -> tuple[Element, Element]:
    """Append a run with a line break (``w:br``); the run and the break."""
    run = SubElement(parent, W_R)
    return run, SubElement(run, W_BR)


def _append_t(run: Element, text: str) -> None:
    t = SubElement(run, W_T)
    t.text = text
    if text[0] == " " or text[-1] == " " or "  " in text:
        t.set(XML_SPACE, "preserve")


def append_paragraph(
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
            SubElement(ppr, qn("w:pStyle"), {W_VAL: style_id})
        if keep_next:
            SubElement(ppr, qn("w:keepNext"))
        if page_break_before:
            SubElement(ppr, qn("w:pageBreakBefore"))
        if num_id is not None:
            num_pr = SubElement(ppr, qn("w:numPr"))
            SubElement(num_pr, qn("w:ilvl"), {W_VAL: "0"})
            SubElement(num_pr, qn("w:numId"), {W_VAL: str(num_id)})
        if align in _JC:
            SubElement(ppr, qn("w:jc"), {W_VAL: _JC[align]})
    return p

"""The page: a section's orientation, page size and text width, section breaks, and the
header's tab to the right margin.

A section is python-docx's ``CT_SectPr``; where a child goes into an element the template
made, python-docx's declaration of the schema's order places it (Word refuses a file whose
children are out of order).
"""

from __future__ import annotations

from copy import deepcopy

from docx.oxml.ns import qn
from docx.oxml.section import CT_SectPr

from forankring_docs.document.model import Orientation
from forankring_docs.writers.docx.oxml import W_P, W_PPR, W_R, Element, SubElement

_W_PG_SZ = qn("w:pgSz")
_W_W = qn("w:w")
_W_H = qn("w:h")
_W_ORIENT = qn("w:orient")
_A4 = {_W_W: "11906", _W_H: "16838"}  # twips
_ORIENTATIONS: tuple[Orientation, ...] = ("portrait", "landscape")


def set_section_orientation(sect_pr: Element, orientation: Orientation) -> None:
    """Turn a section's page (``w:pgSz``): landscape has the long side as its width."""
    size = sect_pr.find(_W_PG_SZ)
    if size is None:
        raise ValueError("the section has no page size (w:pgSz)")
    width, height = int(size.get(_W_W, _A4[_W_W])), int(size.get(_W_H, _A4[_W_H]))
    short, long = sorted((width, height))
    if orientation == "landscape":
        size.set(_W_W, str(long))
        size.set(_W_H, str(short))
        size.set(_W_ORIENT, "landscape")
    else:
        size.set(_W_W, str(short))
        size.set(_W_H, str(long))
        size.attrib.pop(_W_ORIENT, None)


def section_orientation(sect_pr: Element) -> Orientation:
    size = sect_pr.find(_W_PG_SZ)
    if size is None:
        return "portrait"
    landscape = int(size.get(_W_W, "0")) > int(size.get(_W_H, "0"))
    return "landscape" if landscape else "portrait"


def ensure_page_size(sect_pr: CT_SectPr) -> None:
    """Give a section without a page size (a bare template) A4 portrait."""
    if sect_pr.pgSz is None:
        size = sect_pr.get_or_add_pgSz()
        for name, value in _A4.items():
            size.set(name, value)


def text_width(sect_pr: Element) -> int:
    """The width between the margins of a section's page, in twips."""
    size, margins = sect_pr.find(_W_PG_SZ), sect_pr.find(qn("w:pgMar"))
    width = int(size.get(_W_W, _A4[_W_W])) if size is not None else int(_A4[_W_W])
    if margins is None:
        return width - 2 * 1440
    sides = (qn("w:left"), qn("w:right"), qn("w:gutter"))
    return width - sum(int(margins.get(side, "0")) for side in sides)


def text_widths(sect_pr: Element) -> dict[Orientation, int]:
    """The text width of a section's page turned each way (the section needs a page size)."""
    widths: dict[Orientation, int] = {}
    for orientation in _ORIENTATIONS:
        probe = deepcopy(sect_pr)
        set_section_orientation(probe, orientation)
        widths[orientation] = text_width(probe)
    return widths


def end_section(body: Element, sect_pr: Element) -> None:
    """End the section at the end of ``body`` with ``sect_pr`` (a section break).

    Word keeps a section's properties in its last paragraph; after a table (or a paragraph
    that already ends a section) that is a new, empty paragraph.
    """
    last = body[-1] if len(body) else None
    if last is None or last.tag != W_P:
        last = spacer_paragraph(body)
    ppr = last.find(W_PPR)
    if ppr is None:
        ppr = last.makeelement(W_PPR, {})
        last.insert(0, ppr)
    elif ppr.find(qn("w:sectPr")) is not None:
        ppr = spacer_paragraph(body).find(W_PPR)
    ppr.insert_element_before(sect_pr, "w:pPrChange")  # python-docx's CT_PPr


def spacer_paragraph(body: Element) -> Element:
    """Append an empty paragraph one point high (exact line spacing, no font of its own):
    the paragraph Word wants after a table at the end of a section, which at full height
    would spill onto a page of its own when the table ends at the foot of a page."""
    p = SubElement(body, W_P)
    ppr = SubElement(p, W_PPR)
    spacing = {"before": "0", "after": "0", "line": "20", "lineRule": "exact"}
    SubElement(ppr, qn("w:spacing"), {qn(f"w:{name}"): value for name, value in spacing.items()})
    return p


def append_right_margin_tab(paragraph: Element) -> None:
    """A tab to the right margin of whatever page the paragraph is on (``w:ptab``), so a
    header's text after the logo ends at the margin in portrait and landscape sections alike.
    Word honours it; LibreOffice reads it as an ordinary tab (the style's tab stops)."""
    ptab = {"relativeTo": "margin", "alignment": "right", "leader": "none"}
    attributes = {qn(f"w:{name}"): value for name, value in ptab.items()}
    SubElement(SubElement(paragraph, W_R), qn("w:ptab"), attributes)


def drop_title_page(sect_pr: Element) -> None:
    """Give a section's first page the usual header and footer (remove ``w:titlePg``).

    A template's "different first page" is meant for the cover: only the document's first
    section keeps it, not each landscape section that copies the template's section."""
    for title_page in sect_pr.findall(qn("w:titlePg")):
        sect_pr.remove(title_page)

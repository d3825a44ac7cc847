"""Runs in paragraphs: text, line breaks, links, fields and pictures, with the state of a
write that every kind of block shares (style ids, hyperlink relationships, picture ids,
restarted list numbering)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from docx.shared import Cm

from forankring_docs.document.model import Field, Image, Inline, LineBreak, Link, Paragraph, Text
from forankring_docs.writers.docx.fields import append_field
from forankring_docs.writers.docx.oxml import (
    W_R,
    Element,
    SubElement,
    append_text_run,
    line_break,
)
from forankring_docs.writers.docx.styles import HYPERLINK_STYLE, PARAGRAPH_STYLES, StyleIds

_URL_SAFE = ":/?#[]@!$&'()*+,;=%~"
_W_HYPERLINK = qn("w:hyperlink")
_W_HISTORY = qn("w:history")
_R_ID = qn("r:id")


class InlineWriter:
    """Writes inlines into paragraphs of one document (``main``: its main part)."""

    def __init__(self, style_ids: StyleIds, main: DocumentPart) -> None:
        self.style_ids = style_ids
        self.style = style_ids.id_of
        self.main = main
        self.drawing_id = 0
        self.link_ids: dict[tuple[int, str], str] = {}
        self.next_rel_number: dict[int, int] = {}  # per part: where a free rId is looked for

    def _paragraph_style(self, paragraph: Paragraph, default: str | None) -> str | None:
        cls = paragraph.style
        if not cls:
            return default
        return self.style(PARAGRAPH_STYLES.get(cls, cls))

    def _restarted_numbering(self) -> int | None:
        """A numbering instance of the "List Number" definition that starts again at 1."""
        abstract_id = self.style_ids.facts.number_list_abstract_id
        if abstract_id is None:
            return None
        num = self.main.numbering_part.element.add_num(int(abstract_id))
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return int(num.numId)

    def _inlines(
        self, p: Element, inlines: Iterable[Inline], part: Any, *, bold: bool = False
    ) -> None:
        for item in inlines:
            kind = type(item)
            if kind is Text:
                append_text_run(
                    p, item.text, bold=item.bold or bold, italic=item.italic, color=item.color
                )
            elif kind is LineBreak:
                line_break(p)
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
            rel_id = self._new_link_relationship(part, quote(link.href, safe=_URL_SAFE))
            self.link_ids[key] = rel_id
        hyperlink = SubElement(p, _W_HYPERLINK, {_R_ID: rel_id, _W_HISTORY: "1"})
        append_text_run(
            hyperlink,
            link.text or link.href,
            bold=bold,
            char_style=self.style(HYPERLINK_STYLE, "character"),
        )

    def _new_link_relationship(self, part: Any, url: str) -> str:
        """A new external relationship of ``part`` to ``url``; its id. Not python-docx's
        ``relate_to``, which searches every relationship of the part for a match and for a
        free id, so that a text of many links took time growing with their square."""
        rels = part.rels
        number = self.next_rel_number.get(id(part), 1)
        while f"rId{number}" in rels:
            number += 1
        self.next_rel_number[id(part)] = number + 1
        rel_id = f"rId{number}"
        rels.add_relationship(RT.HYPERLINK, url, rel_id, is_external=True)
        return rel_id

    def _append_picture(self, p: Element, image: Image, part: Any) -> None:
        inline = part.new_pic_inline(io.BytesIO(image.data), width=Cm(image.width_cm))
        self.drawing_id += 1
        inline.docPr.id = self.drawing_id  # unique across the body and the header
        inline.docPr.name = image.filename or f"Picture {self.drawing_id}"
        run = SubElement(p, W_R)
        SubElement(run, qn("w:drawing")).append(inline)

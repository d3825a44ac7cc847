"""The neutral document model: what the markup parser builds and the writers read.

Neither side knows about cases. The model is deliberately small (pandoc's idea, small):
blocks (headings, paragraphs, lists, tables, page breaks, a table of contents, sections
with their own orientation, the cover) made of inlines (text runs, line breaks, links).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right"]
Orientation = Literal["portrait", "landscape"]


# ---------------------------------------------------------------- inlines
@dataclass(frozen=True, slots=True)
class Text:
    """A run of text with character formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    color: str | None = None  # "RRGGBB", e.g. for "forsinket" in red


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A line break inside a paragraph (``<br>``)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``href`` is an absolute URL or ``mailto:`` address."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class Field:
    """A Word field (PAGE, NUMPAGES) with the text shown before Word updates it."""

    code: str
    cached: str = "1"


Inline = Text | LineBreak | Link | Field


# ---------------------------------------------------------------- blocks
@dataclass(slots=True)
class Heading:
    level: int  # 1..3, Word's built-in "Heading N"
    inlines: list[Inline]
    bookmark: str | None = None  # set by the parser, used by the table of contents

    @property
    def text(self) -> str:
        return plain_text(self.inlines)


@dataclass(slots=True)
class Paragraph:
    inlines: list[Inline]
    style: str | None = None  # a style class of the markup (see markup.PARAGRAPH_CLASSES)
    align: Align | None = None
    keep_with_next: bool = False


@dataclass(slots=True)
class ListBlock:
    items: list[list[Paragraph]]  # each item is one or more paragraphs
    ordered: bool = False


@dataclass(slots=True)
class Image:
    """A picture from the template folder (the logo)."""

    data: bytes
    filename: str
    width_cm: float
    align: Align | None = None


@dataclass(slots=True)
class Cell:
    blocks: list[Paragraph | ListBlock]  # paragraphs and bullet lists (case text keeps both)
    colspan: int = 1
    shade: str | None = None  # "RRGGBB" fill
    align: Align | None = None
    header: bool = False  # a <th>


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    header: bool = False  # in <thead>: repeated on every page
    group: bool = False  # a group row spanning the table (class="group")


@dataclass(slots=True)
class Table:
    rows: list[Row]
    widths: list[float] = field(default_factory=list)  # relative column widths; empty: equal
    style: str | None = None  # a table class of the markup (see markup.TABLE_CLASSES)

    @property
    def column_count(self) -> int:
        if self.widths:
            return len(self.widths)
        return max((sum(c.colspan for c in r.cells) for r in self.rows), default=0)


@dataclass(slots=True)
class PageBreak:
    pass


@dataclass(slots=True)
class TableOfContents:
    title: str = ""
    # Filled by the parser from the document's headings so the writer can show them at once.
    entries: list[Heading] = field(default_factory=list)
    levels: int = 2


@dataclass(slots=True)
class Section:
    """A run of blocks in a section of its own (a landscape page for wide tables)."""

    blocks: list[Block]
    orientation: Orientation = "landscape"


@dataclass(slots=True)
class Cover:
    """The cover page: its blocks, followed by a page break."""

    blocks: list[Block]


Block = (
    Heading | Paragraph | ListBlock | Table | PageBreak | TableOfContents | Section | Cover | Image
)


@dataclass(slots=True)
class Properties:
    """Document properties and page furniture."""

    title: str = ""
    subject: str = ""
    author: str = ""
    keywords: str = ""
    created: str = ""  # ISO date
    language: str = "da-DK"
    header: list[Inline] = field(default_factory=list)
    footer: list[Inline] = field(default_factory=list)
    header_logo: Image | None = None


@dataclass(slots=True)
class Document:
    blocks: list[Block]
    properties: Properties = field(default_factory=Properties)


def cell_paragraphs(cell: Cell) -> Iterator[Paragraph]:
    """Every paragraph of a cell, those of its lists' items included, in order."""
    for block in cell.blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for item in block.items:
                yield from item


def plain_text(inlines: list[Inline]) -> str:
    """The text of some inlines, as a reader sees it."""
    out: list[str] = []
    for item in inlines:
        if isinstance(item, Text | Link):
            out.append(item.text)
        elif isinstance(item, LineBreak):
            out.append("\n")
        elif isinstance(item, Field):
            out.append(item.cached)
    return "".join(out)

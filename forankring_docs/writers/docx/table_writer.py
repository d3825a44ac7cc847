"""Tables of the document model as XML text put together from templates (``tables.py``).

A cell takes the fastest path that can write it: one plain run from a cell template; text
runs and line breaks in paragraphs and bullet lists put together from templates of their
parts; else (links, fields, tabs, numbered lists) built as elements by the inline writer.
"""

from __future__ import annotations

from collections.abc import Iterator

from docx.parts.document import DocumentPart

from forankring_docs.document.model import Align, Cell, LineBreak, Paragraph, Row, Table, Text
from forankring_docs.writers.docx.inlines import InlineWriter
from forankring_docs.writers.docx.oxml import append_paragraph, clean
from forankring_docs.writers.docx.styles import (
    CELL_BULLET_STYLE,
    CELL_CLASS,
    CELL_SPACED_STYLE,
    DEFAULT_TABLE_STYLE,
    LIST_CONTINUE_STYLE,
    NUMBER_LIST_STYLE,
    PARAGRAPH_STYLES,
    TABLE_STYLES,
    StyleIds,
)
from forankring_docs.writers.docx.tables import (
    GROUP_ROW_FILL,
    HEADER_ROW_FILL,
    TableTemplates,
    column_widths,
    grid_weights,
    table_cell,
)

# Tables whose cells are centered unless they say otherwise (the row labels stay left).
CENTERED_TABLE_CLASSES = frozenset({"matrix"})


class TableWriter(InlineWriter):
    """Writes tables as XML text with the writer's ``templates`` (shared across writes)."""

    def __init__(self, style_ids: StyleIds, main: DocumentPart, templates: TableTemplates) -> None:
        super().__init__(style_ids, main)
        self.templates = templates

    def _table_xml(self, table: Table, width: int) -> str | None:
        """A table ``width`` twips wide as XML text; ``None`` for a table without rows or
        columns (Word refuses one)."""
        cls = table.style or ""
        style_id = self.style(TABLE_STYLES.get(cls, DEFAULT_TABLE_STYLE), "table")
        grid = column_widths(grid_weights(table), width)
        if not grid or not table.rows:
            return None
        has_header = any(row.header for row in table.rows)
        bordered = style_id in self.style_ids.facts.bordered_table_styles
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
        return "".join(xml)

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
            if text:
                text = clean(text)
                if text and cell.blocks[0].inlines[0].bold:  # type: ignore[union-attr]
                    bold = True
            key = (width, span, fill, bold, align, keep_next, bool(text))
            template = self.templates.cells.get(key)
            if template is None:
                template = self.templates.cell(key, self.style(PARAGRAPH_STYLES[CELL_CLASS]))
            if not text:
                out.append(template.head)
                return
            out += (template.with_text(text), template.tail)
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
                    text = clean(item.text)
                    if not text:
                        continue
                    if "\n" in text or "\t" in text or "\r" in text:
                        return None
                    run = templates.run(item.bold or bold, item.italic, item.color)
                    xml += (run.with_text(text), run.tail)
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
        tc = table_cell(self.templates.fragments.scratch, width, span, fill)
        cell_style = self.style(PARAGRAPH_STYLES[CELL_CLASS])
        numbering: dict[int, int | None] = {}  # id(paragraph) -> its list's numbering
        for paragraph, style_id in self._cell_paragraphs(cell, cell_style, numbering):
            p = append_paragraph(
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

"""Tables: column widths, header and body rows, group rows, cells, and the check that every
row fills the table.

``<tr>`` is where a report spends its time (a report is mostly table cells), so the row
handler walks its cells itself instead of through :func:`~.walker.walk`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.flow import flow_paragraphs
from forankring_docs.document.inline import plain_inlines
from forankring_docs.document.model import Block, Cell, Paragraph, Row, Table
from forankring_docs.document.vocabulary import (
    CELL_PARAGRAPH_CLASS,
    DEFAULT_TABLE_CLASS,
    HTML_WHITESPACE,
    MAX_COLUMNS,
    TABLE_CLASSES,
)
from forankring_docs.document.walker import COMMENT, Handler, Walker, skip_comment, walk


@dataclass(slots=True)
class _TableBuilder:
    """A table while its rows are walked, with what the checks after the rows need."""

    table: Table
    row_elements: list[etree._Element] = field(default_factory=list)  # to locate errors
    row_widths: list[int] = field(default_factory=list)  # the sum of each row's colspans
    spanning_rows: list[int] = field(default_factory=list)  # group rows without colspan
    has_colgroup: bool = False
    has_body_rows: bool = False


def block_table(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    style = walker.choice(element, "class", TABLE_CLASSES)
    builder = _TableBuilder(Table(rows=[], style=style or DEFAULT_TABLE_CLASS))
    out.append(builder.table)
    walk(walker, element, _TABLE_CHILDREN, builder)
    _check_rows(walker, element, builder)


def _check_rows(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    """Every row fills the table; a group cell without colspan spans it."""
    table, widths = builder.table, builder.row_widths
    if not table.rows:
        raise walker.error("<table> has no rows", element)
    columns = len(table.widths) if table.widths else max(widths)  # Table.column_count
    for index in builder.spanning_rows:
        table.rows[index].cells[0].colspan = widths[index] = columns
    for width, row_element in zip(widths, builder.row_elements, strict=True):
        if width != columns:
            raise walker.error(
                f"this row has {_columns(width)}, the table has {columns} "
                "(count colspan; rowspan is not supported)",
                row_element,
            )


def _columns(count: int) -> str:
    return f"{count} column" if count == 1 else f"{count} columns"


def _table_colgroup(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    walker.attributes(element)
    if builder.has_colgroup or builder.table.rows:
        raise walker.error("<colgroup> comes once, before the rows", element)
    builder.has_colgroup = True
    walk(walker, element, _COLGROUP_CHILDREN, builder)


def _table_col(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    walker.empty(element)
    value = element.get("width", "1")
    try:
        weight = float(value)
    except ValueError:
        weight = math.nan
    if not (math.isfinite(weight) and weight > 0):
        raise walker.error(
            f"<col width={value!r}>: the width is a positive number (a weight)", element
        )
    if "span" in names:
        span = walker.whole_number(element, "span", 1, (1, MAX_COLUMNS))
        builder.table.widths.extend([weight] * span)
    else:
        builder.table.widths.append(weight)


def _table_head(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    walker.attributes(element)
    if builder.has_body_rows:
        raise walker.error("<thead> must come before the body rows", element)
    walk(walker, element, _HEAD_ROWS, builder)


def _table_body(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    walker.attributes(element)
    walk(walker, element, _BODY_ROWS, builder)


def _head_row(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    _table_row(walker, element, builder, header=True)


def _body_row(walker: Walker, element: etree._Element, builder: _TableBuilder) -> None:
    _table_row(walker, element, builder, header=False)


def _table_row(
    walker: Walker, element: etree._Element, builder: _TableBuilder, *, header: bool
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    group = bool(names) and walker.choice(element, "class", ("group",)) == "group"
    cells: list[Cell] = []
    width = 0
    builder.table.rows.append(Row(cells, header, group))
    builder.row_elements.append(element)
    builder.has_body_rows = builder.has_body_rows or not header
    text = element.text
    if text is not None and text.strip(HTML_WHITESPACE):
        raise walker.text_error(element, text, tail=False)
    for child in element[:]:  # walk, unrolled: a report is mostly table cells
        tag = child.tag
        if tag == "td" or tag == "th":
            cell = _table_cell(walker, child, tag)
            cells.append(cell)
            width += cell.colspan
        elif tag is COMMENT:
            walker.comment(child)
        else:
            raise walker.misplaced(child, "tr")
        tail = child.tail
        if tail is not None and tail.strip(HTML_WHITESPACE):
            raise walker.text_error(child, tail, tail=True)
    if group and len(cells) != 1:
        raise walker.error("a group row (class='group') has exactly one cell", element)
    if not cells:
        raise walker.error("<tr> has no cells", element)
    if group and _first_cell(element).get("colspan") is None:
        builder.spanning_rows.append(len(builder.row_widths))  # the cell spans the table
    builder.row_widths.append(width)


def _first_cell(row: etree._Element) -> etree._Element:
    return next(child for child in row if child.tag in ("td", "th"))


def _table_cell(walker: Walker, element: etree._Element, tag: str) -> Cell:
    colspan, shade, align = 1, None, None
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
        if "colspan" in names:
            colspan = walker.whole_number(element, "colspan", 1, (1, MAX_COLUMNS))
        if "data-shade" in names:
            shade = walker.shade_of(element, element.get("data-shade"))
        if "align" in names:
            align = walker.align_of(element)
    if len(element):
        paragraphs = flow_paragraphs(walker, element, CELL_PARAGRAPH_CLASS, lists=True)
    else:
        text = element.text
        inlines = plain_inlines(text) if text else []
        paragraphs = [Paragraph(inlines, CELL_PARAGRAPH_CLASS, None)]
    return Cell(paragraphs, colspan, shade, align, tag == "th")


# ---------------------------------------------------------------- dispatch tables

_TABLE_CHILDREN: dict[object, Handler[_TableBuilder]] = {
    "colgroup": _table_colgroup,
    "thead": _table_head,
    "tbody": _table_body,
    "tr": _body_row,
    COMMENT: skip_comment,
}
_COLGROUP_CHILDREN: dict[object, Handler[_TableBuilder]] = {
    "col": _table_col,
    COMMENT: skip_comment,
}
_HEAD_ROWS: dict[object, Handler[_TableBuilder]] = {"tr": _head_row, COMMENT: skip_comment}
_BODY_ROWS: dict[object, Handler[_TableBuilder]] = {"tr": _body_row, COMMENT: skip_comment}

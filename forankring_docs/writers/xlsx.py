"""The portfolio overview as an Excel workbook (``overview -o oversigt.xlsx``), with openpyxl.

One sheet per table of the overview (``report.overview.build_overview_sheets``). What a
spreadsheet user expects of a table, rather than of a printout: the header row frozen and
filterable, numbers as numbers and dates as dates (shown dd-mm-yyyy), the traffic light as a
word on its colour, and columns wide enough for what they hold.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from forankring_docs.document.vocabulary import SHADE_PALETTE
from forankring_docs.report.overview import Cell, LightCell, Sheet

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd-mm-yyyy"
MIN_WIDTH = 6  # characters; a column of one-digit figures still shows its filter button
MAX_WIDTH = 60  # a longer text (a warning, an error) wraps instead of widening its column
LINE_HEIGHT = 15  # points: a line of the default font (Calibri 11)
FILTER_BUTTON = 3  # the header's filter arrow takes about this many characters
# Excel's rules for a sheet's name: at most 31 characters, none of []:*?/\ .
SHEET_NAME_LENGTH = 31
_SHEET_NAME_UNSAFE = re.compile(r"[\[\]:*?/\\]")


def write_xlsx(sheets: Sequence[Sheet], *, created: dt.date | None = None) -> bytes:
    """The workbook of ``sheets`` as bytes (written to a file by ``output.write_atomic``).

    ``created``: the workbook's creation date in its properties (the overview's date), so
    that the same overview made twice is the same file but for the time it was saved."""
    from openpyxl import Workbook  # only for .xlsx: start-up

    workbook = Workbook()
    workbook.remove(workbook.active)
    if created is not None:
        workbook.properties.created = dt.datetime.combine(created, dt.time())
    names: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook.create_sheet(_unique_name(sheet.name, names)), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(worksheet: Worksheet, sheet: Sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fills = {
        shade: PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        for shade, colour in SHADE_PALETTE.items()
    }
    header_fill = fills["header"]
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    widths = [len(title) + FILTER_BUTTON for title in sheet.columns]
    for column, title in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=1, column=column, value=_text(title))
        cell.data_type = "s"
        cell.font = bold
        cell.fill = header_fill
    for row_number, row in enumerate(sheet.rows, start=2):
        lines = max(_lines(value) for value in row) if row else 1
        if lines > 1:  # LibreOffice keeps a row one line high unless told otherwise
            worksheet.row_dimensions[row_number].height = LINE_HEIGHT * lines
        for column, value in enumerate(row, start=1):
            cell = worksheet.cell(row=row_number, column=column)
            cell.alignment = top
            if isinstance(value, LightCell):
                cell.value = _text(value.word)
                cell.fill = fills.get(value.light, fills["grey"])
            elif isinstance(value, dt.date):
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif isinstance(value, str):
                cell.value = _text(value)
                # Case text is never a formula: openpyxl would store "=…" as one.
                cell.data_type = "s"
                if len(value) > MAX_WIDTH or "\n" in value:
                    cell.alignment = wrap
            else:
                cell.value = value
            widths[column - 1] = max(widths[column - 1], _shown_width(value))
    for column, width in enumerate(widths, start=1):
        letter = get_column_letter(column)
        worksheet.column_dimensions[letter].width = min(max(width, MIN_WIDTH), MAX_WIDTH) + 1
    worksheet.freeze_panes = "A2"
    # Printed: landscape, the header row on every page.
    worksheet.page_setup.orientation = "landscape"
    worksheet.print_title_rows = "1:1"
    last = get_column_letter(max(len(sheet.columns), 1))
    worksheet.auto_filter.ref = f"A1:{last}{max(len(sheet.rows) + 1, 2)}"


def _lines(value: Cell) -> int:
    """How many lines a text wraps to in a column MAX_WIDTH wide (about: a character of a
    proportional font is narrower than the width unit, a character '0', on average)."""
    if not isinstance(value, str):
        return 1
    return sum(max(1, -(-len(line) // MAX_WIDTH)) for line in value.splitlines() or [""])


def _shown_width(value: Cell) -> int:
    """How many characters the cell shows on one line (a long text wraps at MAX_WIDTH)."""
    if value is None:
        return 0
    if isinstance(value, LightCell):
        return len(value.word)
    if isinstance(value, dt.date):
        return len(DATE_FORMAT)
    if isinstance(value, str):
        return max((len(line) for line in value.splitlines()), default=0)
    return len(str(value))


#: Characters an .xlsx cannot hold (XML 1.0 forbids them); openpyxl refuses them.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text(text: str) -> str:
    """``text`` with any character a workbook cannot hold shown as its escape (``\\x1b``),
    as the command line shows it: a file name may hold one; a case's text may not."""
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _unique_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel accepts, different from the others (case-insensitively, as Excel
    compares them): a labels file of a template folder may name a sheet anything."""
    base = _SHEET_NAME_UNSAFE.sub("_", _text(name)).strip("' ")[:SHEET_NAME_LENGTH] or "Ark"
    candidate, number = base, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_LENGTH - len(suffix)] + suffix
    taken.add(candidate.casefold())
    return candidate

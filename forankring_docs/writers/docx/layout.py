"""Transforms of the document for Word's pages, run before it is written: which blocks
keep together on a page, and column widths that fit each column's longest word.

They change only the document model (``keep_with_next``, table widths).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from forankring_docs.document.model import (
    Block,
    Cover,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Row,
    Section,
    Table,
    Text,
    cell_paragraphs,
)
from forankring_docs.writers.docx.writer import DocxWriter

KEEP_TOGETHER_TABLES = frozenset({"timeline", "grid", "facts", "matrix"})
KEEP_TOGETHER_MAX_ROWS = 24
# The notes after a table (its legend, what it leaves out) kept with its last rows: a few
# short paragraphs; more are left to flow, so that a keep-with-next chain never fills a page.
TABLE_NOTES_KEPT = 3
# The paragraph styles of an introduction (a body paragraph, a lead), not of a note or of
# "nothing here yet".
INTRODUCTIONS = frozenset({None, "lead"})


def keep_together(blocks: list[Block]) -> None:
    """A paragraph straight before a table introduces it: keep it on the table's page (with
    the heading above it, whose style keeps it with the next paragraph). A timeline, grid,
    fact table or matrix that fits on a page is kept in one piece: a chart split over two
    pages reads badly. Of any other table, the last two rows keep together, so that a count
    row is never alone at the top of a page.

    Tables that follow each other directly (an anchoring's facts, its actors and its
    snitflader) stay together, the last one included, when they fit on a page together.

    The notes straight after any table (``<p class="note">``: a legend, the actors a
    matrix leaves out) belong to it: the table's last row keeps with the first note, and
    each note with the next, so that they are never left alone on the next page. The chain
    holds the last rows and at most ``TABLE_NOTES_KEPT`` notes, never a whole table (unless
    it is one kept together anyway): a long table or many notes cannot push a page empty.
    A note after a table is the table's, not the introduction of a table that follows it."""
    previous: Block | None = None
    before: Block | None = None  # the block before ``previous``
    notes: list[Paragraph] = []  # the notes after the last table, so far
    run_rows = 0  # the rows of the tables that follow each other directly, so far
    for block in blocks:
        if isinstance(block, Section):
            keep_together(block.blocks)
        elif isinstance(block, Table):
            if isinstance(previous, Paragraph) and not notes:
                previous.keep_with_next = True
            elif (
                isinstance(previous, Heading)
                and isinstance(before, Paragraph)
                and before.style in INTRODUCTIONS
            ):
                # "Ansvarsfordeling", its introduction, then a part's heading and table:
                # the introduction is not left alone at the foot of a page either.
                before.keep_with_next = True
            run_rows = len(block.rows) + (run_rows if isinstance(previous, Table) else 0)
            in_run = isinstance(previous, Table) and run_rows <= KEEP_TOGETHER_MAX_ROWS
            if in_run:
                _keep_rows(previous.rows)  # and the writer's paragraph between the two
            whole = in_run or _kept_together(block)  # the run's last table, in one piece too
            _keep_rows(block.rows[:-1] if whole else block.rows[-2:-1])
        elif (
            isinstance(block, Paragraph)
            and block.style == "note"
            and (isinstance(previous, Table) or (notes and previous is notes[-1]))
        ):
            if isinstance(previous, Table):
                _keep_rows(previous.rows[-1:])
            elif len(notes) < TABLE_NOTES_KEPT:
                notes[-1].keep_with_next = True
            notes.append(block)
            before, previous = previous, block
            continue
        notes = []
        before, previous = previous, block


def _keep_rows(rows: Sequence[Row]) -> None:
    """Keep each row with the next block (the row's first cell is enough for Word)."""
    for row in rows:
        if row.cells:
            for paragraph in cell_paragraphs(row.cells[0]):
                paragraph.keep_with_next = True


def _kept_together(table: Table) -> bool:
    return table.style in KEEP_TOGETHER_TABLES and len(table.rows) <= KEEP_TOGETHER_MAX_ROWS


def template_text_widths(writer: DocxWriter) -> dict[str, int]:
    """The width between the margins of the template's page, portrait and landscape (twips),
    as the writer lays its tables out (a template without a page size is A4)."""
    return dict(writer.text_widths)


# Rough widths of Calibri's characters, in em (the table font is 9.5 pt); enough to tell
# whether the longest word of a column fits its width.
_CELL_EM = 190  # twips: 9.5 pt
_CELL_PADDING = 2 * 85 + 80  # twips: the cell margins of the table style, and some air
_BOLD = 1.06
_NARROW = dict.fromkeys("ijlI.,;:!|'’()[]-–·/ \u00a0", 0.27) | dict.fromkeys("frtJ", 0.34)
_WIDE = dict.fromkeys("mwæœ", 0.8) | dict.fromkeys("MWÆŒ", 0.9)
_LINK_MAX = 1700  # twips (3 cm): a longer address breaks rather than widen its column
_BULLET_INDENT = 227  # twips: a bullet item's indent in a cell ("Forankring Cell Bullet")
_MAX_SHARE = 0.45  # no column is widened beyond this share of the table for one long word
#: What separates words: any white space but the no-break space, which holds a phrase such
#: as "ikke angivet" together, so its column is made wide enough for all of it.
_WORD_BREAK = re.compile(r"[^\S\u00a0]+")


@functools.lru_cache(maxsize=4096)
def _word_width(word: str) -> float:
    """An estimate of a word's width in twips at the cell font size (regular weight)."""
    em = 0.0
    for char in word:
        em += (
            _NARROW.get(char)
            or _WIDE.get(char)
            or (0.6 if char.isupper() or char.isdigit() else 0.49)
        )
    return em * _CELL_EM


@functools.lru_cache(maxsize=4096)
def _widest_word(text: str) -> float:
    """The estimated width of the widest word of ``text`` (0 for no words); the same texts
    come back in table after table (names, scores, statuses)."""
    return max(map(_word_width, _WORD_BREAK.split(text)), default=0.0)


def fit_columns(
    blocks: list[Block], widths: Mapping[str, int], orientation: str = "portrait"
) -> None:
    """Widen the columns whose longest word would not fit (so Word does not break words such
    as "Projektmedarbejder" in the middle), taking the room from the columns with space
    to spare. The template's ``<col width>`` weights stay the starting point."""
    for block in blocks:
        if isinstance(block, Section):
            fit_columns(block.blocks, widths, block.orientation)
        elif isinstance(block, Cover):
            fit_columns(block.blocks, widths, orientation)
        elif isinstance(block, Table):
            _fit_table(block, widths.get(orientation, 9070))


def _fit_table(table: Table, total: int) -> None:
    columns = table.column_count
    if columns < 2:
        return
    needs = [0.0] * columns
    for row in table.rows:
        column = 0
        for cell in row.cells:
            if cell.colspan == 1 and column < columns:
                bold = row.header or cell.header
                for block in cell.blocks:
                    if type(block) is Paragraph:
                        width = _widest_in(block, bold)
                        if width > needs[column]:
                            needs[column] = width
                    elif type(block) is ListBlock:  # its items are indented
                        width = _BULLET_INDENT + max(
                            (_widest_in(p, bold) for item in block.items for p in item),
                            default=0.0,
                        )
                        if width > needs[column]:
                            needs[column] = width
            column += cell.colspan
    limit = total * _MAX_SHARE
    minimums = [min(need + _CELL_PADDING, limit) for need in needs]
    weights = table.widths if len(table.widths) == columns else [1.0] * columns
    table.widths = fit_column_widths(weights, minimums, total)


def _widest_in(paragraph: Paragraph, bold: bool) -> float:
    """The estimated width of a paragraph's widest word (twips), as ``_fit_table`` needs it."""
    widest = 0.0
    for item in paragraph.inlines:
        if type(item) is Text or type(item) is Link:
            width = _widest_word(item.text)
            if type(item) is Link:  # a web or e-mail address may break
                width = min(width, _LINK_MAX)
            if bold or getattr(item, "bold", False):
                width *= _BOLD
            if width > widest:
                widest = width
    return widest


def fit_column_widths(
    weights: Sequence[float], minimums: Sequence[float], total: float
) -> list[float]:
    """Column widths that add up to ``total``, in proportion to ``weights`` but each at
    least its minimum where they can all fit.

    When they cannot all fit, the columns with the smaller minimums keep them (short words
    such as "Professionel" or "Lokal" stay whole) and the columns with the longest words
    share what is left equally: only those break a word."""
    if sum(minimums) >= total:
        return _capped(minimums, total)
    weight_sum = sum(weights)
    widths = [w / weight_sum * total for w in weights]
    fixed: set[int] = set()
    while True:
        short = {i for i, w in enumerate(widths) if i not in fixed and w < minimums[i] - 0.5}
        if not short:
            return widths
        fixed |= short
        rest = total - sum(minimums[i] for i in fixed)
        free = [i for i in range(len(widths)) if i not in fixed]
        free_weight = sum(weights[i] for i in free)
        for i in fixed:
            widths[i] = float(minimums[i])
        if not free:
            return widths
        for i in free:
            widths[i] = weights[i] / free_weight * rest


def _capped(minimums: Sequence[float], total: float) -> list[float]:
    """``min(minimum, cap)`` per column, with the cap at which they add up to ``total``."""
    rest, left = float(total), len(minimums)
    for minimum in sorted(minimums):
        if minimum * left > rest:
            break
        rest -= minimum
        left -= 1
    cap = rest / left if left else 0.0
    return [min(float(m), cap) for m in minimums]

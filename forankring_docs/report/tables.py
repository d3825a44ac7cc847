"""The shapes of table that several sections of the report share: facts (label and value),
column groups over a header row, and matrices, which a wide one splits into parts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "MATRIX_PART_MAX_COLUMNS",
    "MATRIX_PORTRAIT_MAX_COLUMNS",
    "PORTRAIT_MAX_COLUMNS",
    "ColumnGroup",
    "Fact",
    "Matrix",
    "MatrixPart",
    "MatrixRow",
    "chunks",
    "column_groups",
]

#: More data columns than this and a table goes on a landscape page.
PORTRAIT_MAX_COLUMNS = 8
#: A matrix (its columns are named by tasks or actors) goes landscape beyond this many columns.
MATRIX_PORTRAIT_MAX_COLUMNS = 4
#: At most this many task or actor columns in one matrix table (landscape); more are split.
MATRIX_PART_MAX_COLUMNS = 8


@dataclass(frozen=True, slots=True)
class Fact:
    """One row of a two-column facts table (cover, key figures, follow-up)."""

    label: str
    value: str
    alert: bool = False  # shown as a warning (e.g. overdue activities)
    items: tuple[str, ...] = ()  # when set: the value's parts, for a template to show one per line


@dataclass(frozen=True, slots=True)
class ColumnGroup:
    label: str
    span: int


@dataclass(frozen=True, slots=True)
class MatrixRow:
    label: str
    cells: tuple[str, ...]  # the symbol or letter; "" for an empty cell
    note: str = ""  # a word after the label that stands out (a task "uafklaret")


@dataclass(frozen=True, slots=True)
class MatrixPart:
    """One table of a matrix (a wide matrix is split into several)."""

    groups: tuple[ColumnGroup, ...]  # the first header row (task types); empty if none
    columns: tuple[str, ...]  # the column headers (task or actor names)
    rows: tuple[MatrixRow, ...]
    totals: tuple[int, ...]  # per column (candidate actors per task); empty if none
    continued: bool  # not the first part
    alerts: tuple[bool, ...] = ()  # per column: a task to be anchored that no actor can take on
    omitted: str = ""  # a continued part: "2 aktører uden markeringer … er ikke vist her."
    title: str = ""  # what the part is about (the mapping: one element)


@dataclass(frozen=True, slots=True)
class Matrix:
    parts: tuple[MatrixPart, ...]
    wide: bool  # more than MATRIX_PORTRAIT_MAX_COLUMNS columns: a landscape page
    unmarked: str = ""  # the mapping: the actors with no mark at all, in a sentence


def column_groups(labels: Iterable[str]) -> tuple[ColumnGroup, ...]:
    """One group per run of equal labels of adjacent columns, spanning the run."""
    groups: list[ColumnGroup] = []
    for label in labels:
        if groups and groups[-1].label == label:
            groups[-1] = ColumnGroup(label, groups[-1].span + 1)
        else:
            groups.append(ColumnGroup(label, 1))
    return tuple(groups)


def chunks(count: int, size: int) -> list[tuple[int, int]]:
    """Split ``count`` columns into balanced parts of at most ``size``: (start, end) pairs."""
    if count <= size:
        return [(0, count)]
    parts = -(-count // size)
    base, extra = divmod(count, parts)
    bounds, start = [], 0
    for i in range(parts):
        end = start + base + (1 if i < extra else 0)
        bounds.append((start, end))
        start = end
    return bounds

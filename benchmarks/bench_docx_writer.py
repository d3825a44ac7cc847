"""Time the docx writer on synthetic documents, to show that its cost grows linearly.

    python benchmarks/bench_docx_writer.py            # N = 100, 1000, 10000 table rows
    python benchmarks/bench_docx_writer.py 500 5000   # other sizes

Each document has a cover, a table of contents, headings, paragraphs and tables of
``COLUMNS`` columns (a header row, a group row every 10 rows, shaded cells, a link now and
then), split into tables of at most 50 rows. Prints the warm time per write (median of
several runs after one warm-up), the time per cell and the size of the .docx.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from forankring_docs.document.model import (  # noqa: E402
    Cell,
    Cover,
    Document,
    Field,
    Heading,
    Link,
    Paragraph,
    Properties,
    Row,
    Table,
    TableOfContents,
    Text,
)
from forankring_docs.writers.docx import DocxWriter  # noqa: E402

STYLES = ROOT / "templates" / "default" / "styles.docx"
COLUMNS = 5
ROWS_PER_TABLE = 50


def _cell(text: str, **kwargs: object) -> Cell:
    return Cell([Paragraph([Text(text)])], **kwargs)  # type: ignore[arg-type]


def synthetic_document(
    rows: int, columns: int = COLUMNS, rows_per_table: int = ROWS_PER_TABLE
) -> Document:
    """A report with ``rows`` table rows (plus one header row per table)."""
    headings: list[Heading] = []
    blocks: list = [
        Cover([Paragraph([Text("Forankringsstrategi")], style="title")]),
    ]
    toc = TableOfContents("Indholdsfortegnelse")
    blocks.append(toc)
    done = 0
    number = 0
    while done < rows:
        number += 1
        heading = Heading(1 if number % 3 == 1 else 2, [Text(f"Afsnit {number}")])
        headings.append(heading)
        blocks.append(heading)
        blocks.append(Paragraph([Text("Et afsnit med tekst om forankring af indsatsen. " * 3)]))
        count = min(rows_per_table, rows - done)
        header = Row([_cell(f"Kolonne {c}", header=True) for c in range(columns)], header=True)
        body: list[Row] = []
        for i in range(count):
            if i % 10 == 0:
                body.append(Row([_cell(f"Gruppe {i // 10}", colspan=columns)], group=True))
            cells = [_cell(f"Række {done + i} celle {c}") for c in range(columns)]
            cells[1].shade = "F4C7C3" if i % 3 == 0 else None
            if i % 25 == 0:
                cells[2] = Cell([Paragraph([Link("mail", f"mailto:aktoer{i}@example.dk")])])
            body.append(Row(cells))
        blocks.append(Table([header, *body], widths=[3, 1, 2, 2, 1][:columns]))
        done += count
    toc.entries = [h for h in headings if h.level <= 2]
    props = Properties(
        title="Forankringsstrategi",
        author="Benchmark",
        created="2026-11-15",
        header=[Text("Solhøj · Forankringsstrategi")],
        footer=[Text("Side "), Field("PAGE"), Text(" af "), Field("NUMPAGES")],
    )
    return Document(blocks, props)


def cell_count(document: Document) -> int:
    return sum(
        len(row.cells)
        for block in document.blocks
        if isinstance(block, Table)
        for row in block.rows
    )


def time_write(writer: DocxWriter, document: Document, repeat: int) -> tuple[float, int]:
    data = writer.write(document)  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        writer.write(document)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(data)


def report(writer: DocxWriter, label: str, document: Document, rows: int) -> None:
    cells = cell_count(document)
    tables = sum(isinstance(block, Table) for block in document.blocks)
    seconds, size = time_write(writer, document, 21 if cells <= 10_000 else 5)
    print(
        f"{label:<22} {rows:>7} {tables:>6} {cells:>7} {seconds * 1000:>9.1f}"
        f" {seconds * 1e6 / cells:>8.1f} {size / 1024:>6.0f}"
    )


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv[1:]] or [100, 1000, 10000]
    writer = DocxWriter(STYLES)
    columns = ("rows", 7), ("tables", 6), ("cells", 7), ("ms/write", 9), ("µs/cell", 8), ("kB", 6)
    print(f"{'document':<22} " + " ".join(f"{name:>{width}}" for name, width in columns))
    report(writer, "mid-size report", synthetic_document(45, 5, rows_per_table=3), 45)
    report(writer, "large report", synthetic_document(520, 5, rows_per_table=35), 520)
    for rows in sizes:
        report(writer, f"N = {rows} rows", synthetic_document(rows), rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

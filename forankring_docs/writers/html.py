"""A standalone HTML preview of a :class:`~forankring_docs.document.model.Document`.

One file, no external resources: inline CSS, the logo as a ``data:`` URI. The document is
shown as sheets of paper: the cover, then the body split at page breaks, with landscape
sections on wide sheets. Each sheet shows the running header and footer, unless they count
pages (PAGE, NUMPAGES): a web page has none, and printing makes its own. Printed, it gives A4
pages (landscape sections on landscape pages), each top-level section on a new page. Every
piece of document text goes through :func:`html.escape`, so no text of the document can
become markup.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlsplit

from forankring_docs.document.model import (
    Block,
    Cell,
    Cover,
    Document,
    Field,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Orientation,
    PageBreak,
    Paragraph,
    Properties,
    Row,
    Section,
    Table,
    TableOfContents,
    Text,
)

__all__ = ["write_html"]

_COLOR = re.compile(r"[0-9A-Fa-f]{6}\Z")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f]")
_CLASS_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
_ALIGNS = frozenset({"left", "center", "right"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_DEFAULT_TITLE = "Document"
_PAGE_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES"})

_CSS = """
*{box-sizing:border-box}
html{background:#e6e6e6}
body{margin:0;padding:1px 0;font:11pt/1.35 Calibri,"Segoe UI",Carlito,Arial,sans-serif;
  color:#1f1f1f;overflow-x:auto}
.sheet{display:flex;flex-direction:column;width:21cm;max-width:100%;min-height:29.7cm;
  margin:1cm auto;padding:1.2cm 2cm 1.2cm;background:#fff;box-shadow:0 1px 5px rgba(0,0,0,.25)}
.sheet.landscape{width:29.7cm;min-height:21cm}
.sheet-body{flex:1;padding:.6cm 0}
.running-header,.running-footer{display:flex;align-items:center;gap:.5cm;font-size:9pt;
  color:#595959}
.running-header{border-bottom:1px solid #d9d9d9;padding-bottom:.2cm;min-height:.8cm}
.running-header .text{margin-left:auto;text-align:right}
.running-footer{border-top:1px solid #d9d9d9;padding-top:.2cm;justify-content:center}
.cover .sheet-body{display:flex;flex-direction:column;justify-content:center}
h1,h2,h3{color:#1f3864;line-height:1.2;break-after:avoid}
h1{font-size:18pt;margin:18pt 0 8pt;border-bottom:1px solid #b4c6e7;padding-bottom:3pt}
h2{font-size:14pt;margin:14pt 0 6pt}
h3{font-size:12pt;margin:12pt 0 4pt}
p{margin:0 0 6pt}
p:empty{min-height:1.35em}
p.p-title{font-size:30pt;font-weight:bold;color:#1f3864;margin-bottom:8pt;line-height:1.1}
p.p-subtitle{font-size:16pt;color:#2f5496;margin-bottom:16pt}
p.p-draft{display:inline-block;align-self:flex-start;font-size:14pt;font-weight:bold;letter-spacing:.2em;
  color:#c00000;border:2px solid #c00000;padding:2pt 8pt}
p.p-lead{font-size:12.5pt;color:#404040}
p.p-note{font-size:9pt;color:#595959}
p.p-meta{font-size:10.5pt;margin-bottom:2pt}
p.p-empty{font-style:italic;color:#7f7f7f}
p.p-cell,td p,th p{margin:0}
td>*+p,th>*+p{margin-top:4pt}
td ul,td ol,th ul,th ol{margin:0;padding-left:1.1em}
ul,ol{margin:0 0 6pt;padding-left:1.5em}
li>p{margin:0 0 2pt}
a{color:#0563c1}
.field{background:#f2f2f2}
.image{margin:0 0 6pt}
.logo{display:block;height:auto}
hr.page-break{border:0;border-top:1px dashed #a6a6a6;margin:12pt 0}
nav.toc{margin:0 0 12pt}
nav.toc .toc-title{font-size:16pt;font-weight:bold;color:#1f3864;margin-bottom:8pt}
nav.toc ol{list-style:none;padding:0}
nav.toc li{margin:0 0 3pt;border-bottom:1px dotted #bfbfbf}
nav.toc li.level-2{padding-left:1.2em}
nav.toc li.level-3{padding-left:2.4em;font-size:10pt}
nav.toc a{color:inherit;text-decoration:none}
table{width:100%;border-collapse:collapse;margin:0 0 10pt;font-size:10pt;
  page-break-inside:auto}
tr{break-inside:avoid}
th,td{border:1px solid #bfbfbf;padding:2pt 4pt;vertical-align:top;text-align:left}
th{font-weight:bold}
thead th,thead td,tr.header th,tr.header td{background:#d9e2f3;font-weight:bold}
tr.group td,tr.group th{background:#f2f2f2;font-weight:bold}
table.t-facts td,table.t-facts th{border-color:#e0e0e0}
table.t-facts tr>:first-child{font-weight:bold;width:35%}
table.t-matrix td,table.t-matrix th{text-align:center}
table.t-matrix tr>:first-child{text-align:left}
table.t-heat td{text-align:center}
table.t-heat tr>:first-child{text-align:left}
table.t-grid td{height:4cm;width:50%}
table.t-timeline{font-size:8pt}
table.t-timeline td,table.t-timeline th{padding:1pt 2pt}
@media (max-width:22cm){.sheet{margin:0 auto .4cm;padding:.5cm .6cm}}
@page{size:A4;margin:1.5cm 1.8cm}
@page landscape{size:A4 landscape}
@media print{html{background:none}body{overflow:visible}
  .sheet,.sheet.landscape{display:block;width:auto;max-width:none;min-height:0;margin:0;padding:0;
    box-shadow:none;break-after:page}
  .sheet:last-child{break-after:auto}
  .sheet.landscape{page:landscape}
  .sheet-body{padding:0}
  .running-header{display:none}
  .cover .running-header{display:flex}
  h1{break-before:page}
  hr.page-break{break-after:page;border:0;margin:0}
  thead{display:table-header-group}
  img{break-inside:avoid}
  nav.toc a{color:inherit}}
"""


@dataclass(frozen=True, slots=True)
class _Sheet:
    """A sheet of the preview: a run of blocks between page breaks, or the cover, or a section."""

    blocks: list[Block]
    orientation: Orientation = "portrait"
    cover: bool = False


def _sheets(blocks: list[Block]) -> list[_Sheet]:
    """Split the top-level blocks into sheets at page breaks, the cover and sections."""
    sheets: list[_Sheet] = []
    current: list[Block] = []
    for block in blocks:
        if isinstance(block, PageBreak | Cover | Section) and current:
            sheets.append(_Sheet(current))
            current = []
        if isinstance(block, Cover):
            sheets.append(_Sheet(block.blocks, cover=True))
        elif isinstance(block, Section):
            sheets.append(_Sheet(block.blocks, block.orientation))
        elif not isinstance(block, PageBreak):
            current.append(block)
    if current or not sheets:
        sheets.append(_Sheet(current))
    return sheets


def _headings(blocks: list[Block]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Section | Cover):
            yield from _headings(block.blocks)


def _anchors(blocks: list[Block]) -> dict[int, str]:
    """An id for every heading (its bookmark, or a made-up one), keyed by object identity."""
    anchors: dict[int, str] = {}
    for number, heading in enumerate(_headings(blocks), start=1):
        anchors[id(heading)] = heading.bookmark or f"heading-{number}"
    return anchors


def _href(url: str) -> str | None:
    """The URL when it is safe to link to (http, https, mailto), else None."""
    if _URL_FORBIDDEN.search(url):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _LINK_SCHEMES else None


def _style_attribute(*declarations: str) -> str:
    present = [declaration for declaration in declarations if declaration]
    return f' style="{";".join(present)}"' if present else ""


def _align_css(align: str | None) -> str:
    return f"text-align:{align}" if align in _ALIGNS else ""


def _color_css(prop: str, color: str | None) -> str:
    return f"{prop}:#{color.upper()}" if color and _COLOR.match(color) else ""


def _class_attribute(*names: str | None) -> str:
    valid = [name for name in names if name and _CLASS_NAME.match(name)]
    return f' class="{" ".join(valid)}"' if valid else ""


def _data_uri(image: Image) -> str:
    mime = mimetypes.guess_type(image.filename)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(image.data).decode('ascii')}"


def _image_tag(image: Image, css_class: str) -> str:
    width = f"width:{image.width_cm:.2f}cm" if image.width_cm > 0 else ""
    return (
        f'<img class="{css_class}" src="{_data_uri(image)}" alt="{escape(image.filename)}"'
        f"{_style_attribute(width)}>"
    )


class _HtmlWriter:
    def __init__(self, document: Document) -> None:
        self._document = document
        self._properties: Properties = document.properties
        self._anchors = _anchors(document.blocks)
        self._out: list[str] = []

    # ------------------------------------------------------------ the page
    def write(self) -> str:
        properties = self._properties
        title = properties.title or _DEFAULT_TITLE
        out = self._out
        out.append(f'<!DOCTYPE html>\n<html lang="{escape(properties.language)}">\n<head>\n')
        out.append('<meta charset="utf-8">\n')
        out.append('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
        out.append(f"<title>{escape(title)}</title>\n")
        for name, value in (
            ("author", properties.author),
            ("description", properties.subject),
            ("keywords", properties.keywords),
            ("dcterms.created", properties.created),
        ):
            if value:
                out.append(f'<meta name="{name}" content="{escape(value)}">\n')
        out.append(f"<style>{_CSS}</style>\n</head>\n<body>\n")
        for sheet in _sheets(self._document.blocks):
            self._sheet(sheet)
        out.append("</body>\n</html>\n")
        return "".join(out)

    def _sheet(self, sheet: _Sheet) -> None:
        classes = ["sheet", sheet.orientation]
        if sheet.cover:
            classes.append("cover")
        self._out.append(f'<div class="{" ".join(classes)}">\n')
        self._running_header()
        self._out.append('<div class="sheet-body">\n')
        self._blocks(sheet.blocks)
        self._out.append("</div>\n")
        self._running_footer()
        self._out.append("</div>\n")

    def _running_header(self) -> None:
        properties = self._properties
        if not properties.header and properties.header_logo is None:
            return
        if _counts_pages(properties.header):
            return
        out = self._out
        out.append('<header class="running-header">')
        if properties.header_logo is not None:
            out.append(_image_tag(properties.header_logo, "logo"))
        out.append('<span class="text">')
        self._inlines(properties.header)
        out.append("</span></header>\n")

    def _running_footer(self) -> None:
        if not self._properties.footer or _counts_pages(self._properties.footer):
            return
        self._out.append('<footer class="running-footer"><span class="text">')
        self._inlines(self._properties.footer)
        self._out.append("</span></footer>\n")

    # ------------------------------------------------------------ blocks
    def _blocks(self, blocks: list[Block]) -> None:
        for block in blocks:
            self._block(block)

    def _block(self, block: Block) -> None:
        if isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, ListBlock):
            self._list(block)
        elif isinstance(block, TableOfContents):
            self._toc(block)
        elif isinstance(block, Image):
            align = _align_css(block.align)
            self._out.append(f'<div class="image"{_style_attribute(align)}>')
            self._out.append(_image_tag(block, "picture"))
            self._out.append("</div>\n")
        elif isinstance(block, PageBreak):
            self._out.append('<hr class="page-break">\n')
        elif isinstance(block, Section | Cover):  # nested: shown in the flow
            self._blocks(block.blocks)

    def _paragraph(self, paragraph: Paragraph, end: str = "\n") -> None:
        style_class = f"p-{paragraph.style}" if paragraph.style else None
        attributes = _class_attribute(style_class) + _style_attribute(_align_css(paragraph.align))
        self._out.append(f"<p{attributes}>")
        self._inlines(paragraph.inlines)
        self._out.append(f"</p>{end}")

    def _heading(self, heading: Heading) -> None:
        level = min(max(heading.level, 1), 6)
        anchor = self._anchors.get(id(heading)) or heading.bookmark
        id_attribute = f' id="{escape(anchor)}"' if anchor else ""
        self._out.append(f"<h{level}{id_attribute}>")
        self._inlines(heading.inlines)
        self._out.append(f"</h{level}>\n")

    def _list(self, block: ListBlock) -> None:
        tag = "ol" if block.ordered else "ul"
        self._out.append(f"<{tag}>\n")
        for item in block.items:
            self._out.append("<li>")
            for paragraph in item:
                self._paragraph(paragraph, end="")
            self._out.append("</li>\n")
        self._out.append(f"</{tag}>\n")

    def _toc(self, toc: TableOfContents) -> None:
        out = self._out
        out.append('<nav class="toc">\n')
        if toc.title:
            out.append(f'<div class="toc-title">{escape(toc.title)}</div>\n')
        out.append("<ol>\n")
        for heading in toc.entries:
            anchor = self._anchors.get(id(heading)) or heading.bookmark
            level = min(max(heading.level, 1), 3)
            out.append(f'<li class="level-{level}">')
            if anchor:
                out.append(f'<a href="#{escape(quote(anchor))}">{escape(heading.text)}</a>')
            else:
                out.append(escape(heading.text))
            out.append("</li>\n")
        out.append("</ol>\n</nav>\n")

    # ------------------------------------------------------------ tables
    def _table(self, table: Table) -> None:
        out = self._out
        out.append(f"<table{_class_attribute('t-' + (table.style or 'data'))}>\n")
        self._colgroup(table.widths)
        leading_header = 0
        while leading_header < len(table.rows) and table.rows[leading_header].header:
            leading_header += 1
        if leading_header:
            out.append("<thead>\n")
            for row in table.rows[:leading_header]:
                self._row(row, in_head=True)
            out.append("</thead>\n")
        if leading_header < len(table.rows):
            out.append("<tbody>\n")
            for row in table.rows[leading_header:]:
                self._row(row, in_head=False)
            out.append("</tbody>\n")
        out.append("</table>\n")

    def _colgroup(self, widths: list[float]) -> None:
        total = sum(width for width in widths if width > 0)
        if not widths or total <= 0:
            return
        self._out.append("<colgroup>")
        for width in widths:
            share = max(width, 0) / total * 100
            self._out.append(f'<col style="width:{share:.2f}%">')
        self._out.append("</colgroup>\n")

    def _row(self, row: Row, *, in_head: bool) -> None:
        classes = ["group"] if row.group else []
        if row.header and not in_head:
            classes.append("header")
        self._out.append(f"<tr{_class_attribute(*classes)}>")
        for cell in row.cells:
            self._cell(cell)
        self._out.append("</tr>\n")

    def _cell(self, cell: Cell) -> None:
        tag = "th" if cell.header else "td"
        colspan = f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
        style = _style_attribute(_color_css("background-color", cell.shade), _align_css(cell.align))
        self._out.append(f"<{tag}{colspan}{style}>")
        for block in cell.blocks:
            if isinstance(block, Paragraph):
                self._paragraph(block, end="")
            else:
                self._list(block)
        self._out.append(f"</{tag}>")

    # ------------------------------------------------------------ inlines
    def _inlines(self, inlines: list[Inline]) -> None:
        out = self._out
        for item in inlines:
            if isinstance(item, Text):
                out.append(_text(item))
            elif isinstance(item, LineBreak):
                out.append("<br>")
            elif isinstance(item, Link):
                out.append(_link(item))
            elif isinstance(item, Field):
                code, value = escape(item.code), escape(item.cached)
                out.append(f'<span class="field" title="{code}">{value}</span>')


def _counts_pages(inlines: list[Inline]) -> bool:
    """True when a running header or footer shows page numbers ("Side X af Y")."""
    return any(isinstance(item, Field) and item.code in _PAGE_FIELDS for item in inlines)


def _text(item: Text) -> str:
    html = escape(item.text)
    if item.italic:
        html = f"<em>{html}</em>"
    if item.bold:
        html = f"<strong>{html}</strong>"
    color = _color_css("color", item.color)
    if color:
        html = f'<span style="{color}">{html}</span>'
    return html


def _link(item: Link) -> str:
    href = _href(item.href)
    if href is None:
        return escape(item.text)
    return f'<a href="{escape(href)}">{escape(item.text)}</a>'


def write_html(document: Document) -> str:
    """A standalone HTML preview of ``document`` (one file, inline CSS, embedded logo)."""
    return _HtmlWriter(document).write()

"""Write the neutral document model as a Word document on a template's ``styles.docx``.

python-docx opens the template, and gives us the core properties, the header and footer
parts, relationships (hyperlinks, pictures) and the parts to save. The body itself is built
as lxml elements appended straight to ``w:body``: python-docx's per-cell API is slow and its
``table.cell(r, c)`` is quadratic. Tables, most of a report, are XML text put
together from templates (``table_writer.py``) and spliced into the serialized document. The
cost of a write grows linearly with the document.

A write (``_Build``) walks the blocks and the sections; runs are written by ``inlines.py``,
tables by ``table_writer.py``, the table of contents by ``fields.py``, sections by
``page.py``, and the package is zipped by ``package.py``.
"""

from __future__ import annotations

import functools
import io
import threading
import zipfile
from collections.abc import Iterable, Sequence
from copy import deepcopy
from pathlib import Path
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from lxml import etree

from forankring_docs.document.model import (
    Align,
    Cover,
    Document,
    Heading,
    Image,
    ListBlock,
    Orientation,
    PageBreak,
    Paragraph,
    Properties,
    Section,
    Table,
    TableOfContents,
    cell_paragraphs,
)
from forankring_docs.i18n import _, ngettext
from forankring_docs.writers.docx.fields import HeadingPlan, add_bookmark, write_table_of_contents
from forankring_docs.writers.docx.oxml import W_BR, W_R, Element, SubElement, append_paragraph
from forankring_docs.writers.docx.package import TemplateMembers, package_bytes
from forankring_docs.writers.docx.page import (
    append_right_margin_tab,
    drop_title_page,
    end_section,
    ensure_page_size,
    section_orientation,
    set_section_orientation,
    spacer_paragraph,
    text_widths,
)
from forankring_docs.writers.docx.properties import set_core_properties
from forankring_docs.writers.docx.settings import set_document_settings
from forankring_docs.writers.docx.styles import (
    BULLET_LIST_STYLE,
    DEFAULT_LANGUAGE,
    FOOTER_STYLE,
    HEADER_STYLE,
    HEADING_STYLE,
    LIST_CONTINUE_STYLE,
    NUMBER_LIST_STYLE,
    StyleIds,
    StylesFileError,
    not_a_word_document,
    read_template_facts,
    set_proofing_language,
)
from forankring_docs.writers.docx.table_writer import TableWriter
from forankring_docs.writers.docx.tables import (
    TABLE_MARK,
    TABLE_PI,
    TableTemplates,
    body_namespaces,
)

_W_SECT_PR = qn("w:sectPr")


class DocxWriter:
    """Writes documents on one template's ``styles.docx``.

    Reads the template once (a batch worker keeps one writer); each ``write`` opens a fresh
    copy from memory, so writes never share document state. What does not depend on the
    document is kept between writes: the style ids, the zipped members of the template's parts
    that a write leaves unchanged (per language), and the XML text of table rows and cells
    (``TableTemplates``).
    """

    def __init__(self, styles_path: Path | str) -> None:
        self.styles_path = Path(styles_path)
        self._template = self.styles_path.read_bytes()
        # Each write works on a copy of this one, opened once: copying the parsed package
        # costs less than half of parsing it again (and python-docx's objects copy whole).
        self._opened = docx.Document(io.BytesIO(self._template))
        template = self.open_template()
        self.facts = read_template_facts(template)
        self.style_ids = StyleIds(self.facts, self.styles_path)
        self.templates = TableTemplates(body_namespaces(template.element.nsmap))
        self.template_members = TemplateMembers(template)
        self._lock = threading.Lock()  # the caches are shared: one write at a time

    def open_template(self) -> WordDocument:
        """A fresh python-docx document of the template, shared with no other."""
        return deepcopy(self._opened)

    def missing_styles(self) -> list[str]:
        """The names of the ``REQUIRED_STYLES`` that the template does not have."""
        return self.facts.missing_styles()

    def write(
        self,
        document: Document,
        language: str | None = None,
        outline: Sequence[tuple[str, int]] = (),
    ) -> bytes:
        """The .docx bytes of ``document``; ``language`` overrides the document's own.
        ``outline``: (title, page) of the headings in a layout of the document (a PDF's),
        for the page numbers of the table of contents."""
        with self._lock:
            return _Build(self, document, language, outline).run()


def open_styles(path: Path) -> DocxWriter:
    """The writer on a template's styles.docx; a file that is not a Word document, or that
    lacks a style the report uses, is a ``StylesFileError`` saying what to do."""
    try:
        writer = DocxWriter(path)
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:  # ValueError: a .dotx, .docm
        raise StylesFileError(path, not_a_word_document(exc)) from None
    except Exception as exc:  # noqa: BLE001 - any other damage is the file's, not ours
        raise StylesFileError(path, _("cannot read it: {reason}", reason=exc)) from None
    missing = writer.missing_styles()
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise StylesFileError(
            path,
            ngettext(
                "the report needs the style {names}, missing here; create it in Word "
                "(Styles ▸ New Style, with exactly that name) or copy it from the built-in "
                "styles.docx ('forankring template init')",
                "the report needs the styles {names}, missing here; create them in Word "
                "(Styles ▸ New Style, with exactly those names) or copy them from the built-in "
                "styles.docx ('forankring template init')",
                len(missing),
                names=names,
            ),
        )
    return writer


def write_docx(document: Document, styles_path: Path, language: str | None = None) -> bytes:
    """Write ``document`` on the template ``styles_path`` and return the .docx bytes.

    ``language`` (e.g. ``en-GB``) overrides ``document.properties.language``. The template is
    read once and kept while its file is unchanged.
    """
    stat = Path(styles_path).stat()
    writer = _cached_writer(str(Path(styles_path).resolve()), stat.st_mtime_ns, stat.st_size)
    return writer.write(document, language)


@functools.lru_cache(maxsize=8)
def _cached_writer(path: str, mtime_ns: int, size: int) -> DocxWriter:
    return DocxWriter(path)


class _Build(TableWriter):
    """One write: the state that lives while a document's body is being built (runs and
    tables are written by the classes it extends)."""

    def __init__(
        self,
        writer: DocxWriter,
        document: Document,
        language: str | None,
        outline: Sequence[tuple[str, int]] = (),
    ) -> None:
        self.writer = writer
        self.doc = writer.open_template()
        super().__init__(writer.style_ids, self.doc.part, writer.templates)
        self.document = document
        self.language = language or document.properties.language or DEFAULT_LANGUAGE
        self.body = self.doc.element.body
        final = self.body.find(_W_SECT_PR)
        if final is None:
            final = SubElement(self.body, _W_SECT_PR)
        ensure_page_size(final)
        self.final_sect_pr: Element = final
        self.base_orientation = section_orientation(final)
        self.orientation: Orientation = self.base_orientation
        self.widths = text_widths(final)
        self.section_start = 0
        self.sections_ended = 0
        self.pending_page_break = False
        self.last_was_table = False
        self.table_keeps_with_next = False
        self.bookmark_id = 0
        self.plan = HeadingPlan.of(document.blocks)
        self.pages = self.plan.pages(outline)
        self.has_toc = False
        del self.templates.fragments.scratch[:]  # what a failed write may have left there
        self.tables_xml: list[str] = []  # each table's XML text (see TableWriter)

    # ------------------------------------------------------------ the whole document
    def run(self) -> bytes:
        settings = self.doc.settings.element
        set_proofing_language(self.doc.styles.element, self.language, settings)
        set_core_properties(self.doc.core_properties, self.document.properties, self.language)
        self._page_furniture(self.document.properties)
        self.body.remove(self.final_sect_pr)  # put back after the last block
        self._blocks(self.document.blocks, self.base_orientation)
        set_document_settings(settings, update_fields=self.has_toc)
        if self.last_was_table:
            spacer_paragraph(self.body)  # Word wants a paragraph between a table and the end
        set_section_orientation(self.final_sect_pr, self.orientation)
        if self.sections_ended:
            drop_title_page(self.final_sect_pr)
        self.body.append(self.final_sect_pr)
        members = self.writer.template_members
        variant = f"{self.language} {self.has_toc}"
        return package_bytes(self.doc, self._document_xml(), members, variant)

    def _document_xml(self) -> bytes:
        """``word/document.xml``: the body, with each table's XML text spliced in."""
        xml = etree.tostring(self.doc.element, encoding="UTF-8", standalone=True)
        tables = self.tables_xml
        return TABLE_MARK.sub(lambda found: tables[int(found[1])].encode(), xml)

    def _page_furniture(self, props: Properties) -> None:
        """Header and footer on the final section; every section break copies its refs."""
        section = self.doc.sections[-1]  # the body's own sectPr
        if props.header or props.header_logo is not None:
            header = section.header
            header.is_linked_to_previous = False
            root = header.part.element
            del root[:]
            p = append_paragraph(root, self.style(HEADER_STYLE))
            if props.header_logo is not None:
                self._append_picture(p, props.header_logo, header.part)
                if props.header:
                    append_right_margin_tab(p)
            self._inlines(p, props.header, header.part)
        if props.footer:
            footer = section.footer
            footer.is_linked_to_previous = False
            root = footer.part.element
            del root[:]
            p = append_paragraph(root, self.style(FOOTER_STYLE))
            self._inlines(p, props.footer, footer.part)

    # ------------------------------------------------------------ blocks
    def _blocks(self, blocks: Iterable[Any], orientation: Orientation) -> None:
        for block in blocks:
            if isinstance(block, Section):
                if block.orientation == self.orientation and len(self.body) > 1:
                    # Two landscape sections in a row: no section break turns the page, but
                    # a section (a phase's plan after a wide matrix) still starts a new one.
                    self.pending_page_break = True
                self._blocks(block.blocks, block.orientation)
                continue
            self._switch_orientation(orientation)
            if isinstance(block, Paragraph):
                self._paragraph_block(block)
            elif isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, ListBlock):
                self._list(block)
            elif isinstance(block, PageBreak):
                self.pending_page_break = True
            elif isinstance(block, TableOfContents):
                self.has_toc = True
                write_table_of_contents(
                    block, self.plan, self._body_paragraph, self.style, self.pages
                )
            elif isinstance(block, Cover):
                self._blocks(block.blocks, orientation)
                self.pending_page_break = True
            elif isinstance(block, Image):
                p = self._body_paragraph(None, align=block.align)
                self._append_picture(p, block, self.main)
            else:
                raise TypeError(f"not a document block: {block!r}")

    def _switch_orientation(self, orientation: Orientation) -> None:
        """End the current section (if it has content) when the page must turn."""
        if orientation == self.orientation:
            return
        if len(self.body) > self.section_start:
            sect_pr = deepcopy(self.final_sect_pr)
            set_section_orientation(sect_pr, self.orientation)
            if self.sections_ended:
                drop_title_page(sect_pr)
            self.sections_ended += 1
            end_section(self.body, sect_pr)
            self.section_start = len(self.body)
            self.last_was_table = False
        self.pending_page_break = False  # a new section starts on a new page
        self.orientation = orientation

    def _body_paragraph(
        self,
        style_id: str | None,
        *,
        align: Align | None = None,
        keep_next: bool = False,
        num_id: int | None = None,
    ) -> Element:
        """A paragraph in the body; it takes over a pending page break."""
        page_break = self.pending_page_break
        self.pending_page_break = False
        self.last_was_table = False
        return append_paragraph(
            self.body,
            style_id,
            align=align,
            keep_next=keep_next,
            page_break_before=page_break,
            num_id=num_id,
        )

    def _paragraph_block(self, paragraph: Paragraph) -> None:
        p = self._body_paragraph(
            self._paragraph_style(paragraph, None),
            align=paragraph.align,
            keep_next=paragraph.keep_with_next,
        )
        self._inlines(p, paragraph.inlines, self.main)

    def _heading(self, heading: Heading) -> None:
        level = min(max(heading.level, 1), 9)
        p = self._body_paragraph(self.style(HEADING_STYLE.format(level=level)))
        self._inlines(p, heading.inlines, self.main)
        name = self.plan.names.get(id(heading))
        if name:
            self.bookmark_id += 1
            add_bookmark(p, name, self.bookmark_id)

    def _list(self, block: ListBlock) -> None:
        num_id = None
        if block.ordered:
            style_id = self.style(NUMBER_LIST_STYLE)
            num_id = self._restarted_numbering()
        else:
            style_id = self.style(BULLET_LIST_STYLE)
        for item in block.items:
            for index, paragraph in enumerate(item or [Paragraph([])]):
                if index == 0:
                    p = self._body_paragraph(style_id, align=paragraph.align, num_id=num_id)
                else:
                    p = self._body_paragraph(self.style(LIST_CONTINUE_STYLE), align=paragraph.align)
                self._inlines(p, paragraph.inlines, self.main)

    def _table(self, table: Table) -> None:
        if self.pending_page_break:  # a page break needs a paragraph to sit in
            self.pending_page_break = False
            page_break = SubElement(append_paragraph(self.body), W_R)
            SubElement(page_break, W_BR, {qn("w:type"): "page"})
        elif self.last_was_table:  # Word would join two adjacent tables into one
            append_paragraph(self.body, keep_next=self.table_keeps_with_next)
        xml = self._table_xml(table, self.widths[self.orientation])
        if xml is None:
            return
        # The table is text: the body holds its place (see _document_xml).
        self.body.append(etree.ProcessingInstruction(TABLE_PI, str(len(self.tables_xml))))
        self.tables_xml.append(xml)
        self.last_was_table = True
        last = table.rows[-1].cells if table.rows else []
        # kept with the table after it (layout.keep_together): so is the paragraph between
        self.table_keeps_with_next = bool(last) and any(
            p.keep_with_next for p in cell_paragraphs(last[0])
        )

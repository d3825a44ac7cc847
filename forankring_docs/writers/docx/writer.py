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
from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass
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
    Inline,
    LineBreak,
    ListBlock,
    Orientation,
    PageBreak,
    Paragraph,
    Properties,
    Section,
    Table,
    TableOfContents,
    Text,
    cell_paragraphs,
)
from forankring_docs.i18n import _, ngettext
from forankring_docs.writers.docx.fields import (
    HeadingPlan,
    add_bookmark,
    append_toc_entry,
    write_table_of_contents,
)
from forankring_docs.writers.docx.oxml import (
    W_BR,
    W_R,
    Element,
    SubElement,
    append_paragraph,
    clean,
)
from forankring_docs.writers.docx.package import WRITTEN_TYPES, TemplateMembers, package_bytes
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
    NAME_MARK,
    PAGE_MARK,
    TABLE_MARK,
    TABLE_PI,
    TableTemplates,
    body_namespaces,
    xml_text,
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
        # What every write would work out the same from the template: its final section
        # (given a page size if it has none), the page's text width each way, the header
        # and footer parts.
        final = _final_section(self._opened)
        self.base_orientation: Orientation = section_orientation(final)
        self.text_widths = text_widths(final)
        self.furniture = _furnish(self._opened)
        self._unchanged = [
            part
            for part in self._opened.part.package.iter_parts()
            if part.content_type not in WRITTEN_TYPES
        ]
        template = self.open_template()
        self.facts = read_template_facts(template)
        self.style_ids = StyleIds(self.facts, self.styles_path)
        self.templates = TableTemplates(body_namespaces(template.element.nsmap))
        self.template_members = TemplateMembers(template)
        self._lock = threading.Lock()  # the caches are shared: one write at a time

    def open_template(self, *, share_kept: bool = False) -> WordDocument:
        """A fresh python-docx document of the template, shared with no other; with
        ``share_kept``, but for the parts a write leaves as they are once zipped for its
        variant (``TemplateMembers``): those the template's own, not copied."""
        memo = {id(part): part for part in self._unchanged} if share_kept else None
        return deepcopy(self._opened, memo)

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


@dataclass(slots=True)  # not frozen: a frozen dataclass's __init__ costs twice as much
class _Replay:
    """A paragraph written as text, with what writing it as elements takes."""

    style_id: str | None
    inlines: Sequence[Inline]
    align: Align | None
    keep_next: bool
    page_break: bool
    num_id: int | None
    bookmark: tuple[str, int] | None


@dataclass(frozen=True, slots=True)
class Furniture:
    """The relationship ids of the final section's header and footer parts in the opened
    template, and whether ``_furnish`` added them (the template had none)."""

    header: str
    footer: str
    header_added: bool
    footer_added: bool


def _has_toc(blocks: Iterable[Any]) -> bool:
    """Whether ``_blocks`` will write a table of contents."""
    for block in blocks:
        if isinstance(block, TableOfContents):
            return True
        if isinstance(block, Section | Cover) and _has_toc(block.blocks):
            return True
    return False


def _final_section(template: WordDocument) -> Element:
    """The ``w:sectPr`` at the end of the opened template's body, made if it has none, with
    a page size (A4 portrait if it has none)."""
    body = template.element.body
    final = body.find(_W_SECT_PR)
    if final is None:
        final = SubElement(body, _W_SECT_PR)
    ensure_page_size(final)
    return final


def _furnish(template: WordDocument) -> Furniture:
    """Give the final section of the opened template a header and a footer part where it
    has none, as a write would (python-docx makes a part from its default XML file): done
    once here, every write's copy has them. Returns where they are."""
    section = template.sections[-1]
    found: list[tuple[str, bool]] = []
    for story in (section.header, section.footer):
        added = story.is_linked_to_previous
        story.is_linked_to_previous = False
        part = story.part
        rels = template.part.rels.values()
        rid = next(r.rId for r in rels if not r.is_external and r.target_part is part)
        found.append((rid, added))
    (header, header_added), (footer, footer_added) = found
    return Furniture(header, footer, header_added, footer_added)


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
        self.document = document
        self.language = language or document.properties.language or DEFAULT_LANGUAGE
        # The styles and settings parts depend on the language and on whether Word is to
        # update the fields (the contents' page numbers): once zipped for this variant, the
        # write leaves them, and those of the template it never changes, as they are.
        self.has_toc = _has_toc(document.blocks)
        self.variant = f"{self.language} {self.has_toc}"
        self.kept = self.variant in writer.template_members.made
        self.doc = writer.open_template(share_kept=self.kept)
        super().__init__(writer.style_ids, self.doc.part, writer.templates)
        self.body = self.doc.element.body
        self.final_sect_pr: Element = self.body.find(_W_SECT_PR)  # see _final_section
        self.base_orientation = writer.base_orientation
        self.orientation: Orientation = self.base_orientation
        self.widths = writer.text_widths
        self.section_start = 0
        self.sections_ended = 0
        self.pending_page_break = False
        self.last_was_table = False
        self.table_keeps_with_next = False
        self.bookmark_id = 0
        self.plan = HeadingPlan.of(document.blocks)
        self.pages = self.plan.pages(outline)
        del self.templates.fragments.scratch[:]  # what a failed write may have left there
        # The body's runs of tables and plain paragraphs, as XML text (see _document_xml):
        # each a list of pieces, in the body at a processing instruction.
        self.texts: list[list[str]] = []
        self.text_end = -1  # the body's length when the last text was put there
        # How to write the last piece as elements instead: a function and its argument.
        self.last_text: tuple[Callable[[Any], None], Any] | None = None

    # ------------------------------------------------------------ the whole document
    def run(self) -> bytes:
        set_core_properties(self.doc.core_properties, self.document.properties, self.language)
        self._page_furniture(self.document.properties)
        self.body.remove(self.final_sect_pr)  # put back after the last block
        self._blocks(self.document.blocks, self.base_orientation)
        if not self.kept:  # else the styles and settings zipped for the variant are kept
            settings = self.doc.settings.element
            set_proofing_language(self.doc.styles.element, self.language, settings)
            set_document_settings(settings, update_fields=self.has_toc)
        if self.last_was_table:
            spacer_paragraph(self.body)  # Word wants a paragraph between a table and the end
        set_section_orientation(self.final_sect_pr, self.orientation)
        if self.sections_ended:
            drop_title_page(self.final_sect_pr)
        self.body.append(self.final_sect_pr)
        members = self.writer.template_members
        return package_bytes(self.doc, self._document_xml(), members, self.variant)

    def _document_xml(self) -> bytes:
        """``word/document.xml``: the body, with its XML texts spliced in."""
        xml = etree.tostring(self.doc.element, encoding="UTF-8", standalone=True)
        texts = self.texts
        return TABLE_MARK.sub(lambda found: "".join(texts[int(found[1])]).encode(), xml)

    # ------------------------------------------------------------ the body as text
    def _append_text(self, xml: str, replay: tuple[Callable[[Any], None], Any] | None) -> None:
        """Put ``xml`` (a table or paragraph) at the end of the body: with the text before
        it when nothing came between, else at a new processing instruction. Building
        elements for every paragraph and table took a large part of a write."""
        body = self.body
        if self.text_end != len(body):
            body.append(etree.ProcessingInstruction(TABLE_PI, str(len(self.texts))))
            self.texts.append([])
            self.text_end = len(body)
        self.texts[-1].append(xml)
        self.last_text = replay

    def _text_paragraph(
        self,
        style_id: str | None,
        inlines: Sequence[Inline],
        *,
        align: Align | None = None,
        keep_next: bool = False,
        num_id: int | None = None,
        bookmark: tuple[str, int] | None = None,
    ) -> bool:
        """A body paragraph of text runs and line breaks as XML text; ``False`` (and nothing
        written) for one with links, fields, tabs or breaks in its text, which the
        elements' path writes."""
        templates = self.templates
        runs: list[str] = []
        for item in inlines:
            kind = type(item)
            if kind is Text:
                text = clean(item.text)  # type: ignore[union-attr]
                if not text:
                    continue
                if "\n" in text or "\t" in text or "\r" in text:
                    return False
                run = templates.run(item.bold, item.italic, item.color)  # type: ignore[union-attr]
                runs += (run.with_text(text), run.tail)
            elif kind is LineBreak:
                runs.append(templates.line_break)
            else:
                return False
        page_break = self.pending_page_break
        self.pending_page_break = False
        self.last_was_table = False
        template = templates.body_paragraph((style_id, align, keep_next, page_break, num_id))
        if bookmark is not None:
            start, end = templates.bookmark_xml(*bookmark)
            xml = template.head + start + "".join(runs) + end + template.tail
        elif runs:
            xml = template.head + "".join(runs) + template.tail
        else:
            xml = template.empty
        replay = _Replay(style_id, inlines, align, keep_next, page_break, num_id, bookmark)
        self._append_text(xml, (self._element_paragraph, replay))
        return True

    def _toc_title_text(self, style_id: str, title: str) -> bool:
        return self._text_paragraph(style_id, [Text(title)])

    def _toc_entry_text(
        self,
        style_id: str,
        text: str,
        name: str | None,
        page: str | None,
        instruction: str | None,
        last: bool,
    ) -> bool:
        """A table-of-contents entry as XML text (``fields.append_toc_entry`` as text)."""
        text = clean(text)
        if not text or "\t" in text or "\r" in text or "\n" in text:
            return False
        page_break = self.pending_page_break
        key = (style_id, page_break, instruction, last, name is not None, page is not None)
        head, head_preserve, tail = self.templates.toc_entry(key)
        if text[0] == " " or text[-1] == " " or "  " in text:
            head = head_preserve
        if name is not None:
            head = head.replace(NAME_MARK, name)
            tail = tail.replace(NAME_MARK, name)
        if page is not None:
            tail = tail.replace(PAGE_MARK, page)
        self.pending_page_break = False
        self.last_was_table = False
        entry = (style_id, page_break, text, name, page, instruction, last)
        self._append_text(head + xml_text(text) + tail, (self._toc_entry_element, entry))
        return True

    def _toc_entry_element(self, entry: tuple[Any, ...]) -> None:
        """The entry ``_toc_entry_text`` wrote as text, as elements instead."""
        style_id, page_break, text, name, page, instruction, last = entry
        p = append_paragraph(self.body, style_id, page_break_before=page_break)
        append_toc_entry(p, text, name, page, instruction=instruction, last=last)

    def _element_paragraph(self, replay: _Replay) -> None:
        """The paragraph ``_text_paragraph`` wrote as text, as elements instead."""
        p = append_paragraph(
            self.body,
            replay.style_id,
            align=replay.align,
            keep_next=replay.keep_next,
            page_break_before=replay.page_break,
            num_id=replay.num_id,
        )
        self._inlines(p, replay.inlines, self.main)
        if replay.bookmark is not None:
            add_bookmark(p, *replay.bookmark)

    def _last_paragraph_as_element(self) -> None:
        """Make the body's last paragraph an element if it was written as text: a section
        break goes into it (``end_section``)."""
        replay = self.last_text
        if replay is None or self.text_end != len(self.body):
            return
        pieces = self.texts[-1]
        pieces.pop()
        if not pieces:
            self.body.remove(self.body[-1])  # its processing instruction
        self.text_end = -1
        self.last_text = None
        write, argument = replay
        write(argument)

    def _page_furniture(self, props: Properties) -> None:
        """Header and footer on the final section; every section break copies its refs.
        Their parts are there already (``_furnish``); one the document has no content for
        is dropped when the template did not have it."""
        furniture = self.writer.furniture
        related = self.doc.part.related_parts
        if props.header or props.header_logo is not None:
            part = related[furniture.header]
            root = part.element
            del root[:]
            p = append_paragraph(root, self.style(HEADER_STYLE))
            if props.header_logo is not None:
                self._append_picture(p, props.header_logo, part)
                if props.header:
                    append_right_margin_tab(p)
            self._inlines(p, props.header, part)
        elif furniture.header_added:
            self.doc.sections[-1].header.is_linked_to_previous = True
        if props.footer:
            part = related[furniture.footer]
            root = part.element
            del root[:]
            p = append_paragraph(root, self.style(FOOTER_STYLE))
            self._inlines(p, props.footer, part)
        elif furniture.footer_added:
            self.doc.sections[-1].footer.is_linked_to_previous = True

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
            elif isinstance(block, TableOfContents):  # self.has_toc: see _has_toc
                write_table_of_contents(
                    block,
                    self.plan,
                    self._body_paragraph,
                    self.style,
                    self.pages,
                    title_as_text=self._toc_title_text,
                    entry_as_text=self._toc_entry_text,
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
            self._last_paragraph_as_element()
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
        style_id = self._paragraph_style(paragraph, None)
        align, keep_next = paragraph.align, paragraph.keep_with_next
        if self._text_paragraph(style_id, paragraph.inlines, align=align, keep_next=keep_next):
            return
        p = self._body_paragraph(style_id, align=align, keep_next=keep_next)
        self._inlines(p, paragraph.inlines, self.main)

    def _heading(self, heading: Heading) -> None:
        level = min(max(heading.level, 1), 9)
        style_id = self.style(HEADING_STYLE.format(level=level))
        name = self.plan.names.get(id(heading))
        bookmark = None
        if name:
            self.bookmark_id += 1
            bookmark = (name, self.bookmark_id)
        if self._text_paragraph(style_id, heading.inlines, bookmark=bookmark):
            return
        p = self._body_paragraph(style_id)
        self._inlines(p, heading.inlines, self.main)
        if bookmark is not None:
            add_bookmark(p, *bookmark)

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
                    item_style, item_num = style_id, num_id
                else:
                    item_style, item_num = self.style(LIST_CONTINUE_STYLE), None
                align = paragraph.align
                inlines = paragraph.inlines
                if self._text_paragraph(item_style, inlines, align=align, num_id=item_num):
                    continue
                p = self._body_paragraph(item_style, align=align, num_id=item_num)
                self._inlines(p, inlines, self.main)

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
        self._append_text(xml, None)  # the table is text (see _document_xml)
        self.last_was_table = True
        last = table.rows[-1].cells if table.rows else []
        # kept with the table after it (layout.keep_together): so is the paragraph between
        self.table_keeps_with_next = bool(last) and any(
            p.keep_with_next for p in cell_paragraphs(last[0])
        )

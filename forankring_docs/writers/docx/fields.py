"""Fields, bookmarks and the table of contents.

A table of contents is Word's TOC field around entries that link to bookmarks on the
headings; the bookmark names are worked out before writing (``HeadingPlan``), since the
table comes before most of its headings. Page numbers come from a layout of the document
(the PDF's outline, ``HeadingPlan.pages``) when there is one; Word's own update of the
table on opening (``settings.xml``) numbers them otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

from forankring_docs.document.model import Cover, Heading, Section, TableOfContents
from forankring_docs.writers.docx.oxml import (
    W_PPR,
    W_R,
    XML_SPACE,
    Element,
    SubElement,
    append_text_run,
)
from forankring_docs.writers.docx.styles import (
    TOC_ENTRY_STYLE,
    TOC_HEADING_STYLE,
)

TOC_INSTRUCTION = 'TOC \\o "1-{levels}" \\h \\z \\u'
_W_FLD_CHAR = qn("w:fldChar")
_W_FLD_CHAR_TYPE = qn("w:fldCharType")
_W_ID = qn("w:id")
_BOOKMARK_CHARS = re.compile(r"[^0-9A-Za-z_]")
_BOOKMARK_MAX = 40  # Word drops longer bookmark names


def _field_char(parent: Element, kind: str) -> None:
    SubElement(SubElement(parent, W_R), _W_FLD_CHAR, {_W_FLD_CHAR_TYPE: kind})


def _append_instruction(p: Element, instruction: str) -> None:
    instr = SubElement(SubElement(p, W_R), qn("w:instrText"), {XML_SPACE: "preserve"})
    instr.text = f" {instruction} "


def _begin_field(p: Element, instruction: str) -> None:
    """The start of a field: begin, instruction, separate (its result comes next)."""
    _field_char(p, "begin")
    _append_instruction(p, instruction)
    _field_char(p, "separate")


def append_field(
    parent: Element, instruction: str, cached: str, *, bold: bool = False
) -> Element | None:
    """Append a complex field (begin, instruction, separate, cached result, end).

    ``parent`` is a paragraph or a hyperlink. Word shows ``cached`` until the field is
    updated, e.g. ``append_field(p, "PAGE", "1")``. Returns the ``w:t`` of the cached
    result (``None`` when ``cached`` is empty).
    """
    _begin_field(parent, instruction.strip())
    result = None
    if cached:
        append_text_run(parent, cached, bold=bold)
        result = parent[-1][-1]
    _field_char(parent, "end")
    return result


def add_bookmark(paragraph: Element, name: str, bookmark_id: int) -> None:
    """Put a bookmark around a paragraph's content (after its ``w:pPr``)."""
    ident = str(bookmark_id)
    start = paragraph.makeelement(qn("w:bookmarkStart"), {_W_ID: ident, qn("w:name"): name})
    first = paragraph[0] if len(paragraph) else None
    paragraph.insert(1 if first is not None and first.tag == W_PPR else 0, start)
    SubElement(paragraph, qn("w:bookmarkEnd"), {_W_ID: ident})


def _bookmark_name(raw: str) -> str:
    name = _BOOKMARK_CHARS.sub("_", raw)
    if not name or not (name[0].isalpha() or name[0] == "_"):
        name = f"_{name}"
    return name[:_BOOKMARK_MAX]


@dataclass(slots=True)
class HeadingPlan:
    """Bookmark names of a document's headings, worked out before writing: the table of
    contents comes before most headings, and its entries link to them."""

    names: dict[int, str] = field(default_factory=dict)  # id(heading) -> bookmark name
    by_bookmark: dict[str, str] = field(default_factory=dict)  # the parser's name -> ours
    by_text: dict[tuple[int, str], list[str]] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)

    @classmethod
    def of(cls, blocks: Iterable[Any]) -> HeadingPlan:
        plan = cls()
        used: set[str] = set()
        for index, heading in enumerate(_iter_headings(blocks), start=1):
            name = _bookmark_name(heading.bookmark) if heading.bookmark else f"_Toc{index:06d}"
            if name in used:
                name = f"{name[: _BOOKMARK_MAX - 7]}_{index:06d}"
            used.add(name)
            plan.names[id(heading)] = name
            if heading.bookmark:
                plan.by_bookmark.setdefault(heading.bookmark, name)
            plan.by_text.setdefault((heading.level, heading.text), []).append(name)
            plan.headings.append(heading)
        return plan

    def pages(self, outline: Sequence[tuple[str, int]]) -> dict[str, int]:
        """Bookmark name → page number, from a layout's outline: (title, page) of the
        headings in document order, matched to the plan's headings in order by their text."""
        pages: dict[str, int] = {}
        items = iter(outline)
        for heading in self.headings:
            text = _plain(heading.text)
            for title, page in items:
                if _plain(title) == text:
                    pages[self.names[id(heading)]] = page
                    break
            else:
                break  # the outline has run out: the rest stay without a number
        return pages

    def entry_name(self, entry: Heading) -> str | None:
        """The bookmark a table-of-contents entry points at: the same heading object, the
        same parser bookmark, or else the next heading with the same level and text."""
        if id(entry) in self.names:
            return self.names[id(entry)]
        if entry.bookmark and entry.bookmark in self.by_bookmark:
            return self.by_bookmark[entry.bookmark]
        queue = self.by_text.get((entry.level, entry.text))
        return queue.pop(0) if queue else None


def _plain(text: str) -> str:
    return " ".join(text.split())


def _iter_headings(blocks: Iterable[Any]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Section | Cover):
            yield from _iter_headings(block.blocks)


#: Writes a table-of-contents entry as XML text: (paragraph style id, text, bookmark name,
#: page, the field's instruction for the first entry, whether it is the last); ``False``
#: when it cannot (the paragraph is then made as elements).
EntryAsText = Callable[[str, str, str | None, str | None, str | None, bool], bool]
#: Writes the title paragraph as XML text: (paragraph style id, title); ``False`` as above.
TitleAsText = Callable[[str, str], bool]


def write_table_of_contents(
    toc: TableOfContents,
    plan: HeadingPlan,
    new_paragraph: Callable[[str | None], Element],
    style: Callable[[str], str],
    pages: Mapping[str, int],
    *,
    title_as_text: TitleAsText | None = None,
    entry_as_text: EntryAsText | None = None,
) -> None:
    """Write ``toc`` as paragraphs made by ``new_paragraph(style id)`` (in the body), or by
    ``title_as_text`` and ``entry_as_text`` where they can; ``style`` gives a paragraph
    style's id by its name; ``pages``: each heading's page by its bookmark name, where a
    layout of the document has given it (never a guessed number: only a layout knows where
    the pages break, else Word numbers the entries when it updates the table on opening)."""
    levels = min(max(toc.levels, 1), 9)
    if toc.title:
        title_style = style(TOC_HEADING_STYLE)
        if title_as_text is None or not title_as_text(title_style, toc.title):
            append_text_run(new_paragraph(title_style), toc.title)
    entries = [e for e in (toc.entries or plan.headings) if e.level <= levels]
    instruction = TOC_INSTRUCTION.format(levels=levels)
    if not entries:
        p = new_paragraph(None)
        _begin_field(p, instruction)
        _field_char(p, "end")
        return
    for index, entry in enumerate(entries):
        level = min(max(entry.level, 1), 9)
        style_id = style(TOC_ENTRY_STYLE.format(level=level))
        name = plan.entry_name(entry)
        found = pages.get(name) if name else None
        page = None if found is None else str(found)
        text = entry.text.replace("\n", " ")
        first = instruction if index == 0 else None
        last = index == len(entries) - 1
        if entry_as_text is not None and entry_as_text(style_id, text, name, page, first, last):
            continue
        append_toc_entry(new_paragraph(style_id), text, name, page, instruction=first, last=last)


def append_toc_entry(
    p: Element,
    text: str,
    name: str | None,
    page: str | None,
    *,
    instruction: str | None,
    last: bool,
) -> None:
    """A table-of-contents entry in the paragraph ``p``: linked to the bookmark ``name``,
    with its ``page`` after a tab; the first (``instruction``) begins the field, the ``last``
    ends it."""
    if instruction is not None:
        _begin_field(p, instruction)
    link = {qn("w:anchor"): name or "", qn("w:history"): "1"}
    target = SubElement(p, qn("w:hyperlink"), link) if name else p
    append_text_run(target, text)
    if page is not None:
        SubElement(SubElement(target, W_R), qn("w:tab"))
        append_field(target, f"PAGEREF {name} \\h", page)
    if last:
        _field_char(p, "end")

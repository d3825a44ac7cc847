"""Parse the template markup, a small XHTML subset, into the document model.

A report template renders the markup described in ``docs/template-markup.md`` (the
contract); this module turns it into a :class:`~forankring_docs.document.model.Document` and
rejects anything outside the subset with a :class:`MarkupError` that names the line.

The markup is well-formed XML. lxml's C parser (libxml2) reads it into a tree, with no
DTD, no entity declarations and no network access; a recursive walk in Python then checks
each element against the subset and builds the model. The walk dispatches on the tag
through one dict per context (what may stand in a body, a table row, a paragraph, ...), so
an element costs a dict lookup and a call. What locates an error (lines, template markers)
is worked out only when there is an error. Nothing here knows about cases.

This module holds the entry point, the XML parse and the block-level walk (document parts,
headings, sections, the cover); its parts live next to it: ``vocabulary`` (the element
table), ``markup_errors``, ``walker`` (the walk's state and shared checks), ``inline``,
``flow`` (paragraphs and lists) and ``tables``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, datetime

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.flow import block_list, paragraph
from forankring_docs.document.inline import (
    HEADER_HANDLERS,
    INLINE_HANDLERS,
    PLAIN,
    InlineBuilder,
    collapse_whitespace,
    inline_content,
    walk_inlines,
)
from forankring_docs.document.markup_errors import (
    MarkupError,
    located,
    marker_in_text,
    syntax_error,
)
from forankring_docs.document.model import (
    Block,
    Cover,
    Document,
    Heading,
    PageBreak,
    Properties,
    Section,
    TableOfContents,
)
from forankring_docs.document.tables import block_table
from forankring_docs.document.vocabulary import (
    CLOSE_ROOT,
    HTML_WHITESPACE,
    LANGUAGE_TAG,
    META_NAMES,
    OPEN_ROOT,
    ORIENTATIONS,
    ROOT,
    SPECS,
)
from forankring_docs.document.walker import COMMENT, Handler, Walker, skip_comment, walk

__all__ = ["MarkupError", "parse_markup"]

# The XML parser: no DTD (so no entity declarations), no network, libxml2's size limits.
_PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "remove_comments": False,  # template markers are comments
    "remove_pis": False,  # so a processing instruction can be refused
    "load_dtd": False,
    "collect_ids": False,
}


# ---------------------------------------------------------------- parsing the XML


def _parse_tree(markup: str, source: str) -> etree._Element:
    """The markup as an XML tree under a ``<forankring-markup>`` root, or a MarkupError."""
    _refuse_cdata(markup, source)
    parser = etree.XMLParser(**_PARSER_OPTIONS)  # cheap; one per call keeps threads apart
    try:
        return etree.fromstring(OPEN_ROOT + markup + CLOSE_ROOT, parser)
    except etree.XMLSyntaxError as error:
        raise syntax_error(markup, source, error) from error


def _refuse_cdata(markup: str, source: str) -> None:
    """A CDATA section is an error (the XML parser would quietly turn it into text)."""
    position = markup.find("<![CDATA[")
    while position >= 0:
        if not _in_comment(markup, position):
            line = markup.count("\n", 0, position) + 1
            raise located(
                "<![CDATA[...]]> is not allowed (write the text escaped instead)",
                source,
                line,
                marker_in_text(markup, position),
            )
        position = markup.find("<![CDATA[", position + 1)


def _in_comment(markup: str, position: int) -> bool:
    return markup.rfind("<!--", 0, position) > markup.rfind("-->", 0, position)


def _is_iso_date(value: str) -> bool:
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False


# ---------------------------------------------------------------- document parts


def _part_html(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    lang = element.get("lang")
    if lang is not None:
        if not LANGUAGE_TAG.match(lang):
            raise walker.error(f"lang={lang!r} must be a language tag like da-DK", element)
        walker.properties.language = lang
    walk(walker, element, _HTML_CHILDREN, out)


def _part_head(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    walk(walker, element, _HEAD_CHILDREN, walker.properties)


def _part_body(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    walk(walker, element, _BODY_CHILDREN, out)


def _part_header(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    builder = InlineBuilder()
    walk_inlines(walker, element, HEADER_HANDLERS, builder, PLAIN)
    walker.properties.header = builder.finish()


def _part_footer(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    builder = InlineBuilder()
    walk_inlines(walker, element, INLINE_HANDLERS, builder, PLAIN)
    walker.properties.footer = builder.finish()


def _head_meta(walker: Walker, element: etree._Element, properties: Properties) -> None:
    walker.attributes(element)
    walker.empty(element)
    charset = element.get("charset")
    if charset is not None:
        if len(element.keys()) > 1 or charset.lower() != "utf-8":
            raise walker.error('use <meta charset="utf-8"/> on its own', element)
        return
    name, content = element.get("name"), element.get("content")
    if name is None or content is None:
        raise walker.error('<meta> needs name="..." and content="..."', element)
    if name not in META_NAMES:
        known = ", ".join(META_NAMES)
        raise walker.error(f"<meta name={name!r}>: the names are {known}", element)
    if name == "created" and content and not _is_iso_date(content):
        raise walker.error(f"<meta name='created'> {content!r} is not an ISO date", element)
    setattr(properties, name, content.strip(HTML_WHITESPACE))


# ---------------------------------------------------------------- blocks


def _block_heading(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    out.append(Heading(_HEADING_LEVELS[element.tag], inline_content(walker, element)))


_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3}


def _block_paragraph(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    out.append(paragraph(walker, element, None))


def _block_pagebreak(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    walker.empty(element)
    out.append(PageBreak())


def _block_toc(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    walker.empty(element)
    levels = walker.whole_number(element, "levels", 2, (1, 3))
    title = collapse_whitespace(element.get("title", "")).strip(" ")
    out.append(TableOfContents(title=title, levels=levels))


def _block_section(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    orientation = walker.choice(element, "orientation", ORIENTATIONS)
    blocks: list[Block] = []
    out.append(Section(blocks, orientation or "landscape"))
    walk(walker, element, _SECTION_CHILDREN, blocks)


def _block_cover(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    blocks: list[Block] = []
    out.append(Cover(blocks))
    walk(walker, element, _COVER_CHILDREN, blocks)


def _block_image(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    out.append(walker.image_of(element))


# ---------------------------------------------------------------- dispatch tables

_BLOCK_HANDLERS: dict[str, Handler[list[Block]]] = {
    "html": _part_html,
    "head": _part_head,
    "body": _part_body,
    "header": _part_header,
    "footer": _part_footer,
    "h1": _block_heading,
    "h2": _block_heading,
    "h3": _block_heading,
    "p": _block_paragraph,
    "ul": block_list,
    "ol": block_list,
    "table": block_table,
    "pagebreak": _block_pagebreak,
    "toc": _block_toc,
    "section": _block_section,
    "cover": _block_cover,
    "img": _block_image,
}


def _block_context(tag: str) -> dict[object, Handler[list[Block]]]:
    """The handlers of what may stand in a block container (and comments)."""
    handlers: dict[object, Handler[list[Block]]] = {
        child: _BLOCK_HANDLERS[child] for child in SPECS[tag].children
    }
    handlers[COMMENT] = skip_comment
    return handlers


_ROOT_CHILDREN = _block_context(ROOT)
_HTML_CHILDREN = _block_context("html")
_BODY_CHILDREN = _block_context("body")
_SECTION_CHILDREN = _block_context("section")
_COVER_CHILDREN = _block_context("cover")
_HEAD_CHILDREN: dict[object, Handler[Properties]] = {"meta": _head_meta, COMMENT: skip_comment}


# ---------------------------------------------------------------- after parsing


def _headings_and_tocs(blocks: list[Block]) -> Iterator[Heading | TableOfContents]:
    """Headings and tables of contents in document order (sections and cover included)."""
    for block in blocks:
        if isinstance(block, Heading | TableOfContents):
            yield block
        elif isinstance(block, Section | Cover):
            yield from _headings_and_tocs(block.blocks)


def _link_headings(blocks: list[Block]) -> None:
    """Give every heading a bookmark and fill each TOC with the headings after it."""
    tocs: list[TableOfContents] = []
    count = 0
    for item in _headings_and_tocs(blocks):
        if isinstance(item, TableOfContents):
            tocs.append(item)
            continue
        count += 1
        item.bookmark = f"_Toc_{count:03d}"
        for toc in tocs:
            if item.level <= toc.levels:
                toc.entries.append(item)


# ---------------------------------------------------------------- public entry point


def parse_markup(
    html: str,
    *,
    source: str = "<template>",
    assets: Mapping[str, tuple[bytes, str]] | None = None,
) -> Document:
    """Parse rendered template markup into a :class:`Document`.

    ``source`` names the markup in errors; ``assets`` maps an ``<img src>`` name (``"logo"``)
    to the image's bytes and file name. Raises :class:`MarkupError` for anything outside
    the subset of ``docs/template-markup.md``, well-formedness included.
    """
    root = _parse_tree(html, source)
    walker = Walker(source, assets or {})
    walk(walker, root, _ROOT_CHILDREN, walker.blocks)
    _link_headings(walker.blocks)
    return Document(blocks=walker.blocks, properties=walker.properties)

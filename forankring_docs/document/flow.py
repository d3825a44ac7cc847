"""Paragraphs and lists, and the flow content of list items and table cells.

A list item or a table cell holds either inline content (one paragraph) or paragraphs (and, in
a cell, lists), never both.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.inline import (
    INLINE_HANDLERS,
    PLAIN,
    InlineBuilder,
    inline_content,
    plain_inlines,
)
from forankring_docs.document.model import Block, ListBlock, Paragraph
from forankring_docs.document.vocabulary import HTML_WHITESPACE, INLINE, PARAGRAPH_CLASSES
from forankring_docs.document.walker import (
    COMMENT,
    MIXED_CELL_FLOW,
    MIXED_FLOW,
    Handler,
    Walker,
    skip_comment,
    walk,
)


def flow_paragraphs(
    walker: Walker, element: etree._Element, style: str | None, *, lists: bool = False
) -> list[Paragraph | ListBlock]:
    """The blocks of a list item or cell: its <p>s (and, in a cell, ``lists``, its <ul>s and
    <ol>s), or one paragraph for its inline content."""
    text = element.text
    if not len(element):  # the common case: text only
        return [Paragraph(plain_inlines(text) if text else [], style, None)]
    builder = InlineBuilder()
    if text is not None:
        builder.add_text(text, PLAIN)
    mixed = MIXED_CELL_FLOW if lists else MIXED_FLOW
    paragraphs: list[Paragraph | ListBlock] | None = None  # None: inline content so far
    for child in element[:]:
        tag = child.tag
        if tag == "p" or (lists and (tag == "ul" or tag == "ol")):
            if paragraphs is None:
                if builder.has_content:
                    raise walker.error(mixed.format(tag=element.tag), child)
                paragraphs = []
            if tag == "p":
                paragraphs.append(paragraph(walker, child, style))
            else:
                block_list(walker, child, paragraphs)  # type: ignore[arg-type]
        elif paragraphs is None:
            handler = INLINE_HANDLERS.get(tag)
            if handler is None:
                raise walker.misplaced(child, element.tag)
            handler(walker, child, builder, PLAIN)
        elif tag is COMMENT:
            walker.comment(child)
        elif tag in INLINE:
            raise walker.error(mixed.format(tag=element.tag), child)
        else:
            raise walker.misplaced(child, element.tag)
        tail = child.tail
        if tail is not None:
            if paragraphs is None:
                builder.add_text(tail, PLAIN)
            elif tail.strip(HTML_WHITESPACE):
                raise walker.text_error(child, tail, tail=True)
    if paragraphs is None:
        return [Paragraph(builder.finish(), style, None)]
    return paragraphs


def paragraph(walker: Walker, element: etree._Element, default_style: str | None) -> Paragraph:
    names = element.keys()
    if not names:
        return Paragraph(inline_content(walker, element), default_style, None)
    walker.check_attributes(element, names)
    style = walker.choice(element, "class", PARAGRAPH_CLASSES) or default_style
    align = walker.align_of(element)
    return Paragraph(inline_content(walker, element), style, align)


def block_list(walker: Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    list_block = ListBlock(items=[], ordered=element.tag == "ol")
    out.append(list_block)
    walk(walker, element, _LIST_CHILDREN, list_block)


def _list_item(walker: Walker, element: etree._Element, list_block: ListBlock) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    list_block.items.append(flow_paragraphs(walker, element, None))  # type: ignore[arg-type]


_LIST_CHILDREN: dict[object, Handler[ListBlock]] = {"li": _list_item, COMMENT: skip_comment}

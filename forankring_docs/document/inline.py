"""Inline content: text in its formats, whitespace collapsed as a browser would, and the
inline elements (``strong``, ``em``, ``span``, ``br``, ``a``, ``field``).

An :class:`InlineBuilder` collects the inlines of one paragraph; the inline handlers add to it
in the format (bold, italic, colour) of the elements around them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.model import Field, Inline, LineBreak, Link, Text
from forankring_docs.document.vocabulary import FIELD_CODES, LATE_COLOR, WHITESPACE_RUN
from forankring_docs.document.walker import COMMENT, Walker

# ---------------------------------------------------------------- text and its formats

Format = tuple[bool, bool, str | None]  # bold, italic, color
# Every format the markup can make, as one tuple each, so formats compare by identity.
_FORMATS: dict[Format, Format] = {
    (bold, italic, color): (bold, italic, color)
    for bold in (False, True)
    for italic in (False, True)
    for color in (None, LATE_COLOR)
}
PLAIN = _FORMATS[False, False, None]
_BOLD = {fmt: _FORMATS[True, fmt[1], fmt[2]] for fmt in _FORMATS}  # inside <strong>
_ITALIC = {fmt: _FORMATS[fmt[0], True, fmt[2]] for fmt in _FORMATS}  # inside <em>
_LATE = {fmt: _FORMATS[True, fmt[1], LATE_COLOR] for fmt in _FORMATS}  # inside <span class=late>


def _text_factory() -> Callable[[str, bool, bool, str | None], Text]:
    """``Text(text, bold, italic, color)``, made without the dataclass's ``__init__``.

    :class:`Text` is a frozen, slotted dataclass: its generated ``__init__`` sets each field
    through ``object.__setattr__``, which makes Text objects the single largest cost of the
    walk. Setting the four slots directly builds the very same object in half the time.
    Should Text ever change shape (other fields, a ``__post_init__``), this is the plain
    constructor again.
    """
    names = ("text", "bold", "italic", "color")
    if (
        tuple(item.name for item in fields(Text)) != names
        or getattr(Text, "__slots__", None) != names
        or hasattr(Text, "__post_init__")
    ):
        return Text
    new = object.__new__
    set_text, set_bold, set_italic, set_color = (Text.__dict__[name].__set__ for name in names)

    def new_text(text: str, bold: bool, italic: bool, color: str | None) -> Text:
        item = new(Text)
        set_text(item, text)
        set_bold(item, bold)
        set_italic(item, italic)
        set_color(item, color)
        return item

    return new_text


_new_text = _text_factory()


def collapse_whitespace(text: str) -> str:
    """Runs of HTML whitespace (space, tab, CR, LF, FF) as one space, as a browser shows them.

    Other spaces (no-break space, em space, ...) are kept as they are.
    """
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
        return WHITESPACE_RUN.sub(" ", text)
    return text  # nothing to collapse: the common case, without the regex


class InlineBuilder:
    """Collects the inlines of one paragraph, collapsing whitespace across elements.

    Text of one format gathers in an open run that becomes one :class:`Text` when the format
    changes or a link, field or line break comes (or the paragraph ends).
    """

    __slots__ = ("items", "_run", "_run_format", "_after_space")

    def __init__(self) -> None:
        self.items: list[Inline] = []
        self._run = ""  # the text of the open run
        self._run_format: Format = PLAIN
        self._after_space = True  # at the start, or after a space or a line break

    @property
    def has_content(self) -> bool:
        return bool(self.items or self._run)

    def add_text(self, text: str, fmt: Format) -> None:
        if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
            text = WHITESPACE_RUN.sub(" ", text)  # collapse_whitespace, inlined: hot
        if self._after_space and text[:1] == " ":
            text = text[1:]
            if not text:
                return
        if not self._run:
            self._run_format = fmt
            self._run = text
        elif fmt is self._run_format:
            self._run += text
        else:
            self._close_run()
            self._run_format = fmt
            self._run = text
        self._after_space = text[-1] == " "

    def add_link(self, text: str, href: str) -> bool:
        """Add a link; False when its text is empty once whitespace is collapsed."""
        text = collapse_whitespace(text)
        if self._after_space and text[:1] == " ":
            text = text[1:]
        if not text:
            return False
        self._close_run()
        self.items.append(Link(text, href))
        self._after_space = text[-1] == " "
        return True

    def add_field(self, code: str, cached: str) -> None:
        self._close_run()
        self.items.append(Field(code, cached))
        self._after_space = False

    def add_break(self) -> None:
        self._strip_trailing_space()
        self._close_run()
        self.items.append(_LINE_BREAK)
        self._after_space = True

    def finish(self) -> list[Inline]:
        self._strip_trailing_space()
        self._close_run()
        return self.items

    def _close_run(self) -> None:
        if self._run:
            bold, italic, color = self._run_format
            self.items.append(_new_text(self._run, bold, italic, color))
            self._run = ""

    def _strip_trailing_space(self) -> None:
        if self._run:
            if self._run[-1] == " ":
                self._run = self._run[:-1]  # an emptied run makes no Text
            return
        last_item = self.items[-1] if self.items else None
        if isinstance(last_item, Link) and last_item.text.endswith(" "):
            self.items[-1] = Link(last_item.text[:-1], last_item.href)


_LINE_BREAK = LineBreak()  # frozen and without fields: one serves every <br/>


# ---------------------------------------------------------------- the inline walk
# An inline handler gets (walker, element, builder, format): the format of the text around it.

_InlineHandler = Callable[[Walker, etree._Element, InlineBuilder, Format], None]


def walk_inlines(
    walker: Walker,
    parent: etree._Element,
    handlers: Mapping[object, _InlineHandler],
    builder: InlineBuilder,
    fmt: Format,
) -> None:
    """The inline content of an element: text and inline elements, in the format ``fmt``."""
    add_text = builder.add_text
    text = parent.text
    if text is not None:
        add_text(text, fmt)
    for child in parent[:]:
        handler = handlers.get(child.tag)
        if handler is None:
            raise walker.misplaced(child, parent.tag)
        handler(walker, child, builder, fmt)
        tail = child.tail
        if tail is not None:
            add_text(tail, fmt)


def plain_inlines(text: str) -> list[Inline]:
    """The inlines of an element that holds only text (what InlineBuilder makes of it)."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
        text = WHITESPACE_RUN.sub(" ", text)  # collapse_whitespace, inlined: hot
    text = text.strip(" ")
    return [_new_text(text, False, False, None)] if text else []


def inline_content(walker: Walker, element: etree._Element) -> list[Inline]:
    """The inlines of a paragraph or heading."""
    if not len(element):
        text = element.text
        return plain_inlines(text) if text else []
    builder = InlineBuilder()
    walk_inlines(walker, element, INLINE_HANDLERS, builder, PLAIN)
    return builder.finish()


# ---------------------------------------------------------------- inline elements


def _inline_comment(
    walker: Walker, node: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    walker.comment(node)


def _inline_strong(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    walk_inlines(walker, element, INLINE_HANDLERS, builder, _BOLD[fmt])


def _inline_em(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    walk_inlines(walker, element, INLINE_HANDLERS, builder, _ITALIC[fmt])


def _inline_span(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    walker.attributes(element)
    if element.get("class") != "late":
        raise walker.error('<span> needs class="late" (the only span class)', element)
    walk_inlines(walker, element, INLINE_HANDLERS, builder, _LATE[fmt])


def _inline_break(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    walker.empty(element)
    builder.add_break()


def _inline_link(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    walker.attributes(element)
    href = element.get("href")
    if href is None:
        raise walker.error('<a> needs href="https://…" or "mailto:…"', element)
    walker.checked_href(element, href)
    if not builder.add_link(_text_only(walker, element), href):
        raise walker.error("<a> has no text", element)


def _inline_field(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    walker.attributes(element)
    code = element.get("code")
    if code not in FIELD_CODES:
        raise walker.error(f"<field> needs code= one of: {', '.join(FIELD_CODES)}", element)
    cached = collapse_whitespace(_text_only(walker, element)).strip(" ")
    builder.add_field(code, cached or "1")


def _text_only(walker: Walker, element: etree._Element) -> str:
    """The text of an element that holds only text (comments aside)."""
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if child.tag is not COMMENT:
            raise walker.misplaced(child, element.tag)
        walker.comment(child)
        parts.append(child.tail or "")
    return "".join(parts)


def _header_image(
    walker: Walker, element: etree._Element, builder: InlineBuilder, fmt: Format
) -> None:
    image = walker.image_of(element)
    if builder.has_content or walker.properties.header_logo is not None:
        raise walker.error("the logo <img> comes first in <header>, once", element)
    walker.properties.header_logo = image


INLINE_HANDLERS: dict[object, _InlineHandler] = {
    "strong": _inline_strong,
    "em": _inline_em,
    "span": _inline_span,
    "br": _inline_break,
    "a": _inline_link,
    "field": _inline_field,
    COMMENT: _inline_comment,
}
HEADER_HANDLERS: dict[object, _InlineHandler] = {**INLINE_HANDLERS, "img": _header_image}

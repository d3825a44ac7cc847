"""Parse the template markup, a small HTML subset, into the document model.

A report template renders the markup described in ``docs/template-markup.md`` (the
contract); this module turns it into a :class:`~forankring_docs.document.Document` and
rejects anything outside the subset with a :class:`MarkupError` that names the line.

The parser is the standard library's :class:`html.parser.HTMLParser` with a stack of
frames, one per open element. Each element of the subset has a :class:`_Spec` (its
attributes, the elements it may hold, whether it holds text); opening and closing handlers
build the model as the elements end. Nothing here knows about cases.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from typing import NamedTuple, TypeVar
from urllib.parse import SplitResult, urlsplit

from forankring_docs.document import (
    Align,
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

__all__ = [
    "FIELD_CODES",
    "LATE_COLOR",
    "PARAGRAPH_CLASSES",
    "SHADE_PALETTE",
    "TABLE_CLASSES",
    "MarkupError",
    "collapse_whitespace",
    "parse_markup",
]

# ---------------------------------------------------------------- the vocabulary

#: Shade names a template may use in ``data-shade``, with their fill colour (RRGGBB).
SHADE_PALETTE: dict[str, str] = {
    "red": "F4C7C3",
    "yellow": "FFF2CC",
    "green": "D9EAD3",
    "grey": "E7E6E6",
    "blue": "DDEBF7",
    "header": "D9E2F3",
    "bar": "8EA9DB",
    "mark": "F4B183",
}

#: ``<p class="...">`` values; each is a paragraph style of the template's styles.docx.
PARAGRAPH_CLASSES: tuple[str, ...] = (
    "title",
    "subtitle",
    "draft",
    "lead",
    "note",
    "meta",
    "empty",
    "cell",
)

#: ``<table class="...">`` values; ``data`` is the default.
TABLE_CLASSES: tuple[str, ...] = ("data", "facts", "matrix", "heat", "grid", "timeline")

#: ``<field code="...">`` values (Word field codes).
FIELD_CODES: tuple[str, ...] = ("PAGE", "NUMPAGES")

#: The colour of ``<span class="late">`` (bold, red).
LATE_COLOR = "C00000"

DEFAULT_TABLE_CLASS = "data"
CELL_PARAGRAPH_CLASS = "cell"
MAX_COLUMNS = 63  # Word's limit
MAX_IMAGE_CM = 50.0

_ALIGNS: tuple[Align, ...] = ("left", "center", "right")
_ORIENTATIONS: tuple[Orientation, ...] = ("portrait", "landscape")
_META_NAMES = ("title", "subject", "author", "keywords", "created")
_LINK_SCHEMES = ("http", "https", "mailto")
_LENGTH_UNITS_CM = {"cm": 1.0, "mm": 0.1, "in": 2.54}

_HTML_WHITESPACE = " \t\n\r\f"
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_HEX_COLOR = re.compile(r"#([0-9A-Fa-f]{6})\Z")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(cm|mm|in)\s*\Z")
_MARKER = re.compile(r"@\s*(?P<source>\S(?:.*\S)?):(?P<line>\d+)\s*\Z")
_URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f]")


# ---------------------------------------------------------------- errors


class MarkupError(ValueError):
    """The markup leaves the subset. ``source:line`` says where.

    Without a template marker, ``source`` is the name given to :func:`parse_markup` and
    ``line`` the line in the markup (the caller maps it to a template line). After a marker
    comment ``<!--@ report.html.j2:42 -->`` they are the marker's template file and line.
    ``html_line`` is always the line in the markup.
    """

    def __init__(
        self, message: str, source: str, line: int, *, html_line: int | None = None
    ) -> None:
        super().__init__(message, source, line)
        self.message = message
        self.source = source
        self.line = line
        self.from_marker = html_line is not None
        self.html_line = line if html_line is None else html_line

    def __str__(self) -> str:
        text = f"{self.source}:{self.line}: error: {self.message}"
        if self.from_marker:
            text += f" (line {self.html_line} of the generated markup)"
        return text

    def __reduce__(self) -> tuple[Callable[..., MarkupError], tuple[object, ...]]:
        # Keep html_line when the error crosses a process boundary (batch rendering).
        html_line = self.html_line if self.from_marker else None
        return _rebuild_error, (self.message, self.source, self.line, html_line)


def _rebuild_error(message: str, source: str, line: int, html_line: int | None) -> MarkupError:
    return MarkupError(message, source, line, html_line=html_line)


class _Marker(NamedTuple):
    """A template position announced by a ``<!--@ file:line -->`` comment."""

    source: str
    line: int


class _Where(NamedTuple):
    """Where something starts: the markup line and the template marker in effect."""

    html_line: int
    marker: _Marker | None


# ---------------------------------------------------------------- the element table

_INLINE = frozenset({"strong", "em", "br", "a", "span", "field"})
_BLOCK = frozenset(
    {"h1", "h2", "h3", "p", "ul", "ol", "table", "pagebreak", "toc", "section", "cover", "img"}
)
_FLOW = _INLINE | {"p"}  # what a list item or a table cell holds
_FLOW_CONTAINERS = frozenset({"li", "th", "td"})
_DOCUMENT_PARTS = frozenset({"html", "head", "body", "header", "footer"})  # one of each


@dataclass(frozen=True, slots=True)
class _Spec:
    """What an element of the subset may carry."""

    attributes: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()
    text: bool = False  # may hold non-blank text
    void: bool = False  # has no content and no end tag


def _spec(
    attributes: tuple[str, ...] = (),
    children: frozenset[str] = frozenset(),
    *,
    text: bool = False,
    void: bool = False,
) -> _Spec:
    return _Spec(frozenset(attributes), children, text, void)


_ROOT = "#document"
_SPECS: dict[str, _Spec] = {
    _ROOT: _spec(children=_DOCUMENT_PARTS | _BLOCK),
    "html": _spec(("lang",), (_DOCUMENT_PARTS - {"html"}) | _BLOCK),
    "head": _spec(children=frozenset({"meta"})),
    "meta": _spec(("name", "content", "charset"), void=True),
    "body": _spec(children=frozenset({"header", "footer"}) | _BLOCK),
    "header": _spec(children=_INLINE | {"img"}, text=True),
    "footer": _spec(children=_INLINE, text=True),
    "h1": _spec(children=_INLINE, text=True),
    "h2": _spec(children=_INLINE, text=True),
    "h3": _spec(children=_INLINE, text=True),
    "p": _spec(("class", "align"), _INLINE, text=True),
    "ul": _spec(children=frozenset({"li"})),
    "ol": _spec(children=frozenset({"li"})),
    "li": _spec(children=_FLOW, text=True),
    "table": _spec(("class",), frozenset({"colgroup", "thead", "tbody", "tr"})),
    "colgroup": _spec(children=frozenset({"col"})),
    "col": _spec(("width", "span"), void=True),
    "thead": _spec(children=frozenset({"tr"})),
    "tbody": _spec(children=frozenset({"tr"})),
    "tr": _spec(("class",), frozenset({"th", "td"})),
    "th": _spec(("colspan", "align", "data-shade"), _FLOW, text=True),
    "td": _spec(("colspan", "align", "data-shade"), _FLOW, text=True),
    "pagebreak": _spec(void=True),
    "toc": _spec(("title", "levels"), void=True),
    "section": _spec(("orientation",), _BLOCK - {"section", "cover"}),
    "cover": _spec(children=_BLOCK - {"section", "cover", "toc"}),
    "img": _spec(("src", "width", "align"), void=True),
    "strong": _spec(children=_INLINE, text=True),
    "em": _spec(children=_INLINE, text=True),
    "span": _spec(("class",), _INLINE, text=True),
    "a": _spec(("href",), text=True),
    "field": _spec(("code",), text=True),
    "br": _spec(void=True),
}


# ---------------------------------------------------------------- inline content

_Format = tuple[bool, bool, str | None]  # bold, italic, color
_PLAIN: _Format = (False, False, None)


def collapse_whitespace(text: str) -> str:
    """Runs of HTML whitespace (space, tab, CR, LF, FF) as one space, as a browser shows them.

    Other spaces (no-break space, em space, ...) are kept as they are.
    """
    return _WHITESPACE_RUN.sub(" ", text)


def _is_blank(text: str) -> bool:
    return not text.strip(_HTML_WHITESPACE)


class _InlineBuilder:
    """Collects the inlines of one paragraph, collapsing whitespace across elements."""

    __slots__ = ("items", "_after_space")

    def __init__(self) -> None:
        self.items: list[Inline] = []
        self._after_space = True  # at the start, or after a space or a line break

    @property
    def has_content(self) -> bool:
        return bool(self.items)

    def add_text(self, text: str, fmt: _Format) -> None:
        text = self._joinable(text)
        if not text:
            return
        last = self.items[-1] if self.items else None
        if isinstance(last, Text) and (last.bold, last.italic, last.color) == fmt:
            self.items[-1] = Text(last.text + text, *fmt)
        else:
            self.items.append(Text(text, *fmt))
        self._after_space = text[-1] == " "

    def add_link(self, text: str, href: str) -> bool:
        """Add a link; False when its text is empty once whitespace is collapsed."""
        text = self._joinable(text)
        if not text:
            return False
        self.items.append(Link(text, href))
        self._after_space = text[-1] == " "
        return True

    def add_field(self, code: str, cached: str) -> None:
        self.items.append(Field(code, cached))
        self._after_space = False

    def add_break(self) -> None:
        self._strip_trailing_space()
        self.items.append(LineBreak())
        self._after_space = True

    def finish(self) -> list[Inline]:
        self._strip_trailing_space()
        return self.items

    def _joinable(self, text: str) -> str:
        text = collapse_whitespace(text)
        if self._after_space and text.startswith(" "):
            return text[1:]
        return text

    def _strip_trailing_space(self) -> None:
        if not self.items:
            return
        last = self.items[-1]
        if isinstance(last, Text) and last.text.endswith(" "):
            stripped = last.text[:-1]
            if stripped:
                self.items[-1] = Text(stripped, last.bold, last.italic, last.color)
            else:
                self.items.pop()
        elif isinstance(last, Link) and last.text.endswith(" "):
            self.items[-1] = Link(last.text[:-1], last.href)


# ---------------------------------------------------------------- parser state


@dataclass(slots=True)
class _TableBuilder:
    table: Table
    row_places: list[_Where] = field(default_factory=list)
    group_defaults: list[bool] = field(default_factory=list)  # group cell without colspan
    has_colgroup: bool = False


class _Frame:
    """One open element (a plain slotted class: one is made per element, so it is lean)."""

    __slots__ = (
        "tag",
        "spec",
        "line",
        "marker",
        "attrs",
        "fmt",
        "inlines",
        "blocks",
        "text",
        "table",
        "row",
        "cell",
        "list_block",
    )

    def __init__(
        self, tag: str, spec: _Spec, line: int, marker: _Marker | None, attrs: dict[str, str]
    ) -> None:
        self.tag = tag
        self.spec = spec
        self.line = line  # of the start tag in the markup
        self.marker = marker  # the template marker in effect at the start tag
        self.attrs = attrs
        self.fmt: _Format = _PLAIN
        self.inlines: _InlineBuilder | None = None
        self.blocks: list[Block] | None = None  # child blocks (or a cell's paragraphs)
        self.text: list[str] | None = None  # the raw text of <a> and <field>
        self.table: _TableBuilder | None = None
        self.row: Row | None = None
        self.cell: Cell | None = None
        self.list_block: ListBlock | None = None

    @property
    def where(self) -> _Where:
        return _Where(self.line, self.marker)


_Choice = TypeVar("_Choice", bound=str)
_Opener = Callable[["_MarkupParser", _Frame, _Frame], None]
_Closer = Callable[["_MarkupParser", _Frame, _Frame], None]


class _MarkupParser(HTMLParser):
    def __init__(self, source: str, assets: Mapping[str, tuple[bytes, str]]) -> None:
        super().__init__(convert_charrefs=True)
        self._source = source
        self._assets = assets
        self._marker: _Marker | None = None
        self._blocks: list[Block] = []
        self.properties = Properties()
        self._seen: set[str] = set()
        self._line_starts: list[int] | None = None
        self._markup = ""
        root = _Frame(_ROOT, _SPECS[_ROOT], 1, None, {})
        root.blocks = self._blocks
        self._stack: list[_Frame] = [root]

    # ------------------------------------------------------------ entry point
    def parse(self, markup: str) -> Document:
        self._markup = markup
        self.feed(markup)
        self.close()
        if len(self._stack) > 1:
            frame = self._stack[-1]
            raise self.markup_error(
                f"<{frame.tag}> is never closed (add </{frame.tag}>)", frame.where
            )
        _link_headings(self._blocks)
        return Document(blocks=self._blocks, properties=self.properties)

    # ------------------------------------------------------------ errors
    def _here(self) -> _Where:
        return _Where(self.getpos()[0], self._marker)

    def markup_error(self, message: str, where: _Where | None = None) -> MarkupError:
        where = where or self._here()
        if where.marker is None:
            return MarkupError(message, self._source, where.html_line)
        marker = where.marker
        return MarkupError(message, marker.source, marker.line, html_line=where.html_line)

    # ------------------------------------------------------------ HTMLParser callbacks
    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self._stack)
        self.handle_starttag(tag, attrs)
        if len(self._stack) > depth:  # <p/> is an empty <p></p>
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        frame = self._stack[-1]
        if tag != frame.tag:
            raise self.markup_error(self._end_tag_mismatch(tag, frame))
        self._stack.pop()
        closer = _CLOSERS.get(tag)
        if closer is not None:
            closer(self, frame, self._stack[-1])

    def handle_data(self, data: str) -> None:
        if data.startswith("<") and self._raw_char_here() == "<":
            raise self.markup_error(
                "a '<' that does not start a valid tag (a broken tag, or write &lt; for the "
                "character)"
            )
        frame = self._stack[-1]
        if frame.text is not None:
            frame.text.append(data)
        elif frame.inlines is not None and not (frame.blocks and frame.tag in _FLOW_CONTAINERS):
            frame.inlines.add_text(data, frame.fmt)
        elif not _is_blank(data):
            raise self._text_not_allowed(frame, data)

    def handle_comment(self, data: str) -> None:
        if not data.startswith("@"):
            return
        match = _MARKER.match(data)
        if match is None:
            raise self.markup_error(
                f"a template marker must read <!--@ file:line -->, not <!--{data}-->"
            )
        self._marker = _Marker(match["source"], int(match["line"]))

    def handle_decl(self, decl: str) -> None:
        if decl.lower() != "doctype html":
            raise self.markup_error(f"<!{decl}> is not allowed; only <!DOCTYPE html>")

    def unknown_decl(self, data: str) -> None:
        raise self.markup_error("<![CDATA[...]]> is not allowed (write the text escaped instead)")

    def handle_pi(self, data: str) -> None:
        raise self.markup_error(f"<?{data}> is not allowed (no processing instructions)")

    # ------------------------------------------------------------ opening elements
    # The hot path: one call per start tag. Errors are located at the parser's position
    # (the start tag), so no location object is made unless something is wrong.
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: check it, build its frame, and push it unless it is empty."""
        parent = self._stack[-1]
        if tag not in parent.spec.children:
            raise self._misplaced(tag, parent)
        spec = _SPECS[tag]
        if tag in _DOCUMENT_PARTS:
            self._check_singleton(tag)
        if parent.tag in _FLOW_CONTAINERS:
            self._check_flow_mixing(tag, parent)
        values = self._attributes(tag, spec, attrs) if attrs else {}
        frame = _Frame(tag, spec, self.getpos()[0], self._marker, values)
        _OPENERS[tag](self, frame, parent)
        if not spec.void:
            self._stack.append(frame)

    def _attributes(
        self, tag: str, spec: _Spec, attrs: list[tuple[str, str | None]]
    ) -> dict[str, str]:
        result: dict[str, str] = {}
        for name, value in attrs:
            if name not in spec.attributes:
                allowed = ", ".join(sorted(spec.attributes)) or "none"
                raise self.markup_error(f"<{tag}> has no attribute '{name}' (allowed: {allowed})")
            if name in result:
                raise self.markup_error(f"<{tag}> has the attribute '{name}' twice")
            if value is None:
                raise self.markup_error(f"<{tag}> attribute '{name}' needs a value")
            result[name] = value
        return result

    def _misplaced(self, tag: str, parent: _Frame) -> MarkupError:
        if tag not in _SPECS or tag == _ROOT:
            return self.markup_error(f"unknown element <{tag}>; {_allowed_children(parent)}")
        return self.markup_error(
            f"<{tag}> is not allowed {_inside(parent)}; {_allowed_children(parent)}"
        )

    def _check_singleton(self, tag: str) -> None:
        if tag in self._seen:
            raise self.markup_error(f"a second <{tag}>; the document has only one")
        self._seen.add(tag)

    def _check_flow_mixing(self, tag: str, parent: _Frame) -> None:
        """A list item or cell holds either inline content or <p>s, not both."""
        assert parent.inlines is not None
        if parent.blocks if tag != "p" else parent.inlines.has_content:
            raise self.markup_error(_MIXED_FLOW.format(tag=parent.tag))

    # ------------------------------------------------------------ helpers for handlers
    def _end_tag_mismatch(self, tag: str, frame: _Frame) -> str:
        spec = _SPECS.get(tag)
        if spec is not None and spec.void:
            return f"<{tag}> is an empty element; remove </{tag}>"
        for open_frame in reversed(self._stack):
            if open_frame.tag == tag:
                return (
                    f"</{tag}> closes <{tag}> from {_place(open_frame.where)}, but "
                    f"<{frame.tag}> from {_place(frame.where)} is still open"
                )
        if frame.tag == _ROOT:
            return f"</{tag}> without an open <{tag}>"
        return f"</{tag}> without an open <{tag}> (the open element is <{frame.tag}>)"

    def _text_not_allowed(self, frame: _Frame, data: str) -> MarkupError:
        start = len(data) - len(data.lstrip(_HTML_WHITESPACE))
        where = _Where(self.getpos()[0] + data.count("\n", 0, start), self._marker)
        excerpt = data.strip(_HTML_WHITESPACE)
        if len(excerpt) > 30:
            excerpt = excerpt[:30] + "…"
        if frame.tag in _FLOW_CONTAINERS:
            return self.markup_error(_MIXED_FLOW.format(tag=frame.tag), where)
        return self.markup_error(
            f"text {excerpt!r} is not allowed {_inside(frame)}; put it in a <p>", where
        )

    def _raw_char_here(self) -> str:
        """The character of the markup at the parser's position (before decoding)."""
        if self._line_starts is None:
            self._line_starts = _line_starts(self._markup)
        line, column = self.getpos()
        offset = self._line_starts[line - 1] + column
        return self._markup[offset : offset + 1]

    def image_of(self, attrs: dict[str, str], where: _Where) -> Image:
        src = attrs.get("src")
        if src is None:
            raise self.markup_error('<img> needs src="..." naming a file of the template', where)
        if src not in self._assets:
            known = ", ".join(sorted(self._assets)) or "none"
            raise self.markup_error(f"<img src={src!r}>: no such image (available: {known})", where)
        if "width" not in attrs:
            raise self.markup_error('<img> needs a width, e.g. width="4cm"', where)
        data, filename = self._assets[src]
        width_cm = self.length_cm(attrs["width"], where)
        return Image(data, filename, width_cm, self.align_of(attrs, where))

    def length_cm(self, value: str, where: _Where) -> float:
        match = _LENGTH.match(value)
        if match is None:
            raise self.markup_error(f"width {value!r} must be a length like 4cm or 25mm", where)
        width = float(match[1]) * _LENGTH_UNITS_CM[match[2]]
        if not 0 < width <= MAX_IMAGE_CM:
            raise self.markup_error(f"width {value!r} must be above 0 and at most 50cm", where)
        return width

    def align_of(self, attrs: dict[str, str], where: _Where) -> Align | None:
        return self.choice(attrs, "align", _ALIGNS, where)

    def choice(
        self, attrs: dict[str, str], name: str, choices: tuple[_Choice, ...], where: _Where
    ) -> _Choice | None:
        value = attrs.get(name)
        if value is None:
            return None
        for choice in choices:
            if value == choice:
                return choice
        raise self.markup_error(f"{name}={value!r} must be one of: {', '.join(choices)}", where)

    def whole_number(
        self, attrs: dict[str, str], name: str, default: int, bounds: tuple[int, int], where: _Where
    ) -> int:
        value = attrs.get(name)
        if value is None:
            return default
        low, high = bounds
        if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
            raise self.markup_error(f"{name}={value!r} must be a whole number {low}–{high}", where)
        return int(value)

    def shade_of(self, value: str, where: _Where) -> str:
        if value in SHADE_PALETTE:
            return SHADE_PALETTE[value]
        match = _HEX_COLOR.match(value)
        if match is None:
            names = ", ".join(SHADE_PALETTE)
            raise self.markup_error(
                f"data-shade={value!r} must be a palette name ({names}) or #RRGGBB", where
            )
        return match[1].upper()

    def checked_href(self, href: str, where: _Where) -> str:
        parts = _split_url(href)
        if parts is None:
            raise self.markup_error(
                f"<a href={href!r}>: not a valid address (spaces, control characters or a "
                "broken host)",
                where,
            )
        scheme = parts.scheme.lower()
        if scheme not in _LINK_SCHEMES:
            raise self.markup_error(
                f"<a href={href!r}>: only http:, https: and mailto: links are allowed", where
            )
        if scheme == "mailto" and not parts.path:
            raise self.markup_error(f"<a href={href!r}>: the mailto: link has no address", where)
        if scheme != "mailto" and not parts.netloc:
            raise self.markup_error(f"<a href={href!r}>: the link has no host", where)
        return href


_MIXED_FLOW = "a <{tag}> holds either inline content or <p> paragraphs, not both"


def _inside(frame: _Frame) -> str:
    return "at the top level" if frame.tag == _ROOT else f"inside <{frame.tag}>"


def _allowed_children(frame: _Frame) -> str:
    names = sorted(frame.spec.children)
    if not names:
        return f"<{frame.tag}> holds only text"
    return "allowed here: " + ", ".join(f"<{name}>" for name in names)


def _split_url(url: str) -> SplitResult | None:
    """The parts of a URL; None when it holds spaces or controls, or does not parse."""
    if _URL_FORBIDDEN.search(url):
        return None
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 host
        return None


def _place(where: _Where) -> str:
    """A start position for a message: the template's file:line after a marker, else the line."""
    if where.marker is None:
        return f"line {where.html_line}"
    return f"{where.marker.source}:{where.marker.line}"


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


# ---------------------------------------------------------------- element handlers
# Each opener gets (parser, new frame, parent frame); each closer (parser, frame, parent).


def _open_document_part(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    frame.blocks = parent.blocks


def _open_html(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    frame.blocks = parent.blocks
    lang = frame.attrs.get("lang")
    if lang is not None:
        if not _LANGUAGE_TAG.match(lang):
            raise parser.markup_error(
                f"lang={lang!r} must be a language tag like da-DK", frame.where
            )
        parser.properties.language = lang


def _open_meta(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    attrs = frame.attrs
    if "charset" in attrs:
        if len(attrs) > 1 or attrs["charset"].lower() != "utf-8":
            raise parser.markup_error('use <meta charset="utf-8"> on its own', frame.where)
        return
    name, content = attrs.get("name"), attrs.get("content")
    if name is None or content is None:
        raise parser.markup_error('<meta> needs name="..." and content="..."', frame.where)
    if name not in _META_NAMES:
        known = ", ".join(_META_NAMES)
        raise parser.markup_error(f"<meta name={name!r}>: the names are {known}", frame.where)
    if name == "created" and content and not _is_iso_date(content):
        raise parser.markup_error(
            f"<meta name='created'> {content!r} is not an ISO date", frame.where
        )
    setattr(parser.properties, name, content.strip(_HTML_WHITESPACE))


def _is_iso_date(value: str) -> bool:
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False


def _open_inline_container(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    frame.inlines = _InlineBuilder()


def _close_header(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.inlines is not None
    parser.properties.header = frame.inlines.finish()


def _close_footer(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.inlines is not None
    parser.properties.footer = frame.inlines.finish()


def _close_heading(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.inlines is not None and parent.blocks is not None
    parent.blocks.append(Heading(int(frame.tag[1]), frame.inlines.finish()))


def _open_paragraph(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    frame.inlines = _InlineBuilder()
    # Checked here, where the error belongs; used when the paragraph ends.
    parser.choice(frame.attrs, "class", PARAGRAPH_CLASSES, frame.where)
    parser.align_of(frame.attrs, frame.where)


def _close_paragraph(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.inlines is not None and parent.blocks is not None
    style = frame.attrs.get("class")
    if style is None and parent.tag in ("th", "td"):
        style = CELL_PARAGRAPH_CLASS
    align = parser.align_of(frame.attrs, frame.where)
    parent.blocks.append(Paragraph(frame.inlines.finish(), style=style, align=align))


def _open_list(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.blocks is not None
    frame.list_block = ListBlock(items=[], ordered=frame.tag == "ol")
    parent.blocks.append(frame.list_block)


def _open_flow(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    frame.inlines = _InlineBuilder()
    frame.blocks = []


def _flow_paragraphs(frame: _Frame, style: str | None) -> list[Paragraph]:
    """The paragraphs of a list item or cell: its <p>s, or one for its inline content."""
    assert frame.inlines is not None and frame.blocks is not None
    if frame.blocks:
        return [block for block in frame.blocks if isinstance(block, Paragraph)]
    return [Paragraph(frame.inlines.finish(), style=style)]


def _close_list_item(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.list_block is not None
    parent.list_block.items.append(_flow_paragraphs(frame, None))


def _open_table(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.blocks is not None
    style = parser.choice(frame.attrs, "class", TABLE_CLASSES, frame.where)
    table = Table(rows=[], style=style or DEFAULT_TABLE_CLASS)
    frame.table = _TableBuilder(table)
    parent.blocks.append(table)


def _open_colgroup(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    builder = parent.table
    assert builder is not None
    if builder.has_colgroup or builder.table.rows:
        raise parser.markup_error("<colgroup> comes once, before the rows", frame.where)
    builder.has_colgroup = True
    frame.table = builder


def _open_col(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.table is not None
    value = frame.attrs.get("width", "1")
    try:
        weight = float(value)
    except ValueError:
        weight = math.nan
    if not (math.isfinite(weight) and weight > 0):
        raise parser.markup_error(
            f"<col width={value!r}>: the width is a positive number (a weight)", frame.where
        )
    span = parser.whole_number(frame.attrs, "span", 1, (1, MAX_COLUMNS), frame.where)
    parent.table.table.widths.extend([weight] * span)


def _open_row_group(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    builder = parent.table
    assert builder is not None
    if frame.tag == "thead" and any(not row.header for row in builder.table.rows):
        raise parser.markup_error("<thead> must come before the body rows", frame.where)
    frame.table = builder


def _open_row(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    builder = parent.table
    assert builder is not None
    row_class = parser.choice(frame.attrs, "class", ("group",), frame.where)
    frame.row = Row(cells=[], header=parent.tag == "thead", group=row_class == "group")
    builder.table.rows.append(frame.row)
    builder.row_places.append(frame.where)
    builder.group_defaults.append(False)
    frame.table = builder


def _close_row(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.row is not None
    if frame.row.group and len(frame.row.cells) != 1:
        raise parser.markup_error("a group row (class='group') has exactly one cell", frame.where)
    if not frame.row.cells:
        raise parser.markup_error("<tr> has no cells", frame.where)


def _open_cell(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.row is not None and parent.table is not None
    attrs, where = frame.attrs, frame.where
    if parent.row.group and "colspan" not in attrs:
        parent.table.group_defaults[-1] = True  # the group cell spans the table
    colspan = parser.whole_number(attrs, "colspan", 1, (1, MAX_COLUMNS), where)
    shade = parser.shade_of(attrs["data-shade"], where) if "data-shade" in attrs else None
    frame.cell = Cell(
        blocks=[],
        colspan=colspan,
        shade=shade,
        align=parser.align_of(attrs, where),
        header=frame.tag == "th",
    )
    parent.row.cells.append(frame.cell)
    _open_flow(parser, frame, parent)


def _close_cell(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.cell is not None
    frame.cell.blocks = _flow_paragraphs(frame, CELL_PARAGRAPH_CLASS)


def _close_table(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    builder = frame.table
    assert builder is not None
    table = builder.table
    if not table.rows:
        raise parser.markup_error("<table> has no rows", frame.where)
    columns = table.column_count
    for row, place, default_span in zip(
        table.rows, builder.row_places, builder.group_defaults, strict=True
    ):
        if default_span:
            row.cells[0].colspan = columns
        width = sum(cell.colspan for cell in row.cells)
        if width != columns:
            raise parser.markup_error(
                f"this row has {_columns(width)}, the table has {columns} "
                "(count colspan; rowspan is not supported)",
                place,
            )


def _columns(count: int) -> str:
    return f"{count} column" if count == 1 else f"{count} columns"


def _open_pagebreak(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.blocks is not None
    parent.blocks.append(PageBreak())


def _open_toc(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.blocks is not None
    levels = parser.whole_number(frame.attrs, "levels", 2, (1, 3), frame.where)
    title = collapse_whitespace(frame.attrs.get("title", "")).strip(" ")
    parent.blocks.append(TableOfContents(title=title, levels=levels))


def _open_section(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.blocks is not None
    orientation = parser.choice(frame.attrs, "orientation", _ORIENTATIONS, frame.where)
    frame.blocks = []
    parent.blocks.append(Section(frame.blocks, orientation or "landscape"))


def _open_cover(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.blocks is not None
    frame.blocks = []
    parent.blocks.append(Cover(frame.blocks))


def _open_image(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    image = parser.image_of(frame.attrs, frame.where)
    if parent.tag != "header":
        assert parent.blocks is not None
        parent.blocks.append(image)
        return
    assert parent.inlines is not None
    if parent.inlines.has_content or parser.properties.header_logo is not None:
        raise parser.markup_error("the logo <img> comes first in <header>, once", frame.where)
    parser.properties.header_logo = image


def _open_emphasis(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    bold, italic, color = parent.fmt
    frame.fmt = (True, italic, color) if frame.tag == "strong" else (bold, True, color)
    frame.inlines = parent.inlines


def _open_span(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    if frame.attrs.get("class") != "late":
        raise parser.markup_error('<span> needs class="late" (the only span class)', frame.where)
    frame.fmt = (True, parent.fmt[1], LATE_COLOR)
    frame.inlines = parent.inlines


def _open_text_only(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    frame.inlines = parent.inlines
    frame.text = []
    if frame.tag == "a":
        if "href" not in frame.attrs:
            raise parser.markup_error('<a> needs href="https://…" or "mailto:…"', frame.where)
        parser.checked_href(frame.attrs["href"], frame.where)
    elif frame.attrs.get("code") not in FIELD_CODES:
        raise parser.markup_error(
            f"<field> needs code= one of: {', '.join(FIELD_CODES)}", frame.where
        )


def _close_link(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.inlines is not None and frame.text is not None
    if not frame.inlines.add_link("".join(frame.text), frame.attrs["href"]):
        raise parser.markup_error("<a> has no text", frame.where)


def _close_field(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert frame.inlines is not None and frame.text is not None
    cached = collapse_whitespace("".join(frame.text)).strip(" ")
    frame.inlines.add_field(frame.attrs["code"], cached or "1")


def _open_line_break(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    assert parent.inlines is not None
    parent.inlines.add_break()


def _open_nothing(parser: _MarkupParser, frame: _Frame, parent: _Frame) -> None:
    """For <head>: it only holds <meta>s, which set the properties themselves."""


_OPENERS: dict[str, _Opener] = {
    "html": _open_html,
    "head": _open_nothing,
    "meta": _open_meta,
    "body": _open_document_part,
    "header": _open_inline_container,
    "footer": _open_inline_container,
    "h1": _open_inline_container,
    "h2": _open_inline_container,
    "h3": _open_inline_container,
    "p": _open_paragraph,
    "ul": _open_list,
    "ol": _open_list,
    "li": _open_flow,
    "table": _open_table,
    "colgroup": _open_colgroup,
    "col": _open_col,
    "thead": _open_row_group,
    "tbody": _open_row_group,
    "tr": _open_row,
    "th": _open_cell,
    "td": _open_cell,
    "pagebreak": _open_pagebreak,
    "toc": _open_toc,
    "section": _open_section,
    "cover": _open_cover,
    "img": _open_image,
    "strong": _open_emphasis,
    "em": _open_emphasis,
    "span": _open_span,
    "a": _open_text_only,
    "field": _open_text_only,
    "br": _open_line_break,
}

_CLOSERS: dict[str, _Closer] = {
    "header": _close_header,
    "footer": _close_footer,
    "h1": _close_heading,
    "h2": _close_heading,
    "h3": _close_heading,
    "p": _close_paragraph,
    "li": _close_list_item,
    "tr": _close_row,
    "th": _close_cell,
    "td": _close_cell,
    "table": _close_table,
    "a": _close_link,
    "field": _close_field,
}


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
    the subset of ``docs/template-markup.md``.
    """
    return _MarkupParser(source, assets or {}).parse(html)

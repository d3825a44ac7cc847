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
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from typing import NamedTuple, TypeVar
from urllib.parse import SplitResult, urlsplit

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.model import (
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
from forankring_docs.errors import ForankringError

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

#: The element wrapped around the markup, so that a bare run of blocks is one XML document.
_ROOT = "forankring-markup"
_OPEN_ROOT = f"<{_ROOT}>"  # on the markup's first line: line numbers stay as they are
_CLOSE_ROOT = f"</{_ROOT}>"

_Comment = etree.Comment  # the tag of a comment node in the tree
_PI = etree.PI  # the tag of a processing instruction node


# ---------------------------------------------------------------- errors


class MarkupError(ForankringError):
    """The markup leaves the subset. ``source:line`` says where.

    Without a template marker, ``source`` is the name given to :func:`parse_markup` and
    ``line`` the line in the markup (the caller maps it to a template line). After a marker
    comment ``<!--@ report.html.j2:42 -->`` they are the marker's template file and line.
    ``html_line`` is always the line in the markup.
    """

    def __init__(
        self, message: str, source: str, line: int, *, html_line: int | None = None
    ) -> None:
        super().__init__(message)
        self.source = source
        self.line = line
        self.from_marker = html_line is not None
        self.html_line = line if html_line is None else html_line

    def __str__(self) -> str:
        text = f"{self.source}:{self.line}: error: {self.message}"
        if self.from_marker:
            text += f" (line {self.html_line} of the generated markup)"
        return text

    def format(self) -> str:
        return str(self)


class _Marker(NamedTuple):
    """A template position announced by a ``<!--@ file:line -->`` comment."""

    source: str
    line: int


def _located(message: str, source: str, html_line: int, marker: _Marker | None) -> MarkupError:
    """An error at a markup line, named by the template marker in effect there if any."""
    if marker is None:
        return MarkupError(message, source, html_line)
    return MarkupError(message, marker.source, marker.line, html_line=html_line)


def _place(html_line: int, marker: _Marker | None) -> str:
    """A start position for a message: the template's file:line after a marker, else the line."""
    if marker is None:
        return f"line {html_line}"
    return f"{marker.source}:{marker.line}"


# ---------------------------------------------------------------- the element table

_INLINE = frozenset({"strong", "em", "br", "a", "span", "field"})
_BLOCK = frozenset(
    {"h1", "h2", "h3", "p", "ul", "ol", "table", "pagebreak", "toc", "section", "cover", "img"}
)
_FLOW = _INLINE | {"p"}  # what a list item holds
_CELL_FLOW = _FLOW | {"ul", "ol"}  # what a table cell holds: case text keeps its bullet lists
_FLOW_CONTAINERS = frozenset({"li", "th", "td"})


@dataclass(frozen=True, slots=True)
class _Spec:
    """What an element of the subset may carry."""

    attributes: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()
    void: bool = False  # has no content: written <br/>


def _spec(
    attributes: tuple[str, ...] = (),
    children: frozenset[str] = frozenset(),
    *,
    void: bool = False,
) -> _Spec:
    return _Spec(frozenset(attributes), children, void)


_DOCUMENT_PARTS = frozenset({"html", "head", "body", "header", "footer"})  # one of each
_SPECS: dict[str, _Spec] = {
    _ROOT: _spec(children=_DOCUMENT_PARTS | _BLOCK),
    "html": _spec(("lang",), (_DOCUMENT_PARTS - {"html"}) | _BLOCK),
    "head": _spec(children=frozenset({"meta"})),
    "meta": _spec(("name", "content", "charset"), void=True),
    "body": _spec(children=frozenset({"header", "footer"}) | _BLOCK),
    "header": _spec(children=_INLINE | {"img"}),
    "footer": _spec(children=_INLINE),
    "h1": _spec(children=_INLINE),
    "h2": _spec(children=_INLINE),
    "h3": _spec(children=_INLINE),
    "p": _spec(("class", "align"), _INLINE),
    "ul": _spec(children=frozenset({"li"})),
    "ol": _spec(children=frozenset({"li"})),
    "li": _spec(children=_FLOW),
    "table": _spec(("class",), frozenset({"colgroup", "thead", "tbody", "tr"})),
    "colgroup": _spec(children=frozenset({"col"})),
    "col": _spec(("width", "span"), void=True),
    "thead": _spec(children=frozenset({"tr"})),
    "tbody": _spec(children=frozenset({"tr"})),
    "tr": _spec(("class",), frozenset({"th", "td"})),
    "th": _spec(("colspan", "align", "data-shade"), _CELL_FLOW),
    "td": _spec(("colspan", "align", "data-shade"), _CELL_FLOW),
    "pagebreak": _spec(void=True),
    "toc": _spec(("title", "levels", "hint"), void=True),
    "section": _spec(("orientation",), _BLOCK - {"section", "cover"}),
    "cover": _spec(children=_BLOCK - {"section", "cover", "toc"}),
    "img": _spec(("src", "width", "align"), void=True),
    "strong": _spec(children=_INLINE),
    "em": _spec(children=_INLINE),
    "span": _spec(("class",), _INLINE),
    "a": _spec(("href",)),
    "field": _spec(("code",)),
    "br": _spec(void=True),
}
_VOID = frozenset(tag for tag, spec in _SPECS.items() if spec.void)


# ---------------------------------------------------------------- inline content

_Format = tuple[bool, bool, str | None]  # bold, italic, color
# Every format the markup can make, as one tuple each, so formats compare by identity.
_FORMATS: dict[_Format, _Format] = {
    (bold, italic, color): (bold, italic, color)
    for bold in (False, True)
    for italic in (False, True)
    for color in (None, LATE_COLOR)
}
_PLAIN = _FORMATS[False, False, None]
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
        return _WHITESPACE_RUN.sub(" ", text)
    return text  # nothing to collapse: the common case, without the regex


class _InlineBuilder:
    """Collects the inlines of one paragraph, collapsing whitespace across elements.

    Text of one format gathers in an open run that becomes one :class:`Text` when the format
    changes or a link, field or line break comes (or the paragraph ends).
    """

    __slots__ = ("items", "_run", "_run_format", "_after_space")

    def __init__(self) -> None:
        self.items: list[Inline] = []
        self._run = ""  # the text of the open run
        self._run_format: _Format = _PLAIN
        self._after_space = True  # at the start, or after a space or a line break

    @property
    def has_content(self) -> bool:
        return bool(self.items or self._run)

    def add_text(self, text: str, fmt: _Format) -> None:
        if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
            text = _WHITESPACE_RUN.sub(" ", text)  # collapse_whitespace, inlined: hot
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


# ---------------------------------------------------------------- parsing the XML


def _parse_tree(markup: str, source: str) -> etree._Element:
    """The markup as an XML tree under a ``<forankring-markup>`` root, or a MarkupError."""
    _refuse_cdata(markup, source)
    parser = etree.XMLParser(**_PARSER_OPTIONS)  # cheap; one per call keeps threads apart
    try:
        return etree.fromstring(_OPEN_ROOT + markup + _CLOSE_ROOT, parser)
    except etree.XMLSyntaxError as error:
        raise _syntax_error(markup, source, error) from error


def _refuse_cdata(markup: str, source: str) -> None:
    """A CDATA section is an error (the XML parser would quietly turn it into text)."""
    position = markup.find("<![CDATA[")
    while position >= 0:
        if not _in_comment(markup, position):
            line = markup.count("\n", 0, position) + 1
            raise _located(
                "<![CDATA[...]]> is not allowed (write the text escaped instead)",
                source,
                line,
                _marker_in_text(markup, position),
            )
        position = markup.find("<![CDATA[", position + 1)


def _in_comment(markup: str, position: int) -> bool:
    return markup.rfind("<!--", 0, position) > markup.rfind("-->", 0, position)


_LIBXML_POSITION = re.compile(r", line \d+, column \d+\Z")
_MISMATCH = re.compile(r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)")
_QUOTED_NAME = re.compile(r"'([^']*)'")
_ATTRIBUTE_NAME = re.compile(r"attribute (\S+)|Attribute (\S+) redefined")
_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)\b", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")

_E = etree.ErrorTypes
_BROKEN_TAG = "a broken tag ({detail}): check its quotes and its closing '>'"
_SYNTAX_MESSAGES: dict[int, str] = {
    _E.ERR_LT_IN_ATTRIBUTE: "a '<' inside an attribute value: a broken tag (an unclosed "
    "quote?), or write &lt; for the character",
    _E.ERR_ATTRIBUTE_NOT_STARTED: _BROKEN_TAG,
    _E.ERR_ATTRIBUTE_NOT_FINISHED: _BROKEN_TAG,
    _E.ERR_SPACE_REQUIRED: _BROKEN_TAG,
    _E.ERR_GT_REQUIRED: _BROKEN_TAG,
    _E.ERR_LTSLASH_REQUIRED: _BROKEN_TAG,
    _E.ERR_TAG_NOT_FINISHED: _BROKEN_TAG,
    _E.ERR_RESERVED_XML_NAME: "<?xml ...?> is not allowed (no XML declaration and no "
    "processing instructions)",
    _E.ERR_INVALID_CHAR: "a character XML does not allow ({detail}); control characters "
    "such as form feed cannot be written, not even as &#...;",
    _E.ERR_INVALID_DEC_CHARREF: "a broken character reference ({detail})",
    _E.ERR_INVALID_HEX_CHARREF: "a broken character reference ({detail})",
    _E.ERR_ENTITYREF_SEMICOL_MISSING: "a character reference without its ';' (or a bare "
    "'&': write &amp;)",
    _E.ERR_HYPHEN_IN_COMMENT: "'--' inside a comment is not allowed",
    _E.ERR_COMMENT_NOT_FINISHED: "a comment is never closed (add -->)",
    _E.ERR_MISPLACED_CDATA_END: "']]>' is not allowed in text; write ]]&gt;",
    _E.NS_ERR_UNDEFINED_NAMESPACE: "prefixed names such as <x:p> are not allowed (the markup "
    "uses no namespaces)",
}


def _syntax_error(markup: str, source: str, error: etree.XMLSyntaxError) -> MarkupError:
    """A MarkupError for markup that is not well-formed, at its line and template marker."""
    line, column = error.position
    detail = _LIBXML_POSITION.sub("", error.msg or "")
    offset = _offset_of(markup, line, column)
    message, line, offset = _describe_syntax_error(markup, error.code, detail, line, offset)
    return _located(message, source, line, _marker_in_text(markup, offset))


def _describe_syntax_error(
    markup: str, code: int, detail: str, line: int, offset: int
) -> tuple[str, int, int]:
    """The message, the markup line and the offset (for the marker) of a libxml2 error."""
    if code == _E.ERR_TAG_NAME_MISMATCH and (mismatch := _MISMATCH.match(detail)):
        return _describe_mismatch(markup, mismatch, line, offset)
    if code == _E.ERR_NAME_REQUIRED:
        return _describe_name_required(markup, detail, offset), line, offset
    if code == _E.ERR_UNDECLARED_ENTITY:
        return _describe_entity(detail), line, offset
    if code in (_E.ERR_ATTRIBUTE_WITHOUT_VALUE, _E.ERR_ATTRIBUTE_REDEFINED):
        return _describe_attribute(code, detail), line, offset
    if code == _E.ERR_INVALID_ENCODING and (surrogate := _SURROGATE.search(markup)):
        offset = surrogate.start()
        line = markup.count("\n", 0, offset) + 1
        return "a lone surrogate code point (not valid text)", line, offset
    template = _SYNTAX_MESSAGES.get(code, "the markup is not well-formed XHTML: {detail}")
    return template.format(detail=detail), line, offset


def _describe_entity(detail: str) -> str:
    found = _QUOTED_NAME.search(detail)
    entity = f"&{found[1]};" if found else "this entity"
    return (
        f"{entity} is not defined: write the character itself or a numeric reference "
        "(&#160; for a no-break space); only &amp; &lt; &gt; &quot; &apos; are named"
    )


def _describe_attribute(code: int, detail: str) -> str:
    found = _ATTRIBUTE_NAME.search(detail)
    name = (found[1] or found[2]) if found else "?"
    if code == _E.ERR_ATTRIBUTE_REDEFINED:
        return f"the attribute '{name}' is given twice"
    return f"the attribute '{name}' needs a value ({name}=\"...\")"


def _describe_mismatch(
    markup: str, mismatch: re.Match[str], line: int, offset: int
) -> tuple[str, int, int]:
    """An end tag that does not match the open element (or the end of the markup)."""
    open_tag, close_tag = mismatch[1], mismatch[3]
    open_line = int(mismatch[2])
    open_offset = _tag_offset(markup, open_tag, open_line)
    if open_tag in _VOID:
        return f"<{open_tag}> is an empty element: write <{open_tag}/>", open_line, open_offset
    if close_tag == _ROOT:
        return f"<{open_tag}> is never closed (add </{open_tag}>)", open_line, open_offset
    if open_tag == _ROOT:
        return f"</{close_tag}> without an open <{close_tag}>", line, offset
    place = _place(open_line, _marker_in_text(markup, open_offset))
    message = f"</{close_tag}> while <{open_tag}> from {place} is still open"
    if open_tag.lower() == close_tag.lower():
        message += " (element names are lower case)"
    return message, line, offset


def _describe_name_required(markup: str, detail: str, offset: int) -> str:
    start = markup.rfind("<", 0, offset)
    if start >= 0 and _DECLARATION.match(markup, start):
        return (
            "<!DOCTYPE>, <!ENTITY> and other declarations are not allowed (the markup is "
            "XHTML without a DTD)"
        )
    if detail.startswith("xmlParseEntityRef"):
        return "a '&' that does not start a character reference (write &amp; for the character)"
    if detail.startswith("StartTag"):
        return (
            "a '<' that does not start a valid tag (a broken tag, or write &lt; for the character)"
        )
    return _BROKEN_TAG.format(detail=detail)


def _line_start(markup: str, line: int) -> int:
    """The offset where a line (counted from 1) starts; the end for a line past the end."""
    position = 0
    for _ in range(line - 1):
        position = markup.find("\n", position) + 1
        if position == 0:
            return len(markup)
    return position


def _offset_of(markup: str, line: int, column: int) -> int:
    """The offset in the markup of libxml2's (line, column) in the wrapped markup."""
    start = _line_start(markup, line)
    if line == 1:
        column -= len(_OPEN_ROOT)
    return min(max(start, start + column - 1), len(markup))


def _tag_offset(markup: str, tag: str, line: int) -> int:
    """Where the start tag ``<tag`` on a line starts (the line's start if it is not found)."""
    start = _line_start(markup, line)
    found = re.compile(rf"<{re.escape(tag)}[\s/>]").search(markup, start)
    return found.start() if found is not None else start


def _marker_in_text(markup: str, end: int) -> _Marker | None:
    """The last well-formed template marker that starts before ``end`` (a cheap scan)."""
    position = markup.rfind("<!--@", 0, end)
    while position >= 0:
        close = markup.find("-->", position)
        if close >= 0:
            match = _MARKER.match(markup, position + 4, close)
            if match is not None:
                return _Marker(match["source"], int(match["line"]))
        position = markup.rfind("<!--@", 0, position)
    return None


# ---------------------------------------------------------------- locating errors in the tree

# XPath expressions, used through .xpath(): an XPath object refuses a comment as its context.
_PRECEDING_MARKER = "preceding::comment()[starts-with(., '@')][1]"
_LAST_MARKER_WITHIN = "(descendant-or-self::comment()[starts-with(., '@')])[last()]"


def _marker_of(comments: list[etree._Element]) -> _Marker | None:
    for comment in comments:
        match = _MARKER.match(comment.text or "")
        if match is not None:
            return _Marker(match["source"], int(match["line"]))
    return None


def _marker_before(node: etree._Element) -> _Marker | None:
    """The template marker in effect where ``node`` starts."""
    return _marker_of(node.xpath(_PRECEDING_MARKER))


def _marker_after(node: etree._Element) -> _Marker | None:
    """The template marker in effect just after ``node`` (and all it holds)."""
    return _marker_of(node.xpath(_LAST_MARKER_WITHIN)) or _marker_before(node)


def _end_line(node: etree._Element) -> int:
    """The line where ``node`` ends: that of its last descendant plus the newlines after it.

    libxml2 records the line of an element's start tag (of its '>') and of a comment's end;
    the newlines in the text and tails that follow, up to ``node``'s end tag, are counted.
    """
    last = node
    for last in node.iter():  # noqa: B007 - the last node in document order is wanted
        pass
    line: int = last.sourceline or 1
    if isinstance(last.tag, str) and last.text:
        line += last.text.count("\n")
    while last is not node:
        if last.tail:
            line += last.tail.count("\n")
        last = last.getparent()
    return line


def _inside(tag: str) -> str:
    return "at the top level" if tag == _ROOT else f"inside <{tag}>"


def _allowed_children(tag: str) -> str:
    names = sorted(_SPECS[tag].children)
    if not names:
        return f"<{tag}> holds only text"
    return "allowed here: " + ", ".join(f"<{name}>" for name in names)


def _name_hint(tag: str) -> str:
    if tag.startswith("{"):
        return " (the markup uses no namespaces: leave out xmlns)"
    if tag != tag.lower() and tag.lower() in _SPECS:
        return " (element names are lower case)"
    return ""


_MIXED_FLOW = "a <{tag}> holds either inline content or <p> paragraphs, not both"
_MIXED_CELL_FLOW = (
    "a <{tag}> holds either inline content or <p> paragraphs and lists (<ul>, <ol>), not both"
)


# ---------------------------------------------------------------- the walk

_T = TypeVar("_T")
_Choice = TypeVar("_Choice", bound=str)


@dataclass(slots=True)
class _TableBuilder:
    table: Table
    row_elements: list[etree._Element] = field(default_factory=list)  # to locate errors
    row_widths: list[int] = field(default_factory=list)  # the sum of each row's colspans
    spanning_rows: list[int] = field(default_factory=list)  # group rows without colspan
    has_colgroup: bool = False
    has_body_rows: bool = False


class _Walker:
    """The state of one walk over the tree, and the checks the element handlers share."""

    __slots__ = ("_source", "_assets", "_seen", "properties", "blocks")

    def __init__(self, source: str, assets: Mapping[str, tuple[bytes, str]]) -> None:
        self._source = source
        self._assets = assets
        self._seen: set[str] = set()  # the document parts met so far
        self.properties = Properties()
        self.blocks: list[Block] = []

    def document(self, root: etree._Element) -> Document:
        _walk(self, root, _ROOT_CHILDREN, self.blocks)
        _link_headings(self.blocks)
        return Document(blocks=self.blocks, properties=self.properties)

    # ------------------------------------------------------------ errors
    def error(self, message: str, node: etree._Element) -> MarkupError:
        """An error at an element (its start tag), a comment or a processing instruction."""
        return _located(message, self._source, node.sourceline or 1, _marker_before(node))

    def misplaced(self, node: etree._Element, context: str) -> MarkupError:
        """A node that may not stand in ``context`` (an element's tag)."""
        tag = node.tag
        if tag is _PI:
            return self.error(
                f"<?{node.target} ...?> is not allowed (no processing instructions)", node
            )
        if not isinstance(tag, str):
            return self.error(f"{node!r} is not allowed", node)
        if tag not in _SPECS or tag == _ROOT:
            return self.error(
                f"unknown element <{tag}>{_name_hint(tag)}; {_allowed_children(context)}", node
            )
        return self.error(
            f"<{tag}> is not allowed {_inside(context)}; {_allowed_children(context)}", node
        )

    def text_error(self, owner: etree._Element, text: str, *, tail: bool) -> MarkupError:
        """Text that may not stand where it is: ``owner``'s text, or its tail."""
        start = len(text) - len(text.lstrip(_HTML_WHITESPACE))
        if tail:
            line, marker = _end_line(owner), _marker_after(owner)
            context = owner.getparent().tag
        else:
            line, marker = owner.sourceline or 1, _marker_before(owner)
            context = owner.tag
        line += text.count("\n", 0, start)
        if context in _FLOW_CONTAINERS:
            return _located(_MIXED_FLOW.format(tag=context), self._source, line, marker)
        excerpt = text.strip(_HTML_WHITESPACE)
        if len(excerpt) > 30:
            excerpt = excerpt[:30] + "…"
        message = f"text {excerpt!r} is not allowed {_inside(context)}; put it in a <p>"
        return _located(message, self._source, line, marker)

    # ------------------------------------------------------------ checks
    def attributes(self, element: etree._Element) -> list[str]:
        """The attribute names of an element, each checked against its spec."""
        names: list[str] = element.keys()
        if names:
            self.check_attributes(element, names)
        return names

    def check_attributes(self, element: etree._Element, names: list[str]) -> None:
        allowed = _SPECS[element.tag].attributes
        for name in names:
            if name not in allowed:
                listed = ", ".join(sorted(allowed)) or "none"
                raise self.error(
                    f"<{element.tag}> has no attribute '{name}' (allowed: {listed})", element
                )

    def empty(self, element: etree._Element) -> None:
        """An empty element (``<br/>``) holds nothing, not even a comment."""
        if element.text is not None or len(element):
            raise self.error(
                f"<{element.tag}> is an empty element: write <{element.tag}/>", element
            )

    def singleton(self, element: etree._Element) -> None:
        tag = element.tag
        if tag in self._seen:
            raise self.error(f"a second <{tag}>; the document has only one", element)
        self._seen.add(tag)

    def comment(self, node: etree._Element) -> None:
        """Comments are ignored, but one that starts with '@' must be a template marker."""
        text = node.text
        if text and text[0] == "@" and _MARKER.match(text) is None:
            raise self.error(
                f"a template marker must read <!--@ file:line -->, not <!--{text}-->", node
            )

    def choice(
        self, element: etree._Element, name: str, choices: tuple[_Choice, ...]
    ) -> _Choice | None:
        value = element.get(name)
        if value is None:
            return None
        for choice in choices:
            if value == choice:
                return choice
        raise self.error(f"{name}={value!r} must be one of: {', '.join(choices)}", element)

    def align_of(self, element: etree._Element) -> Align | None:
        return self.choice(element, "align", _ALIGNS)

    def whole_number(
        self, element: etree._Element, name: str, default: int, bounds: tuple[int, int]
    ) -> int:
        value = element.get(name)
        if value is None:
            return default
        low, high = bounds
        if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
            raise self.error(f"{name}={value!r} must be a whole number {low}–{high}", element)
        return int(value)

    def shade_of(self, element: etree._Element, value: str) -> str:
        if value in SHADE_PALETTE:
            return SHADE_PALETTE[value]
        match = _HEX_COLOR.match(value)
        if match is None:
            names = ", ".join(SHADE_PALETTE)
            raise self.error(
                f"data-shade={value!r} must be a palette name ({names}) or #RRGGBB", element
            )
        return match[1].upper()

    def image_of(self, element: etree._Element) -> Image:
        self.attributes(element)
        self.empty(element)
        src = element.get("src")
        if src is None:
            raise self.error('<img> needs src="..." naming a file of the template', element)
        if src not in self._assets:
            known = ", ".join(sorted(self._assets)) or "none"
            raise self.error(f"<img src={src!r}>: no such image (available: {known})", element)
        width = element.get("width")
        if width is None:
            raise self.error('<img> needs a width, e.g. width="4cm"', element)
        data, filename = self._assets[src]
        return Image(data, filename, self.length_cm(element, width), self.align_of(element))

    def length_cm(self, element: etree._Element, value: str) -> float:
        match = _LENGTH.match(value)
        if match is None:
            raise self.error(f"width {value!r} must be a length like 4cm or 25mm", element)
        width = float(match[1]) * _LENGTH_UNITS_CM[match[2]]
        if not 0 < width <= MAX_IMAGE_CM:
            raise self.error(f"width {value!r} must be above 0 and at most 50cm", element)
        return width

    def checked_href(self, element: etree._Element, href: str) -> str:
        parts = _split_url(href)
        if parts is None:
            raise self.error(
                f"<a href={href!r}>: not a valid address (spaces, control characters or a "
                "broken host)",
                element,
            )
        scheme = parts.scheme.lower()
        if scheme not in _LINK_SCHEMES:
            raise self.error(
                f"<a href={href!r}>: only http:, https: and mailto: links are allowed", element
            )
        if scheme == "mailto" and not parts.path:
            raise self.error(f"<a href={href!r}>: the mailto: link has no address", element)
        if scheme != "mailto" and not parts.netloc:
            raise self.error(f"<a href={href!r}>: the link has no host", element)
        return href


def _split_url(url: str) -> SplitResult | None:
    """The parts of a URL; None when it holds spaces or controls, or does not parse."""
    if _URL_FORBIDDEN.search(url):
        return None
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 host
        return None


def _is_iso_date(value: str) -> bool:
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parse(value)
        except ValueError:
            continue
        return True
    return False


# ---------------------------------------------------------------- the hot loops
# A handler gets (walker, element, target): the target is what the element adds to (a list
# of blocks, a list block, a table). Inline handlers get (walker, element, builder, format).

_Handler = Callable[[_Walker, etree._Element, _T], None]
_InlineHandler = Callable[[_Walker, etree._Element, _InlineBuilder, _Format], None]


def _walk(
    walker: _Walker, parent: etree._Element, handlers: Mapping[object, _Handler[_T]], target: _T
) -> None:
    """The children of a container without text of its own: elements, comments, blank text."""
    text = parent.text
    if text is not None and text.strip(_HTML_WHITESPACE):
        raise walker.text_error(parent, text, tail=False)
    for child in parent[:]:  # a list of the children: quicker than iterating
        handler = handlers.get(child.tag)
        if handler is None:
            raise walker.misplaced(child, parent.tag)
        handler(walker, child, target)
        tail = child.tail
        if tail is not None and tail.strip(_HTML_WHITESPACE):
            raise walker.text_error(child, tail, tail=True)


def _walk_inlines(
    walker: _Walker,
    parent: etree._Element,
    handlers: Mapping[object, _InlineHandler],
    builder: _InlineBuilder,
    fmt: _Format,
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


def _flow_paragraphs(
    walker: _Walker, element: etree._Element, style: str | None, *, lists: bool = False
) -> list[Paragraph | ListBlock]:
    """The blocks of a list item or cell: its <p>s (and, in a cell, ``lists``, its <ul>s and
    <ol>s), or one paragraph for its inline content."""
    text = element.text
    if not len(element):  # the common case: text only
        return [Paragraph(_plain_inlines(text) if text else [], style, None)]
    builder = _InlineBuilder()
    if text is not None:
        builder.add_text(text, _PLAIN)
    mixed = _MIXED_CELL_FLOW if lists else _MIXED_FLOW
    paragraphs: list[Paragraph | ListBlock] | None = None  # None: inline content so far
    for child in element[:]:
        tag = child.tag
        if tag == "p" or (lists and (tag == "ul" or tag == "ol")):
            if paragraphs is None:
                if builder.has_content:
                    raise walker.error(mixed.format(tag=element.tag), child)
                paragraphs = []
            if tag == "p":
                paragraphs.append(_paragraph(walker, child, style))
            else:
                _block_list(walker, child, paragraphs)  # type: ignore[arg-type]
        elif paragraphs is None:
            handler = _INLINE_HANDLERS.get(tag)
            if handler is None:
                raise walker.misplaced(child, element.tag)
            handler(walker, child, builder, _PLAIN)
        elif tag is _Comment:
            walker.comment(child)
        elif tag in _INLINE:
            raise walker.error(mixed.format(tag=element.tag), child)
        else:
            raise walker.misplaced(child, element.tag)
        tail = child.tail
        if tail is not None:
            if paragraphs is None:
                builder.add_text(tail, _PLAIN)
            elif tail.strip(_HTML_WHITESPACE):
                raise walker.text_error(child, tail, tail=True)
    if paragraphs is None:
        return [Paragraph(builder.finish(), style, None)]
    return paragraphs


def _plain_inlines(text: str) -> list[Inline]:
    """The inlines of an element that holds only text (what _InlineBuilder makes of it)."""
    if "\n" in text or "  " in text or "\t" in text or "\r" in text or "\f" in text:
        text = _WHITESPACE_RUN.sub(" ", text)  # collapse_whitespace, inlined: hot
    text = text.strip(" ")
    return [_new_text(text, False, False, None)] if text else []


def _inline_content(walker: _Walker, element: etree._Element) -> list[Inline]:
    """The inlines of a paragraph or heading."""
    if not len(element):
        text = element.text
        return _plain_inlines(text) if text else []
    builder = _InlineBuilder()
    _walk_inlines(walker, element, _INLINE_HANDLERS, builder, _PLAIN)
    return builder.finish()


def _paragraph(walker: _Walker, element: etree._Element, default_style: str | None) -> Paragraph:
    names = element.keys()
    if not names:
        return Paragraph(_inline_content(walker, element), default_style, None)
    walker.check_attributes(element, names)
    style = walker.choice(element, "class", PARAGRAPH_CLASSES) or default_style
    align = walker.align_of(element)
    return Paragraph(_inline_content(walker, element), style, align)


# ---------------------------------------------------------------- comments and document parts


def _comment(walker: _Walker, node: etree._Element, target: object) -> None:
    walker.comment(node)


def _inline_comment(
    walker: _Walker, node: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    walker.comment(node)


def _part_html(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    lang = element.get("lang")
    if lang is not None:
        if not _LANGUAGE_TAG.match(lang):
            raise walker.error(f"lang={lang!r} must be a language tag like da-DK", element)
        walker.properties.language = lang
    _walk(walker, element, _HTML_CHILDREN, out)


def _part_head(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    _walk(walker, element, _HEAD_CHILDREN, walker.properties)


def _part_body(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    _walk(walker, element, _BODY_CHILDREN, out)


def _part_header(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    builder = _InlineBuilder()
    _walk_inlines(walker, element, _HEADER_HANDLERS, builder, _PLAIN)
    walker.properties.header = builder.finish()


def _part_footer(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.singleton(element)
    walker.attributes(element)
    builder = _InlineBuilder()
    _walk_inlines(walker, element, _INLINE_HANDLERS, builder, _PLAIN)
    walker.properties.footer = builder.finish()


def _head_meta(walker: _Walker, element: etree._Element, properties: Properties) -> None:
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
    if name not in _META_NAMES:
        known = ", ".join(_META_NAMES)
        raise walker.error(f"<meta name={name!r}>: the names are {known}", element)
    if name == "created" and content and not _is_iso_date(content):
        raise walker.error(f"<meta name='created'> {content!r} is not an ISO date", element)
    setattr(properties, name, content.strip(_HTML_WHITESPACE))


# ---------------------------------------------------------------- blocks


def _block_heading(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    out.append(Heading(_HEADING_LEVELS[element.tag], _inline_content(walker, element)))


_HEADING_LEVELS = {"h1": 1, "h2": 2, "h3": 3}


def _block_paragraph(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    out.append(_paragraph(walker, element, None))


def _block_list(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    list_block = ListBlock(items=[], ordered=element.tag == "ol")
    out.append(list_block)
    _walk(walker, element, _LIST_CHILDREN, list_block)


def _list_item(walker: _Walker, element: etree._Element, list_block: ListBlock) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    list_block.items.append(_flow_paragraphs(walker, element, None))  # type: ignore[arg-type]


def _block_pagebreak(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    walker.empty(element)
    out.append(PageBreak())


def _block_toc(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    walker.empty(element)
    levels = walker.whole_number(element, "levels", 2, (1, 3))
    title = collapse_whitespace(element.get("title", "")).strip(" ")
    hint = collapse_whitespace(element.get("hint", "")).strip(" ")
    out.append(TableOfContents(title=title, levels=levels, hint=hint))


def _block_section(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    orientation = walker.choice(element, "orientation", _ORIENTATIONS)
    blocks: list[Block] = []
    out.append(Section(blocks, orientation or "landscape"))
    _walk(walker, element, _SECTION_CHILDREN, blocks)


def _block_cover(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    blocks: list[Block] = []
    out.append(Cover(blocks))
    _walk(walker, element, _COVER_CHILDREN, blocks)


def _block_image(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    out.append(walker.image_of(element))


# ---------------------------------------------------------------- tables


def _block_table(walker: _Walker, element: etree._Element, out: list[Block]) -> None:
    walker.attributes(element)
    style = walker.choice(element, "class", TABLE_CLASSES)
    builder = _TableBuilder(Table(rows=[], style=style or DEFAULT_TABLE_CLASS))
    out.append(builder.table)
    _walk(walker, element, _TABLE_CHILDREN, builder)
    _check_rows(walker, element, builder)


def _check_rows(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    """Every row fills the table; a group cell without colspan spans it."""
    table, widths = builder.table, builder.row_widths
    if not table.rows:
        raise walker.error("<table> has no rows", element)
    columns = len(table.widths) if table.widths else max(widths)  # Table.column_count
    for index in builder.spanning_rows:
        table.rows[index].cells[0].colspan = widths[index] = columns
    for width, row_element in zip(widths, builder.row_elements, strict=True):
        if width != columns:
            raise walker.error(
                f"this row has {_columns(width)}, the table has {columns} "
                "(count colspan; rowspan is not supported)",
                row_element,
            )


def _columns(count: int) -> str:
    return f"{count} column" if count == 1 else f"{count} columns"


def _table_colgroup(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    walker.attributes(element)
    if builder.has_colgroup or builder.table.rows:
        raise walker.error("<colgroup> comes once, before the rows", element)
    builder.has_colgroup = True
    _walk(walker, element, _COLGROUP_CHILDREN, builder)


def _table_col(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    walker.empty(element)
    value = element.get("width", "1")
    try:
        weight = float(value)
    except ValueError:
        weight = math.nan
    if not (math.isfinite(weight) and weight > 0):
        raise walker.error(
            f"<col width={value!r}>: the width is a positive number (a weight)", element
        )
    if "span" in names:
        span = walker.whole_number(element, "span", 1, (1, MAX_COLUMNS))
        builder.table.widths.extend([weight] * span)
    else:
        builder.table.widths.append(weight)


def _table_head(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    walker.attributes(element)
    if builder.has_body_rows:
        raise walker.error("<thead> must come before the body rows", element)
    _walk(walker, element, _HEAD_ROWS, builder)


def _table_body(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    walker.attributes(element)
    _walk(walker, element, _BODY_ROWS, builder)


def _head_row(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    _table_row(walker, element, builder, header=True)


def _body_row(walker: _Walker, element: etree._Element, builder: _TableBuilder) -> None:
    _table_row(walker, element, builder, header=False)


def _table_row(
    walker: _Walker, element: etree._Element, builder: _TableBuilder, *, header: bool
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    group = bool(names) and walker.choice(element, "class", ("group",)) == "group"
    cells: list[Cell] = []
    width = 0
    builder.table.rows.append(Row(cells, header, group))
    builder.row_elements.append(element)
    builder.has_body_rows = builder.has_body_rows or not header
    text = element.text
    if text is not None and text.strip(_HTML_WHITESPACE):
        raise walker.text_error(element, text, tail=False)
    for child in element[:]:  # _walk, unrolled: a report is mostly table cells
        tag = child.tag
        if tag == "td" or tag == "th":
            cell = _table_cell(walker, child, tag)
            cells.append(cell)
            width += cell.colspan
        elif tag is _Comment:
            walker.comment(child)
        else:
            raise walker.misplaced(child, "tr")
        tail = child.tail
        if tail is not None and tail.strip(_HTML_WHITESPACE):
            raise walker.text_error(child, tail, tail=True)
    if group and len(cells) != 1:
        raise walker.error("a group row (class='group') has exactly one cell", element)
    if not cells:
        raise walker.error("<tr> has no cells", element)
    if group and _first_cell(element).get("colspan") is None:
        builder.spanning_rows.append(len(builder.row_widths))  # the cell spans the table
    builder.row_widths.append(width)


def _first_cell(row: etree._Element) -> etree._Element:
    return next(child for child in row if child.tag in ("td", "th"))


def _table_cell(walker: _Walker, element: etree._Element, tag: str) -> Cell:
    colspan, shade, align = 1, None, None
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
        if "colspan" in names:
            colspan = walker.whole_number(element, "colspan", 1, (1, MAX_COLUMNS))
        if "data-shade" in names:
            shade = walker.shade_of(element, element.get("data-shade"))
        if "align" in names:
            align = walker.align_of(element)
    if len(element):
        paragraphs = _flow_paragraphs(walker, element, CELL_PARAGRAPH_CLASS, lists=True)
    else:
        text = element.text
        inlines = _plain_inlines(text) if text else []
        paragraphs = [Paragraph(inlines, CELL_PARAGRAPH_CLASS, None)]
    return Cell(paragraphs, colspan, shade, align, tag == "th")


# ---------------------------------------------------------------- inlines


def _inline_strong(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    _walk_inlines(walker, element, _INLINE_HANDLERS, builder, _BOLD[fmt])


def _inline_em(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    _walk_inlines(walker, element, _INLINE_HANDLERS, builder, _ITALIC[fmt])


def _inline_span(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    walker.attributes(element)
    if element.get("class") != "late":
        raise walker.error('<span> needs class="late" (the only span class)', element)
    _walk_inlines(walker, element, _INLINE_HANDLERS, builder, _LATE[fmt])


def _inline_break(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    names = element.keys()
    if names:
        walker.check_attributes(element, names)
    walker.empty(element)
    builder.add_break()


def _inline_link(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    walker.attributes(element)
    href = element.get("href")
    if href is None:
        raise walker.error('<a> needs href="https://…" or "mailto:…"', element)
    walker.checked_href(element, href)
    if not builder.add_link(_text_only(walker, element), href):
        raise walker.error("<a> has no text", element)


def _inline_field(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    walker.attributes(element)
    code = element.get("code")
    if code not in FIELD_CODES:
        raise walker.error(f"<field> needs code= one of: {', '.join(FIELD_CODES)}", element)
    cached = collapse_whitespace(_text_only(walker, element)).strip(" ")
    builder.add_field(code, cached or "1")


def _text_only(walker: _Walker, element: etree._Element) -> str:
    """The text of an element that holds only text (comments aside)."""
    if not len(element):
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if child.tag is not _Comment:
            raise walker.misplaced(child, element.tag)
        walker.comment(child)
        parts.append(child.tail or "")
    return "".join(parts)


def _header_image(
    walker: _Walker, element: etree._Element, builder: _InlineBuilder, fmt: _Format
) -> None:
    image = walker.image_of(element)
    if builder.has_content or walker.properties.header_logo is not None:
        raise walker.error("the logo <img> comes first in <header>, once", element)
    walker.properties.header_logo = image


# ---------------------------------------------------------------- dispatch tables

_BLOCK_HANDLERS: dict[str, _Handler[list[Block]]] = {
    "html": _part_html,
    "head": _part_head,
    "body": _part_body,
    "header": _part_header,
    "footer": _part_footer,
    "h1": _block_heading,
    "h2": _block_heading,
    "h3": _block_heading,
    "p": _block_paragraph,
    "ul": _block_list,
    "ol": _block_list,
    "table": _block_table,
    "pagebreak": _block_pagebreak,
    "toc": _block_toc,
    "section": _block_section,
    "cover": _block_cover,
    "img": _block_image,
}


def _block_context(tag: str) -> dict[object, _Handler[list[Block]]]:
    """The handlers of what may stand in a block container (and comments)."""
    handlers: dict[object, _Handler[list[Block]]] = {
        child: _BLOCK_HANDLERS[child] for child in _SPECS[tag].children
    }
    handlers[_Comment] = _comment
    return handlers


_ROOT_CHILDREN = _block_context(_ROOT)
_HTML_CHILDREN = _block_context("html")
_BODY_CHILDREN = _block_context("body")
_SECTION_CHILDREN = _block_context("section")
_COVER_CHILDREN = _block_context("cover")
_HEAD_CHILDREN: dict[object, _Handler[Properties]] = {"meta": _head_meta, _Comment: _comment}
_LIST_CHILDREN: dict[object, _Handler[ListBlock]] = {"li": _list_item, _Comment: _comment}
_TABLE_CHILDREN: dict[object, _Handler[_TableBuilder]] = {
    "colgroup": _table_colgroup,
    "thead": _table_head,
    "tbody": _table_body,
    "tr": _body_row,
    _Comment: _comment,
}
_COLGROUP_CHILDREN: dict[object, _Handler[_TableBuilder]] = {"col": _table_col, _Comment: _comment}
_HEAD_ROWS: dict[object, _Handler[_TableBuilder]] = {"tr": _head_row, _Comment: _comment}
_BODY_ROWS: dict[object, _Handler[_TableBuilder]] = {"tr": _body_row, _Comment: _comment}
_INLINE_HANDLERS: dict[object, _InlineHandler] = {
    "strong": _inline_strong,
    "em": _inline_em,
    "span": _inline_span,
    "br": _inline_break,
    "a": _inline_link,
    "field": _inline_field,
    _Comment: _inline_comment,
}
_HEADER_HANDLERS: dict[object, _InlineHandler] = {**_INLINE_HANDLERS, "img": _header_image}


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
    return _Walker(source, assets or {}).document(root)

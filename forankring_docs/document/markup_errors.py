"""The errors of the markup parser, and where they are: the markup line and template marker.

A template writes ``<!--@ report.html.j2:42 -->`` markers into its output, so that an error
names the template's own file and line. What locates an error is worked out only when there is
one: libxml2's syntax errors are reworded here in the terms of the subset (with the line of the
open element for a mismatched end tag), and an error in the tree finds its marker by XPath.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.vocabulary import OPEN_ROOT, ROOT, VOID
from forankring_docs.errors import ForankringError

# ---------------------------------------------------------------- errors


#: A template marker's text: ``@ file:line``.
MARKER = re.compile(r"@\s*(?P<source>\S(?:.*\S)?):(?P<line>\d+)\s*\Z")


class MarkupError(ForankringError):
    """The markup leaves the subset. ``source:line`` says where.

    Without a template marker, ``source`` is the name given to :func:`parse_markup` and
    ``line`` the line in the markup (the caller maps it to a template line). After a marker
    comment ``<!--@ report.html.j2:42 -->`` they are the marker's template file and line.
    ``html_line`` is always the line in the markup.
    """

    code = "T103"

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
        return f"{text} [{self.code}]"

    def format(self) -> str:
        return str(self)


class Marker(NamedTuple):
    """A template position announced by a ``<!--@ file:line -->`` comment."""

    source: str
    line: int


def located(message: str, source: str, html_line: int, marker: Marker | None) -> MarkupError:
    """An error at a markup line, named by the template marker in effect there if any."""
    if marker is None:
        return MarkupError(message, source, html_line)
    return MarkupError(message, marker.source, marker.line, html_line=html_line)


def _place(html_line: int, marker: Marker | None) -> str:
    """A start position for a message: the template's file:line after a marker, else the line."""
    if marker is None:
        return f"line {html_line}"
    return f"{marker.source}:{marker.line}"


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


def syntax_error(markup: str, source: str, error: etree.XMLSyntaxError) -> MarkupError:
    """A MarkupError for markup that is not well-formed, at its line and template marker."""
    line, column = error.position
    detail = _LIBXML_POSITION.sub("", error.msg or "")
    offset = _offset_of(markup, line, column)
    message, line, offset = _describe_syntax_error(markup, error.code, detail, line, offset)
    return located(message, source, line, marker_in_text(markup, offset))


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
    if open_tag in VOID:
        return f"<{open_tag}> is an empty element: write <{open_tag}/>", open_line, open_offset
    if close_tag == ROOT:
        return f"<{open_tag}> is never closed (add </{open_tag}>)", open_line, open_offset
    if open_tag == ROOT:
        return f"</{close_tag}> without an open <{close_tag}>", line, offset
    place = _place(open_line, marker_in_text(markup, open_offset))
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
        column -= len(OPEN_ROOT)
    return min(max(start, start + column - 1), len(markup))


def _tag_offset(markup: str, tag: str, line: int) -> int:
    """Where the start tag ``<tag`` on a line starts (the line's start if it is not found)."""
    start = _line_start(markup, line)
    found = re.compile(rf"<{re.escape(tag)}[\s/>]").search(markup, start)
    return found.start() if found is not None else start


def marker_in_text(markup: str, end: int) -> Marker | None:
    """The last well-formed template marker that starts before ``end`` (a cheap scan)."""
    position = markup.rfind("<!--@", 0, end)
    while position >= 0:
        close = markup.find("-->", position)
        if close >= 0:
            match = MARKER.match(markup, position + 4, close)
            if match is not None:
                return Marker(match["source"], int(match["line"]))
        position = markup.rfind("<!--@", 0, position)
    return None


# ---------------------------------------------------------------- locating errors in the tree

# XPath expressions, used through .xpath(): an XPath object refuses a comment as its context.
_PRECEDING_MARKER = "preceding::comment()[starts-with(., '@')][1]"
_LAST_MARKER_WITHIN = "(descendant-or-self::comment()[starts-with(., '@')])[last()]"


def _marker_of(comments: list[etree._Element]) -> Marker | None:
    for comment in comments:
        match = MARKER.match(comment.text or "")
        if match is not None:
            return Marker(match["source"], int(match["line"]))
    return None


def marker_before(node: etree._Element) -> Marker | None:
    """The template marker in effect where ``node`` starts."""
    return _marker_of(node.xpath(_PRECEDING_MARKER))


def marker_after(node: etree._Element) -> Marker | None:
    """The template marker in effect just after ``node`` (and all it holds)."""
    return _marker_of(node.xpath(_LAST_MARKER_WITHIN)) or marker_before(node)


def end_line(node: etree._Element) -> int:
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

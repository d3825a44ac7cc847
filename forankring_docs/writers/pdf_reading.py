"""What a PDF from LibreOffice says of itself: the page of each heading (its outline, the
bookmarks LibreOffice exports from the headings) and the fonts it embeds.

A small reader for the files LibreOffice writes (a classic cross-reference table, objects
that are not compressed into object streams), bounded in what it reads: a PDF it cannot
follow gives no outline and no fonts, never an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["PdfFacts", "read_pdf_facts"]

_OBJECT_MAX = 65536  # bytes of one object's dictionary that are read at most
_OUTLINE_MAX = 10000  # outline items followed at most
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_XREF_SECTION = re.compile(rb"(\d+) (\d+)\s*\n")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_REF = rb"\s+(\d+)\s+\d+\s+R"
_ROOT = re.compile(rb"/Root" + _REF)
_PAGES = re.compile(rb"/Pages" + _REF)
_OUTLINES = re.compile(rb"/Outlines" + _REF)
_KIDS = re.compile(rb"/Kids\s*\[([^\]]*)\]")
_REFS = re.compile(rb"(\d+)\s+\d+\s+R")
_TYPE_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_FIRST = re.compile(rb"/First" + _REF)
_NEXT = re.compile(rb"/Next" + _REF)
_DEST = re.compile(rb"/(?:Dest|D)\s*\[\s*(\d+)\s+\d+\s+R")
_TITLE_HEX = re.compile(rb"/Title\s*<([0-9A-Fa-f\s]*)>")
_TITLE_LITERAL = re.compile(rb"/Title\s*\(((?:\\.|[^\\)])*)\)", re.S)
_FONT_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]<>()]+)")
_STREAM = re.compile(rb">>\s*stream\r?\n")


@dataclass(frozen=True, slots=True)
class PdfFacts:
    """``outline``: (title, page number from 1) of each bookmark, in document order;
    ``fonts``: the PostScript names of the embedded fonts, without a subset's prefix."""

    outline: list[tuple[str, int]] = field(default_factory=list)
    fonts: frozenset[str] = frozenset()


def read_pdf_facts(data: bytes) -> PdfFacts:
    """The outline and the fonts of a PDF (empty for a PDF this reader cannot follow)."""
    objects = _Objects.of(data)
    if objects is None:
        return PdfFacts()
    fonts = frozenset(
        _without_subset(name.decode("latin-1"))
        for number in objects.offsets
        for name in _FONT_NAME.findall(objects.get(number))
    )
    return PdfFacts(objects.outline(), fonts)


def _without_subset(name: str) -> str:
    """``ABCDEF+Carlito-Bold`` → ``Carlito-Bold`` (a subset's tag is six capitals and +)."""
    return name[7:] if len(name) > 7 and name[6] == "+" and name[:6].isupper() else name


class _Objects:
    """The objects of a PDF by number, read through its cross-reference table."""

    def __init__(self, data: bytes, offsets: dict[int, int], root: int) -> None:
        self.data = data
        self.offsets = offsets
        self.root = root

    @classmethod
    def of(cls, data: bytes) -> _Objects | None:
        start = _STARTXREF.search(data, max(0, len(data) - 1024))
        if start is None:
            return None
        position = int(start[1])
        if data[position : position + 4] != b"xref":
            return None  # a cross-reference stream: not what LibreOffice writes
        offsets: dict[int, int] = {}
        position += 4
        while section := _XREF_SECTION.match(data, _skip_space(data, position)):
            first, count = int(section[1]), int(section[2])
            position = section.end()
            for number in range(first, first + count):
                entry = _XREF_ENTRY.match(data, _skip_space(data, position))
                if entry is None:
                    return None
                position = entry.end()
                if entry[3] == b"n":
                    offsets[number] = int(entry[1])
        root = _ROOT.search(data, position)
        return cls(data, offsets, int(root[1])) if root else None

    def get(self, number: int) -> bytes:
        """An object's text up to its ``endobj`` or its stream (empty when unknown)."""
        offset = self.offsets.get(number)
        if offset is None:
            return b""
        text = self.data[offset : offset + _OBJECT_MAX]
        end = text.find(b"endobj")
        text = text if end < 0 else text[:end]
        stream = _STREAM.search(text)
        return text if stream is None else text[: stream.start() + 2]

    def pages(self) -> dict[int, int]:
        """Page object number → page number (from 1), in the page tree's order."""
        found = _PAGES.search(self.get(self.root))
        numbers: dict[int, int] = {}
        stack = [int(found[1])] if found else []
        seen: set[int] = set()
        while stack and len(seen) < len(self.offsets):
            number = stack.pop()
            if number in seen:
                continue
            seen.add(number)
            text = self.get(number)
            kids = _KIDS.search(text)
            if kids:
                stack.extend(int(ref) for ref in reversed(_REFS.findall(kids[1])))
            elif _TYPE_PAGE.search(text):
                numbers[number] = len(numbers) + 1
        return numbers

    def outline(self) -> list[tuple[str, int]]:
        found = _OUTLINES.search(self.get(self.root))
        if found is None:
            return []
        pages = self.pages()
        items: list[tuple[str, int]] = []
        for text in self._outline_items(int(found[1])):
            dest = _DEST.search(text)
            page = pages.get(int(dest[1])) if dest else None
            if page is not None:
                items.append((_title(text), page))
        return items

    def _outline_items(self, root: int) -> Iterator[bytes]:
        """The outline's items depth first (an item, then its children, then the next)."""
        first = _FIRST.search(self.get(root))
        stack = [int(first[1])] if first else []
        seen: set[int] = set()
        while stack and len(seen) < _OUTLINE_MAX:
            number = stack.pop()
            if number in seen:
                continue
            seen.add(number)
            text = self.get(number)
            yield text
            following = _NEXT.search(text)
            if following:
                stack.append(int(following[1]))
            child = _FIRST.search(text)
            if child:
                stack.append(int(child[1]))


def _skip_space(data: bytes, position: int) -> int:
    while position < len(data) and data[position] in b" \r\n\t":
        position += 1
    return position


def _title(text: bytes) -> str:
    found = _TITLE_HEX.search(text)
    if found:
        raw = bytes.fromhex(re.sub(rb"\s", b"", found[1]).decode("ascii"))
        if raw.startswith(b"\xfe\xff"):
            return raw[2:].decode("utf-16-be", "replace")
        return raw.decode("latin-1")
    found = _TITLE_LITERAL.search(text)
    if found is None:
        return ""
    literal = re.sub(rb"\\([()\\])", rb"\1", found[1])
    if literal.startswith(b"\xfe\xff"):
        return literal[2:].decode("utf-16-be", "replace")
    return literal.decode("latin-1")

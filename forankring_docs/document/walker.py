"""The state of one walk over the markup tree and the checks its element handlers share.

A handler gets the walker, the element and what the element adds to; :func:`walk` runs over a
container's children and dispatches on the tag through one dict per context, so an element
costs a dict lookup and a call. The walker's checks (attributes, choices, numbers, shades,
images, links) raise a :class:`~.markup_errors.MarkupError` at the element.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar
from urllib.parse import SplitResult, urlsplit

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no stubs

from forankring_docs.document.markup_errors import (
    MARKER,
    MarkupError,
    end_line,
    located,
    marker_after,
    marker_before,
)
from forankring_docs.document.model import Align, Block, Image, Properties
from forankring_docs.document.vocabulary import (
    ALIGNS,
    FLOW_CONTAINERS,
    HEX_COLOR,
    HTML_WHITESPACE,
    LENGTH,
    LENGTH_UNITS_CM,
    LINK_SCHEMES,
    MAX_IMAGE_CM,
    ROOT,
    SHADE_PALETTE,
    SPECS,
    URL_FORBIDDEN,
)

COMMENT = etree.Comment  # the tag of a comment node in the tree
_PI = etree.PI  # the tag of a processing instruction node


# ---------------------------------------------------------------- the words of misplaced content


def _inside(tag: str) -> str:
    return "at the top level" if tag == ROOT else f"inside <{tag}>"


def _allowed_children(tag: str) -> str:
    names = sorted(SPECS[tag].children)
    if not names:
        return f"<{tag}> holds only text"
    return "allowed here: " + ", ".join(f"<{name}>" for name in names)


def _name_hint(tag: str) -> str:
    if tag.startswith("{"):
        return " (the markup uses no namespaces: leave out xmlns)"
    if tag != tag.lower() and tag.lower() in SPECS:
        return " (element names are lower case)"
    return ""


MIXED_FLOW = "a <{tag}> holds either inline content or <p> paragraphs, not both"
MIXED_CELL_FLOW = (
    "a <{tag}> holds either inline content or <p> paragraphs and lists (<ul>, <ol>), not both"
)

# ---------------------------------------------------------------- the walker

_T = TypeVar("_T")
_Choice = TypeVar("_Choice", bound=str)


class Walker:
    """The state of one walk over the tree, and the checks the element handlers share."""

    __slots__ = ("_source", "_assets", "_seen", "properties", "blocks")

    def __init__(self, source: str, assets: Mapping[str, tuple[bytes, str]]) -> None:
        self._source = source
        self._assets = assets
        self._seen: set[str] = set()  # the document parts met so far
        self.properties = Properties()
        self.blocks: list[Block] = []

    # ------------------------------------------------------------ errors
    def error(self, message: str, node: etree._Element) -> MarkupError:
        """An error at an element (its start tag), a comment or a processing instruction."""
        return located(message, self._source, node.sourceline or 1, marker_before(node))

    def misplaced(self, node: etree._Element, context: str) -> MarkupError:
        """A node that may not stand in ``context`` (an element's tag)."""
        tag = node.tag
        if tag is _PI:
            return self.error(
                f"<?{node.target} ...?> is not allowed (no processing instructions)", node
            )
        if not isinstance(tag, str):
            return self.error(f"{node!r} is not allowed", node)
        if tag not in SPECS or tag == ROOT:
            return self.error(
                f"unknown element <{tag}>{_name_hint(tag)}; {_allowed_children(context)}", node
            )
        return self.error(
            f"<{tag}> is not allowed {_inside(context)}; {_allowed_children(context)}", node
        )

    def text_error(self, owner: etree._Element, text: str, *, tail: bool) -> MarkupError:
        """Text that may not stand where it is: ``owner``'s text, or its tail."""
        start = len(text) - len(text.lstrip(HTML_WHITESPACE))
        if tail:
            line, marker = end_line(owner), marker_after(owner)
            context = owner.getparent().tag
        else:
            line, marker = owner.sourceline or 1, marker_before(owner)
            context = owner.tag
        line += text.count("\n", 0, start)
        if context in FLOW_CONTAINERS:
            return located(MIXED_FLOW.format(tag=context), self._source, line, marker)
        excerpt = text.strip(HTML_WHITESPACE)
        if len(excerpt) > 30:
            excerpt = excerpt[:30] + "…"
        message = f"text {excerpt!r} is not allowed {_inside(context)}; put it in a <p>"
        return located(message, self._source, line, marker)

    # ------------------------------------------------------------ checks
    def attributes(self, element: etree._Element) -> list[str]:
        """The attribute names of an element, each checked against its spec."""
        names: list[str] = element.keys()
        if names:
            self.check_attributes(element, names)
        return names

    def check_attributes(self, element: etree._Element, names: list[str]) -> None:
        allowed = SPECS[element.tag].attributes
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
        if text and text[0] == "@" and MARKER.match(text) is None:
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
        return self.choice(element, "align", ALIGNS)

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
        match = HEX_COLOR.match(value)
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
        match = LENGTH.match(value)
        if match is None:
            raise self.error(f"width {value!r} must be a length like 4cm or 25mm", element)
        width = float(match[1]) * LENGTH_UNITS_CM[match[2]]
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
        if scheme not in LINK_SCHEMES:
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
    if URL_FORBIDDEN.search(url):
        return None
    try:
        return urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 host
        return None


# ---------------------------------------------------------------- the hot loop
# A handler gets (walker, element, target): the target is what the element adds to (a list
# of blocks, a list block, a table, the document's properties).

Handler = Callable[[Walker, etree._Element, _T], None]


def walk(
    walker: Walker, parent: etree._Element, handlers: Mapping[object, Handler[_T]], target: _T
) -> None:
    """The children of a container without text of its own: elements, comments, blank text."""
    text = parent.text
    if text is not None and text.strip(HTML_WHITESPACE):
        raise walker.text_error(parent, text, tail=False)
    for child in parent[:]:  # a list of the children: quicker than iterating
        handler = handlers.get(child.tag)
        if handler is None:
            raise walker.misplaced(child, parent.tag)
        handler(walker, child, target)
        tail = child.tail
        if tail is not None and tail.strip(HTML_WHITESPACE):
            raise walker.text_error(child, tail, tail=True)


def skip_comment(walker: Walker, node: etree._Element, target: object) -> None:
    walker.comment(node)

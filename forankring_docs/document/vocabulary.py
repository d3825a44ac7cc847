"""The words of the template markup: its elements, their attributes and the values these take.

One table (:data:`SPECS`) says which attributes and children each element of the subset may
have; the walk's dispatch tables and its error messages are built from it. The classes,
colours, lengths and link schemes a template may use are listed here too, so that
``docs/template-markup.md`` has one place to agree with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forankring_docs.document.model import Align, Orientation

# ---------------------------------------------------------------- classes, colours, lengths

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

ALIGNS: tuple[Align, ...] = ("left", "center", "right")
ORIENTATIONS: tuple[Orientation, ...] = ("portrait", "landscape")
META_NAMES = ("title", "subject", "author", "keywords", "created")
LINK_SCHEMES = ("http", "https", "mailto")
LENGTH_UNITS_CM = {"cm": 1.0, "mm": 0.1, "in": 2.54}

HTML_WHITESPACE = " \t\n\r\f"
WHITESPACE_RUN = re.compile(r"[ \t\n\r\f]+")
HEX_COLOR = re.compile(r"#([0-9A-Fa-f]{6})\Z")
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
LENGTH = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(cm|mm|in)\s*\Z")
URL_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f]")


#: The element wrapped around the markup, so that a bare run of blocks is one XML document.
ROOT = "forankring-markup"
OPEN_ROOT = f"<{ROOT}>"  # on the markup's first line: line numbers stay as they are
CLOSE_ROOT = f"</{ROOT}>"


# ---------------------------------------------------------------- the element table

INLINE = frozenset({"strong", "em", "br", "a", "span", "field"})
_BLOCK = frozenset(
    {"h1", "h2", "h3", "p", "ul", "ol", "table", "pagebreak", "toc", "section", "cover", "img"}
)
_FLOW = INLINE | {"p"}  # what a list item holds
_CELL_FLOW = _FLOW | {"ul", "ol"}  # what a table cell holds: case text keeps its bullet lists
FLOW_CONTAINERS = frozenset({"li", "th", "td"})


@dataclass(frozen=True, slots=True)
class ElementSpec:
    """What an element of the subset may carry."""

    attributes: frozenset[str] = frozenset()
    children: frozenset[str] = frozenset()
    void: bool = False  # has no content: written <br/>


def _spec(
    attributes: tuple[str, ...] = (),
    children: frozenset[str] = frozenset(),
    *,
    void: bool = False,
) -> ElementSpec:
    return ElementSpec(frozenset(attributes), children, void)


_DOCUMENT_PARTS = frozenset({"html", "head", "body", "header", "footer"})  # one of each
SPECS: dict[str, ElementSpec] = {
    ROOT: _spec(children=_DOCUMENT_PARTS | _BLOCK),
    "html": _spec(("lang",), (_DOCUMENT_PARTS - {"html"}) | _BLOCK),
    "head": _spec(children=frozenset({"meta"})),
    "meta": _spec(("name", "content", "charset"), void=True),
    "body": _spec(children=frozenset({"header", "footer"}) | _BLOCK),
    "header": _spec(children=INLINE | {"img"}),
    "footer": _spec(children=INLINE),
    "h1": _spec(children=INLINE),
    "h2": _spec(children=INLINE),
    "h3": _spec(children=INLINE),
    "p": _spec(("class", "align"), INLINE),
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
    # "hint": accepted, and left out, in templates copied before the contents had page
    # numbers (its line told the reader to update the table in Word)
    "toc": _spec(("title", "levels", "hint"), void=True),
    "section": _spec(("orientation",), _BLOCK - {"section", "cover"}),
    "cover": _spec(children=_BLOCK - {"section", "cover", "toc"}),
    "img": _spec(("src", "width", "align"), void=True),
    "strong": _spec(children=INLINE),
    "em": _spec(children=INLINE),
    "span": _spec(("class",), INLINE),
    "a": _spec(("href",)),
    "field": _spec(("code",)),
    "br": _spec(void=True),
}
VOID = frozenset(tag for tag, spec in SPECS.items() if spec.void)

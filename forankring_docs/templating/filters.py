"""Case text → template markup (the ``paragraphs`` and ``inline`` Jinja filters).

The rules of ``case-format.md``: a blank line starts a new paragraph, a single line break is
a space, and lines starting with ``- `` are bullet items (also straight after a line of
text). A line after a bullet item that is indented continues the item; one that is not
starts a new paragraph. Tabs count as spaces. E-mail addresses and ``http(s)://`` or
``www.`` addresses become links.

Every piece of case text is escaped (``markupsafe.escape``) before it is put into markup,
so ``<b>``, ``{{ x }}`` or ``&amp;`` in a case show exactly as written. Links are found in
the raw text and their text and address are escaped like any other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

__all__ = ["bullets", "cell", "inline", "keep_year", "lines", "paragraphs", "split_blocks"]

BULLET = "- "
CELL_BULLET = "• "

_LINK = re.compile(
    r"(?P<email>(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<url>(?<![\w.@/-])(?:https?://|www\.)[\w-]+(?:\.[\w-]+)*(?::\d{1,5})?"
    r"(?:[/?#][^\s<>\"'\[\]{}|\\^`]*)?)",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\""
_LINK_HINTS = ("@", "://", "www.", "WWW.")


@dataclass(slots=True)
class Block:
    """A paragraph (``items`` empty) or a bullet list (``lines`` empty)."""

    lines: list[str] = field(default_factory=list)
    items: list[list[str]] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return bool(self.items)


def split_blocks(text: str) -> list[Block]:
    """The paragraphs and bullet lists of a case text, each line stripped."""
    blocks: list[Block] = []
    current: Block | None = None
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.replace("\t", " ")
        stripped = line.strip()
        if not stripped:
            current = None
        elif stripped.startswith(BULLET):
            if current is None or not current.is_list:
                current = Block()
                blocks.append(current)
            current.items.append([stripped[len(BULLET) :].strip()])
        elif current is not None and current.is_list and line[:1] == " ":
            current.items[-1].append(stripped)  # an indented line continues the item
        else:
            if current is None or current.is_list:
                current = Block()
                blocks.append(current)
            current.lines.append(stripped)
    return blocks


def _linked(text: str) -> str:
    """Escaped text with its e-mail and web addresses as ``<a href>`` links."""
    if not any(hint in text for hint in _LINK_HINTS):
        return str(escape(text))
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        address = match.group()
        if match.lastgroup == "url":
            address = _trim_url(address)
        if not address or address.lower() in ("www.", "http://", "https://"):
            continue
        start = match.start()
        out.append(str(escape(text[position:start])))
        if match.lastgroup == "email":
            href = f"mailto:{address}"
        elif address.lower().startswith("www."):
            href = f"https://{address}"
        else:
            href = address
        out.append(f'<a href="{escape(href)}">{escape(address)}</a>')
        position = start + len(address)
    out.append(str(escape(text[position:])))
    return "".join(out)


def _trim_url(url: str) -> str:
    """Drop punctuation that ends a sentence rather than the address (and an unmatched ')')."""
    while url:
        last = url[-1]
        if last in _TRAILING or last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        else:
            break
    return url


def _joined(lines: list[str]) -> str:
    return _linked(" ".join(lines))


def paragraphs(text: object, css_class: str | None = None, lead: object = None) -> Markup:
    """Block markup for a case text: ``<p>`` paragraphs and ``<ul>`` bullet lists.

    ``css_class`` is the paragraph class (``lead``, ``note``, ...). ``lead`` is markup that
    starts the first paragraph, e.g. ``<em>Udviklingsbehov:</em>`` (a paragraph of its own when
    the text starts with a list; a plain string is escaped). ``None`` or empty text gives
    empty markup.
    """
    if text is None:
        return Markup("")
    lead_markup = str(escape(lead)) if lead else ""
    return Markup(_block_markup(split_blocks(str(text)), css_class, "\n", lead_markup))


def _block_markup(
    blocks: list[Block], css_class: str | None = None, between: str = "", lead: str = ""
) -> str:
    opening = f'<p class="{escape(css_class)}">' if css_class else "<p>"
    out = []
    if lead and blocks and blocks[0].is_list:
        out.append(f"{opening}{lead.rstrip()}</p>")
        lead = ""
    for block in blocks:
        if block.is_list:
            items = "".join(f"<li>{_joined(item)}</li>" for item in block.items)
            out.append(f"<ul>{items}</ul>")
        else:
            out.append(f"{opening}{lead}{_joined(block.lines)}</p>")
            lead = ""
    return between.join(out)


def _is_one_line(value: str) -> bool:
    # A tab after the dash makes a bullet too, as split_blocks reads it.
    return (
        "\n" not in value
        and "\r" not in value
        and not value.replace("\t", " ").lstrip().startswith(BULLET)
    )


def cell(text: object) -> Markup:
    """Markup for a case text that is a whole table cell: inline markup for one paragraph
    (the common case, as cheap as ``inline``), else its ``<p>`` paragraphs and ``<ul>``
    bullet lists, which the document keeps as paragraphs and list bullets."""
    if text is None:
        return Markup("")
    value = str(text)
    if _is_one_line(value):
        return Markup(_linked(value.replace("\t", " ")))
    blocks = split_blocks(value)
    if len(blocks) == 1 and not blocks[0].is_list:
        return Markup(_joined(blocks[0].lines))
    return Markup(_block_markup(blocks))


def inline(text: object) -> Markup:
    """Inline markup for a case text inside a table cell, list item or paragraph.

    Paragraphs and bullet items go on lines of their own (``<br/>``), items marked "•": inline
    content cannot hold paragraphs or lists. For a whole table cell, ``cell`` keeps them.
    """
    if text is None:
        return Markup("")
    value = str(text)
    if _is_one_line(value):
        return Markup(_linked(value.replace("\t", " ")))
    lines = []
    for block in split_blocks(value):
        if block.is_list:
            lines += [CELL_BULLET + _joined(item) for item in block.items]
        else:
            lines.append(_joined(block.lines))
    return Markup("<br/>".join(lines))


def lines(items: object) -> Markup:
    """Several case texts (a list such as ``resultater``) in a cell, one per line: the whole
    cell. When one of them has paragraphs or bullets of its own, each text is a paragraph
    (or several) of the cell, with its bullet lists."""
    if not items:
        return Markup("")
    texts = ["" if item is None else str(item) for item in items]  # type: ignore[attr-defined]
    if all(_is_one_line(text) for text in texts):
        return Markup("<br/>".join(_linked(text.replace("\t", " ")) for text in texts))
    return Markup("".join(_block_markup(split_blocks(text)) for text in texts))


def bullets(items: object) -> Markup:
    """Several texts (a list such as ``resultater``) as a bullet list: the whole cell. A
    single text is a plain line; a text with paragraphs of its own is one item, its lines
    joined."""
    if not items:
        return Markup("")
    texts = ["" if item is None else str(item) for item in items]  # type: ignore[attr-defined]
    if len(texts) == 1:
        return lines(texts)
    return Markup("<ul>" + "".join(f"<li>{_joined(text.split())}</li>" for text in texts) + "</ul>")


# A year or a range of years at the end of a text ("2022–2026", "2022 - 26"); the range's
# dash stands between word joiners, at which no line breaks.
_TRAILING_YEARS = re.compile(r"\s+((?:1[89]|2\d)\d\d)(?:\s*([–-])\s*((?:1[89]|2\d)?\d\d))?\s*$")
_NO_BREAK_SPACE = "\u00a0"
_WORD_JOINER = "\u2060"


def keep_year(text: object) -> str:
    """A title whose last line never holds a year alone: a no-break space before a trailing
    year or range of years ("Helhedsplan Nordparken 2022–2026"), and no break in the range."""
    value = "" if text is None else str(text)
    found = _TRAILING_YEARS.search(value)
    if found is None:
        return value
    first, dash, last = found.groups()
    years = first if dash is None else f"{first}{_WORD_JOINER}{dash}{_WORD_JOINER}{last}"
    return value[: found.start()] + _NO_BREAK_SPACE + years

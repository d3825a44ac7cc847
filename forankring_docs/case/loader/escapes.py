"""Escapes of double-quoted scalars that write a character Word cannot hold (reported at
their backslash), and invalid Unicode escapes, which libyaml refuses outright."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from forankring_docs.case.loader.characters import FORBIDDEN_IN_VALUE, MAX_CHAR_ERRORS, char_name
from forankring_docs.case.loader.positions import Lines
from forankring_docs.diagnostics import Diagnostic
from forankring_docs.i18n import _

if TYPE_CHECKING:
    from forankring_docs.case.loader.reader import Reader

# What each escape of a double-quoted YAML scalar stands for (YAML 1.1/1.2, as libyaml reads
# them); \x, \u and \U take 2, 4 and 8 hex digits.
_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\t",
    "\t": "\t",
    "n": "\n",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\r",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


def _forbidden_escapes(text: str, start: int, end: int) -> Iterator[tuple[int, str, str]]:
    """(offset of the backslash, the escape as written, the character it stands for) for each
    escape of the double-quoted scalar ``text[start:end]`` that Word cannot hold."""
    i = start + 1  # after the opening quote
    while i < end - 1:
        if text[i] != "\\":
            i += 1
            continue
        code = text[i + 1 : i + 2]
        length = 2 + _HEX_DIGITS.get(code, 0)
        written = text[i : i + length]
        if code in _HEX_DIGITS:
            try:
                char = chr(int(written[2:], 16))
            except (ValueError, OverflowError):
                char = ""
        else:
            char = _ESCAPES.get(code, "")
        if char and FORBIDDEN_IN_VALUE.fullmatch(char):
            yield i, written, char
        i += length


def _escape_hint(written: str, char: str) -> str:
    if char == "\x85":
        return _(
            "delete '{escape}'; for a line break inside double quotes write \\n", escape=written
        )
    return _(
        "delete '{escape}'; inside double quotes a backslash starts an escape (\\n is a "
        "line break, \\t a tab); for a backslash itself write \\\\ or use single quotes",
        escape=written,
    )


def report_escapes(event: object, text: str, reader: Reader) -> None:
    """Escapes in a double-quoted scalar that stand for characters Word cannot hold, each at
    its backslash; after MAX_CHAR_ERRORS of them in the file, only counted (a text pasted
    with a hundred of them is one mistake, and must not stop the reading)."""
    problems = reader.problems
    mark, end = event.start_mark, event.end_mark  # type: ignore[attr-defined]
    if reader.more_escapes_at is not None:  # only counted: each such character is an escape
        reader.more_escapes += len(FORBIDDEN_IN_VALUE.findall(event.value))  # type: ignore[attr-defined]
        return
    found = False
    for offset, written, char in _forbidden_escapes(text, mark.index, end.index):
        found = True
        if reader.escapes >= MAX_CHAR_ERRORS:
            reader.more_escapes += 1
            if reader.more_escapes_at is None:
                reader.more_escapes_at = reader.lines.of(offset)
            continue
        reader.escapes += 1
        line, column = reader.lines.of(offset)
        problems.add(
            line,
            column,
            _(
                "the escape {escape} stands for U+{code} ({kind}), which cannot be stored in "
                "a Word document",
                escape=written,
                code=f"{ord(char):04X}",
                kind=char_name(char).split(",")[0],
            ),
            _escape_hint(written, char),
            goes_on=True,
            code="E112",
        )
    if not found:  # cannot happen as libyaml reads escapes; still, never let one through
        match = FORBIDDEN_IN_VALUE.search(event.value)  # type: ignore[attr-defined]
        char = match.group() if match else "?"
        problems.add(
            *reader.lines.mark(mark),
            _(
                "this text holds U+{code} ({kind}), which cannot be stored in a Word document",
                code=f"{ord(char):04X}",
                kind=char_name(char).split(",")[0],
            ),
            _("delete the escape that writes it"),
            goes_on=True,
            code="E112",
        )


def bad_unicode_escape(exc: Exception, text: str) -> tuple[str, int, Diagnostic] | None:
    """For libyaml's "invalid Unicode character escape code" (a surrogate such as \\ud800, or
    beyond U+10FFFF): the text with the escape(s) written as a space of the same length, the
    offset of the escape, and the problem at it. None for any other error."""
    mark = getattr(exc, "problem_mark", None)
    if "invalid Unicode character escape" not in str(getattr(exc, "problem", "")) or not mark:
        return None
    at = mark.index - 2  # the mark is on the first hex digit, after '\u' or '\U'
    code_letter = text[at + 1 : at + 2]
    if at < 0 or text[at] != "\\" or code_letter not in ("u", "U"):
        return None
    length = 2 + _HEX_DIGITS[code_letter]
    written = text[at : at + length]
    try:
        code = int(written[2:], 16)
    except ValueError:
        return None
    where = Lines(text).of(at)
    if 0xD800 <= code <= 0xDBFF and re.match(
        r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", text[at + length : at + length + 6]
    ):
        low = int(text[at + length + 2 : at + length + 6], 16)
        char = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        pair = written + text[at + length : at + length + 6]
        message = _(
            "the escapes {pair} are a UTF-16 surrogate pair, which YAML does not read "
            "as one character",
            pair=pair,
        )
        hint = _(
            "write the character as one escape, {escape}, or type the character itself",
            escape=f"\\U{char:08X}",
        )
        length += 6
    elif 0xD800 <= code <= 0xDFFF:
        message = _(
            "the escape {escape} stands for U+{code} (half of a broken character pair), "
            "which cannot be stored in a Word document",
            escape=written,
            code=f"{code:04X}",
        )
        hint = _("delete '{escape}'", escape=written)
    else:
        message = _(
            "the escape {escape} stands for no character: Unicode ends at U+10FFFF",
            escape=written,
        )
        hint = _("check the digits of '{escape}'", escape=written)
    spaces = "\\u0020" * (length // 6) if code_letter == "u" else "\\U00000020"
    diagnostic = Diagnostic("", *where, "error", message, hint, code="E112")
    return text[:at] + spaces + text[at + length :], at, diagnostic

"""Characters a Word document cannot hold: reported where the file holds them, and blanked
so that the rest of the file can still be read."""

from __future__ import annotations

import re

from forankring_docs.case.loader.positions import line_column
from forankring_docs.case.loader.problems import Problems
from forankring_docs.i18n import _

MAX_CHAR_ERRORS = 20  # reported one by one; the rest are counted

# Characters a Word document cannot hold (XML 1.0 minus what Word refuses).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# In a scalar's value a carriage return is forbidden too: the file's own line breaks (CR LF
# included) never reach a value as CR, so one there came from a \r escape.
FORBIDDEN_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def check_characters(text: str, problems: Problems) -> tuple[str, list[int]]:
    """Report characters Word cannot hold; blank them so parsing can go on. Returns the text
    and the offsets of the blanked characters."""
    found = list(_FORBIDDEN.finditer(text))
    if not found:
        return text, []
    for match in found[:MAX_CHAR_ERRORS]:
        line, column = line_column(text, match.start())
        char = match.group()
        problems.add(
            line,
            column,
            _(
                "character U+{code} ({kind}) cannot be stored in a Word document",
                code=f"{ord(char):04X}",
                kind=char_name(char),
            ),
            _("delete it; it is often pasted in invisibly from another program"),
            goes_on=True,
            code="E112",
        )
    if len(found) > MAX_CHAR_ERRORS:
        line, column = line_column(text, found[MAX_CHAR_ERRORS].start())
        problems.add(
            line,
            column,
            _("… and {count} more such characters", count=len(found) - MAX_CHAR_ERRORS),
            goes_on=True,
            code="E112",
        )
    return _FORBIDDEN.sub(" ", text), [match.start() for match in found]


def char_name(char: str) -> str:
    """What kind of character Word cannot hold this is, for a message."""
    code = ord(char)
    if code == 0:
        return _("a NUL byte")
    if code < 0x20 or code == 0x7F:
        return _("a control character")
    if 0x80 <= code <= 0x9F:
        return _("a C1 control character, often a Windows-1252 quote or dash read wrongly")
    if 0xD800 <= code <= 0xDFFF:
        return _("half of a broken character pair")
    return _("a non-character")

"""Plain (unquoted) values that YAML reads otherwise than their author likely meant: text
after ' #' (a comment to YAML), '- ' lines folded into one line, and curly quotes kept as
part of the text. Warnings (codes Y101-Y103, documented in the README): the file reads,
so it stays valid."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from forankring_docs.case.loader.problems import short
from forankring_docs.codes import LOADER_WARNINGS
from forankring_docs.i18n import _

if TYPE_CHECKING:
    from forankring_docs.case.loader.reader import Reader

#: The loader's warning codes, as ``check --ignore`` takes them (registered in ``codes``).
WARNING_CODES = tuple(LOADER_WARNINGS)

# After a value on its line: the spaces before a comment's '#', and what follows the '#'.
_COMMENT = re.compile(r"([ \t]+)#([^\r\n]*)")
_BULLET = re.compile(r"[\r\n][ \t]*(- )")
OPENING_CURLY = "“”„‘’‚"
CLOSING_CURLY = "“”‘’"


def comment_starts(text: str) -> set[int]:
    """The offsets where the spaces before a '#' start: where a value followed by a comment
    ends (found once for the file, cheaper than a look after every value)."""
    starts = set()
    for before in (" #", "\t#"):  # str.find: a pattern tried at every space costs more
        at = text.find(before)
        while at != -1:
            start = at
            while start and text[start - 1] in " \t":  # each space walked over once at most
                start -= 1
            starts.add(start)
            at = text.find(before, at + 2)
    return starts


def check_plain(event: object, value: str, text: str, reader: Reader) -> None:
    """Warn about the plain scalar of ``event`` (``value`` as read) where it may not read as
    meant."""
    start = event.start_mark.index  # type: ignore[attr-defined]
    end = event.end_mark.index  # type: ignore[attr-defined]
    comment = _COMMENT.match(text, end)
    # Two spaces before a '#' followed by a space mark a comment on purpose ("x  # note");
    # one space, or a '#' right before a word, is likely text ("Hvert kvartal #fast punkt").
    if comment and (comment.group(1) == " " or comment.group(2)[:1] not in ("", " ", "\t")):
        reader.warn(
            reader.lines.of(comment.start(0) + len(comment.group(1))),
            "Y101",
            _(
                "the text after '#' is read as a comment and left out of the value: '#{comment}'",
                comment=short(comment.group(2).rstrip()),
            ),
            _(
                'to keep it, put the whole value in quotes: "{value} #{comment}" (or write it '
                "below '|'); to mark a comment, put two spaces before the '#'",
                value=short(value, 30),
                comment=short(comment.group(2).strip(), 20),
            ),
        )
    if event.start_mark.line != event.end_mark.line:  # type: ignore[attr-defined]
        bullet = _BULLET.search(text, start, end)
        if bullet:
            reader.warn(
                reader.lines.of(bullet.start(1)),
                "Y102",
                _(
                    "the lines starting with '- ' are joined with the text above into one "
                    "line: YAML folds the lines of a value written without quotes or '|'"
                ),
                _(
                    "to keep each line as written, put '|' after the key's ':' and the lines "
                    "indented below it"
                ),
            )
    if len(value) > 1 and value[0] in OPENING_CURLY and value[-1] in CLOSING_CURLY:
        reader.warn(
            reader.lines.mark(event.start_mark),  # type: ignore[attr-defined]
            "Y103",
            _(
                "the value {value} is in curly quotes, which YAML keeps as part of the text",
                value=short(value),
            ),
            _(
                "curly quotes (“ ”), as Word types them, are not quotes to YAML: type straight "
                'ones ("{text}") or leave them out',
                text=short(value[1:-1]),
            ),
        )

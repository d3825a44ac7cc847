"""Loading: case file bytes → plain data (dicts, lists, strings, None) plus positions.

Safe by construction: the C parser of ruamel.yaml (libyaml) only produces events, and this
module builds plain Python data from them itself. No tag is ever constructed, anchors,
aliases and merge keys are refused at their position (an alias is never resolved, so no alias
bomb can expand), and nesting deeper than any case file needs is refused before it costs
anything.

Scalars stay text, exactly as written (``version: 1.10`` is "1.10"); only YAML's null
(``~``, ``null``, an empty value) becomes ``None``. A scalar written in quotes that reads as
a number or as null is a :class:`QuotedText`, so that the model can tell ``score: '3'`` (text)
from ``score: 3``. The model decides what a text means where it expects a number or a date.

Problems that leave the rest of the file readable (a duplicate key, an anchor, alias, merge
key or tag, a character Word cannot hold) are recorded in :attr:`Loaded.problems` and reading
goes on, with a stand-in (the first value of a duplicate key, null for an alias, the text as
written), so that validation can report every other problem of the file in the same run.
Anything else (bad YAML, not UTF-8, too deep, ...) stops the reading: ``CaseError``.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from forankring_docs.diagnostics import CaseError, Diagnostic, Path

MAX_BYTES = 5_000_000  # "5 MB" in case-format.md: decimal megabytes
MAX_MEGABYTES = MAX_BYTES // 1_000_000


def file_size_text(size: int) -> str:
    """A file's size for a message: "7.3 MB", or the bytes where rounding would hide that it
    is over the limit ("5,000,001 bytes", not "5.0 MB")."""
    shown = f"{size / 1_000_000:.1f} MB"
    return f"{size:,} bytes" if float(shown.split()[0]) * 1_000_000 <= MAX_BYTES else shown


MAX_DEPTH = 40  # a case file nests about 7 levels deep
# A case file holds a few thousand values (the 11,475-line benchmark case: 31,161). Millions
# of tiny ones ("[[],[],…]", 4.9 MB) took 10 s and 1 GB to read: reading stops well before.
MAX_VALUES = 250_000
MAX_CHAR_ERRORS = 20
MAX_PROBLEMS = 100  # then reading stops: a file of a million aliases is not a million errors
MAX_KEY_LENGTH = 1024  # YAML's limit for a key written without '?'
NULLS = frozenset(("", "~", "null", "Null", "NULL"))

# Characters a Word document cannot hold (XML 1.0 minus what Word refuses).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# In a scalar's value a carriage return is forbidden too: the file's own line breaks (CR LF
# included) never reach a value as CR, so one there came from a \r escape.
_FORBIDDEN_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# Line breaks as libyaml counts them in the text it parses, so our positions agree with the
# parser's. Not U+0085 (NEL): libyaml would count it, but it is a character Word cannot hold,
# blanked before parsing, so the parser never sees one (nor do editors break lines there).
_BREAK = re.compile("\r\n|[\r\n\u2028\u2029]")

SAVE_AS_UTF8 = (
    "save the file as UTF-8: in VS Code click the encoding in the status bar and choose "
    "'Save with Encoding' → 'UTF-8'; in Notepad use 'Save as' → Encoding 'UTF-8'"
)


@dataclass(slots=True)
class Positions:
    """Where each key and value of the data stands in the file (1-based line, column)."""

    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def value(self, path: Path) -> tuple[int, int]:
        """The value at ``path``, or the nearest enclosing value that exists."""
        while path:
            found = self.values.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key(self, path: Path) -> tuple[int, int]:
        """The key of ``path`` (for an unknown key), else its value's position."""
        found = self.keys.get(path)
        return found if found is not None else self.value(path)


class QuotedText(str):
    """A scalar written in quotes ('3', "7.5"): text, even where it reads as a number.

    Equal to, hashed, printed and pickled like the plain ``str`` it holds; only the model
    looks at the type, where a number is expected. The model's fields turn it into ``str``.
    """

    __slots__ = ()


# What a QuotedText is made for: a quoted scalar that would be a number or null written bare.
# Other quoted scalars stay plain ``str``: instances of a str subclass are tracked by the
# garbage collector, which costs a file of many quoted texts half again its loading time.
_BARE_LOOKING = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)|null|Null|NULL|~")


@dataclass(slots=True)
class Loaded:
    """A parsed case file: data, positions, and the name to show in diagnostics.

    ``problems`` are errors found while reading that did not stop it (see the module's
    docstring): a Loaded with problems is not a valid case, and ``validation.validate``
    reports them with the rest. ``quiet`` holds the paths of stand-in values and keys (an
    alias read as null, text with a character Word cannot hold), where a further error would
    only repeat the problem; ``incomplete`` the paths of mappings that lost a key that way
    (a merge key), where a missing key is no news; ``dropped`` the paths of duplicate keys,
    whose second value was left out (an id a reference names may be in it).
    """

    file: str
    data: object
    positions: Positions
    text: str
    problems: list[Diagnostic] = field(default_factory=list)
    quiet: set[Path] = field(default_factory=set)
    incomplete: set[Path] = field(default_factory=set)
    dropped: set[Path] = field(default_factory=set)


class _TooManyProblems(Exception):
    """The file has MAX_PROBLEMS problems: reading stops at the next one."""


class _Problems:
    """Collects located problems for one file; stops the reading at MAX_PROBLEMS."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[Diagnostic] = []
        self.stopped = False  # a problem that stops the reading was found

    def add(
        self,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        path: Path | None = None,
        *,
        goes_on: bool = False,
    ) -> None:
        """Record a problem. ``goes_on``: the reading can go on past it (see the module)."""
        from forankring_docs.diagnostics import format_path

        if len(self.items) >= MAX_PROBLEMS:
            self.stopped = True
            self.items.append(
                Diagnostic(
                    self.file,
                    line,
                    column,
                    "error",
                    f"more than {MAX_PROBLEMS} problems; reading stopped here",
                    "correct the problems above, then check the file again",
                )
            )
            raise _TooManyProblems
        self.stopped = self.stopped or not goes_on
        self.items.append(
            Diagnostic(
                self.file,
                line,
                column,
                "error",
                message,
                hint,
                path=format_path(path) if path else None,
            )
        )

    def raise_if_any(self) -> None:
        if self.items:
            raise CaseError(self.items)


# ------------------------------------------------------------------ bytes → text
def read_case(path: FsPath, display: str | None = None) -> Loaded:
    """Read and parse one case file. Raises CaseError with every problem found."""
    name = display if display is not None else str(path)
    problems = _Problems(name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            problems.add(
                1,
                1,
                f"the file is {file_size_text(size)}; case files over "
                f"{MAX_MEGABYTES} MB ({MAX_BYTES:,} bytes) are refused",
                "a case file is text of a few hundred lines; check that this is the right file",
            )
            problems.raise_if_any()
        raw = _read_at_most(path, MAX_BYTES + 1)
    except IsADirectoryError:
        problems.add(1, 1, "this is a folder, not a case file")
        raise CaseError(problems.items) from None
    except OSError as exc:
        problems.add(
            1,
            1,
            f"cannot read the file: {exc.strerror or exc}",
            "check that the file exists and that you may read it",
        )
        raise CaseError(problems.items) from None
    if len(raw) > MAX_BYTES:
        problems.add(
            1,
            1,
            f"the file is larger than {MAX_MEGABYTES} MB ({MAX_BYTES:,} "
            "bytes); case files that large are refused",
            "a case file is text of a few hundred lines; check that this is the right file",
        )
        problems.raise_if_any()
    return load_bytes(raw, name)


def _read_at_most(path: FsPath, limit: int) -> bytes:
    """The first ``limit`` bytes. Opened without blocking, so that a named pipe nobody writes
    to reads as empty instead of hanging; then read normally."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    with open(fd, "rb", closefd=True) as handle:
        if nonblocking:
            os.set_blocking(fd, True)
        return handle.read(limit)


def load_bytes(raw: bytes, file: str) -> Loaded:
    problems = _Problems(file)
    text = decode(raw, problems)
    return load_text(text, file, problems)


def decode(raw: bytes, problems: _Problems) -> str:
    """UTF-8 with an optional byte-order mark; anything else is a located error."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        problems.add(1, 1, "the file is saved as UTF-32, not UTF-8", SAVE_AS_UTF8)
        problems.raise_if_any()
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(
            1,
            1,
            "the file is saved as UTF-16 (Word and Notepad call it 'Unicode'), not UTF-8",
            SAVE_AS_UTF8,
        )
        problems.raise_if_any()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # About the whole file, so at 1:1 (cli.md); the message says where the first bad
        # byte is.
        bad = raw[exc.start : exc.start + 1]
        if raw.startswith(_DOCUMENT_SIGNATURES):  # the whole file is wrong, not one byte
            problems.add(
                1,
                1,
                f"the file is not UTF-8: byte 0x{bad.hex()} cannot be read as "
                f"UTF-8 ({_guess_encoding(raw)})",
                "give the case file (.yaml) here, not the report or another document",
            )
            raise CaseError(problems.items) from None
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = line_column(before, len(before))
        problems.add(
            1,
            1,
            f"the file is not UTF-8 ({_guess_encoding(raw)}): the first byte "
            f"that is not UTF-8 (0x{bad.hex()}) is on line {line}, column {column}",
            SAVE_AS_UTF8,
        )
        raise CaseError(problems.items) from None


_DOCUMENT_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"\xff\xd8\xff")


def _guess_encoding(raw: bytes) -> str:
    sample = raw[:65536]
    if sample.startswith(_DOCUMENT_SIGNATURES):
        return "it looks like a Word, PDF or image file, not a YAML case file"
    if b"\x00" in sample:
        return "it looks like a binary file or UTF-16 text, not a YAML case file"
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return "it looks like a legacy 8-bit encoding"
    if any(ch in text for ch in "æøåÆØÅéü"):
        return (
            "it looks like Windows-1252 / ISO-8859-1 (Western European), "
            "as older Windows programs save it"
        )
    return "it looks like a legacy 8-bit encoding such as Windows-1252"


def line_column(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting breaks as libyaml does."""
    line = 1
    start = 0
    for match in _BREAK.finditer(text, 0, index):
        line += 1
        start = match.end()
    return line, index - start + 1


# ------------------------------------------------------------------ text → data
def load_text(text: str, file: str, problems: _Problems | None = None) -> Loaded:
    problems = problems or _Problems(file)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        problems.add(
            1,
            1,
            "the file is empty",
            "start from `forankring new FILE`, which writes a commented case file to fill in",
        )
        problems.raise_if_any()
    text, replaced = _check_characters(text, problems)
    reader = _Reader(problems, replaced)
    text, data = _build(text, reader)
    if reader.more_escapes_at is not None:
        with contextlib.suppress(_TooManyProblems):
            problems.add(
                *reader.more_escapes_at,
                f"… and {reader.more_escapes} more such escapes",
                goes_on=True,
            )
    if problems.stopped:
        raise CaseError(_in_order(problems.items))
    if not isinstance(data, dict):
        kind = _kind(data)
        problems.add(
            1,
            1,
            f"the top level of a case file must be a mapping of keys "
            f"(format, meta, fase1, ...), not {kind}",
            "start the file with lines like `format: 1` and `meta:`",
        )
        raise CaseError(_in_order(problems.items))
    return Loaded(
        file,
        data,
        reader.positions,
        text,
        list(problems.items),
        reader.quiet,
        reader.incomplete,
        reader.dropped,
    )


def _in_order(items: list[Diagnostic]) -> list[Diagnostic]:
    """In the order of the file; a closing "reading stopped here" stays last."""
    stop = [d for d in items[-1:] if d.message.startswith(f"more than {MAX_PROBLEMS} problems")]
    return [*sorted(items[: len(items) - len(stop)], key=lambda d: (d.line, d.column)), *stop]


def _check_characters(text: str, problems: _Problems) -> tuple[str, list[int]]:
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
            f"character U+{ord(char):04X} ({_char_name(char)}) cannot be stored in a Word document",
            "delete it; it is often pasted in invisibly from another program",
            goes_on=True,
        )
    if len(found) > MAX_CHAR_ERRORS:
        line, column = line_column(text, found[MAX_CHAR_ERRORS].start())
        problems.add(
            line, column, f"… and {len(found) - MAX_CHAR_ERRORS} more such characters", goes_on=True
        )
    return _FORBIDDEN.sub(" ", text), [match.start() for match in found]


def _char_name(char: str) -> str:
    code = ord(char)
    if code == 0:
        return "a NUL byte"
    if code < 0x20 or code == 0x7F:
        return "a control character"
    if 0x80 <= code <= 0x9F:
        return "a C1 control character, often a Windows-1252 quote or dash read wrongly"
    if 0xD800 <= code <= 0xDFFF:
        return "half of a broken character pair"
    return "a non-character"


def _kind(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {short(str(value))!r}"


def short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ escapes
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
        if char and _FORBIDDEN_IN_VALUE.fullmatch(char):
            yield i, written, char
        i += length


def _escape_hint(written: str, char: str) -> str:
    if char == "\x85":
        return f"delete '{written}'; for a line break inside double quotes write \\n"
    return (
        f"delete '{written}'; inside double quotes a backslash starts an escape (\\n is a "
        "line break, \\t a tab); for a backslash itself write \\\\ or use single quotes"
    )


def _position(text: str, start: int, line: int, column: int, offset: int) -> tuple[int, int]:
    """Line and column of ``text[offset]``, counting on from ``text[start]`` at line:column."""
    breaks = list(_BREAK.finditer(text, start, offset))
    if not breaks:
        return line, column + offset - start
    return line + len(breaks), offset - breaks[-1].end() + 1


def _report_escapes(event: object, text: str, reader: _Reader) -> None:
    """Escapes in a double-quoted scalar that stand for characters Word cannot hold, each at
    its backslash; after MAX_CHAR_ERRORS of them in the file, only counted (a text pasted
    with a hundred of them is one mistake, and must not stop the reading)."""
    problems = reader.problems
    mark, end = event.start_mark, event.end_mark  # type: ignore[attr-defined]
    if reader.more_escapes_at is not None:  # only counted: each such character is an escape
        reader.more_escapes += len(_FORBIDDEN_IN_VALUE.findall(event.value))  # type: ignore[attr-defined]
        return
    found = False
    for offset, written, char in _forbidden_escapes(text, mark.index, end.index):
        found = True
        if reader.escapes >= MAX_CHAR_ERRORS:
            reader.more_escapes += 1
            if reader.more_escapes_at is None:
                reader.more_escapes_at = _position(
                    text, mark.index, mark.line + 1, mark.column + 1, offset
                )
            continue
        reader.escapes += 1
        line, column = _position(text, mark.index, mark.line + 1, mark.column + 1, offset)
        problems.add(
            line,
            column,
            f"the escape {written} stands for U+{ord(char):04X} "
            f"({_char_name(char).split(',')[0]}), which cannot be stored in a Word "
            "document",
            _escape_hint(written, char),
            goes_on=True,
        )
    if not found:  # cannot happen as libyaml reads escapes; still, never let one through
        match = _FORBIDDEN_IN_VALUE.search(event.value)  # type: ignore[attr-defined]
        char = match.group() if match else "?"
        problems.add(
            mark.line + 1,
            mark.column + 1,
            f"this text holds U+{ord(char):04X} "
            f"({_char_name(char).split(',')[0]}), which cannot be stored in a Word "
            "document",
            "delete the escape that writes it",
            goes_on=True,
        )


MAX_BAD_ESCAPES = 5  # each costs another reading of the file; then one stops it
# ... and all readings together at most this many characters: in a file of some megabytes an
# invalid escape stops the reading at once, so that five of them at its end do not cost six
# readings of the whole file.
REPARSE_BUDGET = 3_000_000


def _bad_unicode_escape(exc: Exception, text: str) -> tuple[str, int, Diagnostic] | None:
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
    where = (mark.line + 1, mark.column - 1)
    if 0xD800 <= code <= 0xDBFF and re.match(
        r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", text[at + length : at + length + 6]
    ):
        low = int(text[at + length + 2 : at + length + 6], 16)
        char = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        pair = written + text[at + length : at + length + 6]
        message = (
            f"the escapes {pair} are a UTF-16 surrogate pair, which YAML does not read "
            "as one character"
        )
        hint = f"write the character as one escape, \\U{char:08X}, or type the character itself"
        length += 6
    elif 0xD800 <= code <= 0xDFFF:
        message = (
            f"the escape {written} stands for U+{code:04X} (half of a broken character "
            "pair), which cannot be stored in a Word document"
        )
        hint = f"delete '{written}'"
    else:
        message = f"the escape {written} stands for no character: Unicode ends at U+10FFFF"
        hint = f"check the digits of '{written}'"
    spaces = "\\u0020" * (length // 6) if code_letter == "u" else "\\U00000020"
    diagnostic = Diagnostic("", *where, "error", message, hint)
    return text[:at] + spaces + text[at + length :], at, diagnostic


# ------------------------------------------------------------------ events → data
@dataclass(slots=True)
class _Reader:
    """What one reading of the events builds besides the data."""

    problems: _Problems
    replaced: list[int]  # sorted offsets of characters replaced by a space before parsing
    positions: Positions = field(default_factory=Positions)
    quiet: set[Path] = field(default_factory=set)
    incomplete: set[Path] = field(default_factory=set)
    dropped: set[Path] = field(default_factory=set)
    escapes: int = 0  # escapes reported for characters Word cannot hold
    more_escapes: int = 0  # ... and not reported, the first of them at more_escapes_at
    more_escapes_at: tuple[int, int] | None = None

    def restart(self) -> None:
        self.positions = Positions()
        self.quiet = set()
        self.incomplete = set()
        self.dropped = set()
        self.escapes = self.more_escapes = 0
        self.more_escapes_at = None

    def blanked(self, event: object) -> bool:
        """Whether a character was blanked inside the scalar of ``event``."""
        start = event.start_mark.index  # type: ignore[attr-defined]
        i = bisect_left(self.replaced, start)
        return i < len(self.replaced) and self.replaced[i] < event.end_mark.index  # type: ignore[attr-defined]


def _build(text: str, reader: _Reader) -> tuple[str, object]:
    """Build plain data from libyaml's events, with positions; refuse what the format has not.
    Returns the text as read (an invalid Unicode escape, recorded as a problem, is read as a
    space) and the data."""
    from dataclasses import replace

    from _ruamel_yaml import CParser
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    problems = reader.problems
    before, stopped = len(problems.items), problems.stopped
    escapes: list[Diagnostic] = []
    read = 0  # characters read by the readings so far
    while True:  # again after each invalid Unicode escape, read as a space
        del problems.items[before:]
        problems.items.extend(escapes)
        problems.stopped = stopped
        reader.restart()
        read += len(text)
        try:
            return text, _from_events(CParser(text), text, reader)
        except MarkedYAMLError as exc:
            fixed = _bad_unicode_escape(exc, text)
            if (
                fixed is not None
                and len(escapes) < MAX_BAD_ESCAPES
                and len(problems.items) < MAX_PROBLEMS
                and read + len(text) <= REPARSE_BUDGET
            ):
                text, offset, diagnostic = fixed
                escapes.append(replace(diagnostic, file=problems.file))
                insort(reader.replaced, offset)
                continue
            with contextlib.suppress(_TooManyProblems):
                if fixed is not None:
                    diagnostic = fixed[2]
                    problems.add(
                        diagnostic.line, diagnostic.column, diagnostic.message, diagnostic.hint
                    )
                else:
                    _syntax_problem(exc, text, problems)
        except YAMLError as exc:  # a reader error without a mark
            with contextlib.suppress(_TooManyProblems):
                problems.add(1, 1, f"the file cannot be read as YAML: {exc}")
        except _TooManyProblems:
            pass
        problems.stopped = True
        return text, None


_STR_TAG = "tag:yaml.org,2002:str"


def _from_events(parser: object, text: str, reader: _Reader) -> object:
    get = parser.get_event  # type: ignore[attr-defined]
    problems = reader.problems
    root: object = None
    documents = 0
    # Stack frames: [container, path, pending_key, seen_keys]
    stack: list[list] = []
    skip_depth = 0  # > 0 while skipping a refused (too deep) subtree
    values = 0
    while True:
        event = get()
        kind = type(event).__name__
        if kind in ("StreamStartEvent", "DocumentEndEvent"):
            continue
        if kind == "StreamEndEvent":
            return root
        if kind == "DocumentStartEvent":
            documents += 1
            if documents > 1:
                mark = event.start_mark
                problems.add(
                    mark.line + 1,
                    mark.column + 1,
                    "the file holds more than one YAML document (a second '---')",
                    "a case file is one document: remove the second '---' and "
                    "what follows, or move it to a file of its own",
                )
                return root
            continue
        end = kind in ("MappingEndEvent", "SequenceEndEvent")
        if skip_depth:
            if end:
                skip_depth -= 1
            elif kind in ("MappingStartEvent", "SequenceStartEvent"):
                skip_depth += 1
            if skip_depth == 0 and end:
                value: object = None
                _attach(stack, value, None, reader, None)
            continue
        if end:
            frame = stack.pop()
            if not stack:
                root = frame[0]
            continue

        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        values += 1
        if values > MAX_VALUES:
            problems.add(
                line,
                column,
                f"the file holds more than {MAX_VALUES:,} values; reading stopped here",
                "a case file holds a few thousand values; is this the right file?",
            )
            raise _TooManyProblems
        quiet = False  # the value is a stand-in: a further error about it would repeat this
        if kind == "AliasEvent":
            # Never resolved: an alias is read as null, so no alias bomb can expand. What a
            # merge key merges (<<: *base, <<: [*a, *b]) is said by the merge key's error.
            if not _merged(stack):
                problems.add(
                    line,
                    column,
                    f"YAML aliases (*{event.anchor}) are not part of the case format",
                    "a value starting with '*' is read as an "
                    f"alias; if '*{event.anchor}' is meant as text, put the value in "
                    f'quotes ("*{event.anchor} …"); else write the value out in full',
                    goes_on=True,
                )
            value = None
            quiet = True
        else:
            if event.anchor is not None:
                problems.add(
                    line,
                    column,
                    f"YAML anchors (&{event.anchor}) are not part of the case format",
                    f"if '&{event.anchor}' is meant as text, put the "
                    f'value in quotes ("&{event.anchor} …"); else remove '
                    f"'&{event.anchor}' and write repeated values out in full",
                    goes_on=True,
                )
            tag = event.tag
            if tag is not None and tag != _STR_TAG:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                problems.add(
                    line,
                    column,
                    f"YAML tags ({shown}) are not part of the case "
                    "format; case files hold plain data only",
                    f"remove '{shown}'",
                    goes_on=True,
                )
                quiet = True
            if kind == "ScalarEvent":
                raw = event.value
                style = event.style
                if style in ("", None) and raw in NULLS and tag is None:
                    value = None
                else:
                    value = (
                        QuotedText(raw)
                        if style in ("'", '"') and _BARE_LOOKING.fullmatch(raw.strip())
                        else raw
                    )
                if style == '"' and _FORBIDDEN_IN_VALUE.search(raw):
                    _report_escapes(event, text, reader)
                    quiet = True
                elif reader.replaced and reader.blanked(event):
                    quiet = True
            elif len(stack) >= MAX_DEPTH:
                problems.add(
                    line,
                    column,
                    f"the file nests more than {MAX_DEPTH} levels deep",
                    "a case file nests about 7 levels; check the indentation here",
                )
                skip_depth = 1
                continue
            elif kind == "MappingStartEvent":
                value = {}
            else:
                value = []
        if not stack:
            if isinstance(value, dict | list):
                reader.positions.values[()] = (line, column)
                stack.append([value, (), _NO_KEY, {}])
            else:
                root = value
            continue
        child_path = _attach(stack, value, (line, column), reader, kind, quiet=quiet)
        if isinstance(value, dict | list) and kind != "AliasEvent":
            stack.append([value, child_path, _NO_KEY, {}])


_NO_KEY = object()
_SKIP_KEY = object()
_MERGE_KEY = object()  # like _SKIP_KEY, for the value of a merge key
_MERGED = "\x00merged"  # the last part of the path of a merge key's value


def _merged(stack: list[list]) -> bool:
    """Whether the next value is what a merge key merges: its value, or an item of its list."""
    if not stack:
        return False
    frame = stack[-1]
    return frame[2] is _MERGE_KEY or (isinstance(frame[0], list) and frame[1][-1:] == (_MERGED,))


def _attach(
    stack: list[list],
    value: object,
    where: tuple[int, int] | None,
    reader: _Reader,
    kind: str | None,
    *,
    quiet: bool = False,
) -> Path:
    """Put ``value`` into the innermost container; returns the value's path. ``quiet``: the
    value (or key) is a stand-in for what the file holds, already reported."""
    problems, positions = reader.problems, reader.positions
    frame = stack[-1]
    container, path = frame[0], frame[1]
    if isinstance(container, list):
        child = (*path, len(container))
        container.append(value)
        if where:
            positions.values[child] = where
        if quiet:
            reader.quiet.add(child)
        return child
    pending = frame[2]
    if pending is _NO_KEY:  # this event is a key
        if where is None:
            frame[2] = _SKIP_KEY
            return path
        if kind == "AliasEvent":  # reported as an alias; its value is skipped
            reader.incomplete.add(path)
            frame[2] = _SKIP_KEY
            return path
        if not isinstance(value, str) or kind != "ScalarEvent":
            problems.add(
                *where,
                "a key must be a plain word such as 'navn', not "
                f"{_kind(value) if value is not None else 'empty'}",
                goes_on=True,
            )
            reader.incomplete.add(path)
            frame[2] = _SKIP_KEY
            return path
        key = str(value)  # a quoted key is a key like any other
        if key == "<<":
            problems.add(
                *where,
                "merge keys (<<) are not part of the case format",
                "write the keys out in full",
                goes_on=True,
            )
            reader.incomplete.add(path)  # the keys it would bring in are not missing news
            frame[2] = _MERGE_KEY
            return path
        seen: dict[str, tuple[int, int]] = frame[3]
        if key in seen:
            first = seen[key]
            problems.add(
                *where,
                f"duplicate key '{key}' (first at line {first[0]})",
                "remove one of them or merge their contents",
                path=(*path, key),
                goes_on=True,
            )
            reader.dropped.add((*path, key))
            frame[2] = _SKIP_KEY  # the first value stays
            return path
        seen[key] = where
        positions.keys[(*path, key)] = where
        if quiet:
            reader.quiet.add((*path, key))
            reader.incomplete.add(path)
        frame[2] = key
        return path
    frame[2] = _NO_KEY
    if pending is _SKIP_KEY:
        return (*path, "\x00skipped")
    if pending is _MERGE_KEY:
        return (*path, _MERGED)
    child = (*path, pending)
    container[pending] = value
    if where:
        positions.values[child] = where
    if quiet:
        reader.quiet.add(child)
    return child


def _syntax_problem(exc: Exception, text: str, problems: _Problems) -> None:
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    if "end of stream" in problem and context_mark is not None:
        mark = context_mark  # an unclosed quote or bracket: point at where it opens
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    odd = _odd_space(lines, line)
    if odd is not None:
        odd_line, odd_column, char = odd
        problems.add(
            odd_line,
            odd_column,
            f"the file is not valid YAML here: a {_SPACES[char]} "
            f"(U+{ord(char):04X}) stands where YAML needs an ordinary space",
            "delete it and type an ordinary space; such spaces come along when text "
            "is copied from Word or a web page",
        )
        return
    value = _bad_value_start(problem, here, column)
    if value is not None:
        problems.add(
            line,
            column,
            f"the file is not valid YAML: a value cannot start with '{value}'",
            _quote_hint(here, column),
        )
        return
    if "\t" in here[: max(column, len(here) - len(here.lstrip(" \t")))] and (
        "cannot start any token" in problem or "tab" in problem
    ):
        tab_at = here.index("\t") + 1
        problems.add(
            line,
            tab_at,
            "a tab is used for indentation; YAML indents with spaces only",
            "replace the tab with spaces (most editors: 'Convert indentation to spaces')",
        )
        return
    quoted = _colon_in_value(problem, here, column)
    if quoted is not None:
        hint = f"put the whole value in quotes: {quoted}"
        if any(q in here for q in "“”„"):
            hint += (
                "\ncurly quotes (“ ”), as Word types them, are not quotes to YAML: "
                'type straight ones (")'
            )
        problems.add(
            line, column, "the file is not valid YAML: a value containing ': ' must be quoted", hint
        )
        return
    hint = _indentation_hint(problem, lines, line) or _syntax_hint(problem, here)
    problems.add(line, column, f"the file is not valid YAML: {problem}", hint)


_INDENTATION_PROBLEMS = (
    "did not find expected",
    "expected <block end>",
    "mapping values are not allowed",
)


def _indentation_hint(problem: str, lines: list[str], line: int) -> str | None:
    """When a line is indented to a column where no key above starts, say which column the
    key of the line above is in: the commonest mistake in hand-written YAML."""
    if not any(p in problem for p in _INDENTATION_PROBLEMS) or not 1 < line <= len(lines):
        return None
    here = lines[line - 1]
    if here.lstrip().startswith(("- ", "#")) or not here.strip():
        return None
    columns: set[int] = set()
    previous: tuple[int, str, int] | None = None  # (line number, key, key column)
    for number, text in enumerate(lines[: line - 1], start=1):
        stripped = text.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        column = len(text) - len(stripped)
        columns.add(column)
        while stripped.startswith("- "):
            column += 2
            stripped = stripped[2:].lstrip(" ")
            columns.add(column)
        previous = (number, stripped.split(":", 1)[0].strip(), column)
    indent = len(here) - len(here.lstrip(" "))
    if previous is None or indent in columns:
        return None
    number, key, column = previous
    word = here.strip().split(":", 1)[0]
    return (
        f"'{word}' is indented {indent} spaces, where no key above starts; to put it "
        f"with '{key}' (line {number}), indent it {column} spaces"
    )


# Spaces that look like spaces but are not, to YAML (pasted from Word, web pages).
_SPACES = {
    "\u00a0": "non-breaking space",
    "\u202f": "narrow non-breaking space",
    "\u2007": "figure space",
    "\u200b": "zero-width space",
    "\u3000": "wide space",
    "\ufeff": "zero-width non-breaking space",
    "\u2002": "en space",
    "\u2003": "em space",
    "\u2009": "thin space",
}
# ... in the indentation, after a list's '-', or right after a key's ':'.
_ODD_SPACE = re.compile(
    r"^[ \t]*(?:-[ \t]+)*-?[ \t]*([{0}])|^[ \t]*(?:-[ \t]+)*[^\s:#'\"]"
    r"[^:#]*:([{0}])".format("".join(_SPACES))
)


def _odd_space(lines: list[str], line: int) -> tuple[int, int, str] | None:
    """A look-alike space in the indentation or after ':' or '-' on the line of a syntax
    error or the two lines above it: (line, column, the character)."""
    for number in range(max(1, line - 2), min(line, len(lines)) + 1):
        match = _ODD_SPACE.match(lines[number - 1])
        if match:
            group = 1 if match.group(1) else 2
            return number, match.start(group) + 1, match.group(group)
    return None


def _bad_value_start(problem: str, line_text: str, column: int) -> str | None:
    """The character(s) a plain value may not start with, when that is the problem here."""
    char = line_text[column - 1 : column] if 0 < column <= len(line_text) else ""
    if "cannot start any token" in problem and char in ("@", "`", "%"):
        return char
    if (
        "block sequence entries are not allowed" in problem
        and char == "-"
        and ":" in line_text[: column - 1]
    ):
        return "- "
    return None


def _quoted(line_text: str, column: int) -> str | None:
    """``key: "value"`` for the value that starts at ``column``, or None if it has no key."""
    head, value = line_text[: column - 1].rstrip(), line_text[column - 1 :].strip()
    if not head.endswith(":") or not value:
        return None
    quoted = '"' + short(value, 60).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{head.strip()} {quoted}"


def _quote_hint(line_text: str, column: int) -> str:
    suggestion = _quoted(line_text, column)
    return f"put the value in quotes: {suggestion}" if suggestion else "put the value in quotes"


def _colon_in_value(problem: str, line_text: str, column: int) -> str | None:
    """The line written with its value quoted, when the problem is ': ' inside that value."""
    if "mapping values are not allowed" not in problem:
        return None
    key = re.match(r"\s*(?:-\s+)*[^\s:#\"'][^:#]*:\s+", line_text)
    if key is None or key.end() >= column:
        return None
    return _quoted(line_text, key.end() + 1)


def _syntax_hint(problem: str, line_text: str) -> str:
    if "mapping values are not allowed" in problem:
        return (
            "a value containing ': ' must be quoted, e.g. navn: \"Tid: kl. 16\"; "
            "or the indentation of this line is off"
        )
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation: keys of one mapping must start in the same column"
    if "could not find expected ':'" in problem:
        if len(line_text) > MAX_KEY_LENGTH:
            return (
                f"a key can be at most {MAX_KEY_LENGTH} characters long; keys are short "
                "words such as 'navn', and long text goes after the ':'"
            )
        return "a ':' is missing after a key on this line or the line above (write 'key: value')"
    if "did not find expected '-'" in problem:
        stripped = line_text.lstrip()
        if stripped.startswith("-") and stripped[1:2] not in (" ", ""):
            return f"put a space after the '-': '- {short(stripped[1:], 30)}'"
        return "every item of a list starts with '- ' in the same column"
    if "found unknown escape character" in problem:
        return "inside double quotes a backslash starts an escape; use single quotes instead"
    if "while scanning a quoted scalar" in problem or "end of stream" in problem:
        return "a quote is opened but not closed"
    if "found character that cannot start any token" in problem:
        stripped = line_text.lstrip()
        if stripped[:1] in "@`%":
            return f"a value cannot start with '{stripped[:1]}'; put it in quotes"
        return "put the value in quotes"
    return "check the indentation and quoting around this place"

"""Bytes → text: the size limit, reading the file, and decoding UTF-8 (or saying which
encoding or kind of document the file is instead)."""

from __future__ import annotations

import codecs
import errno
import os
import stat
from pathlib import Path as FsPath

from forankring_docs.case.loader.positions import line_column
from forankring_docs.case.loader.problems import Problems
from forankring_docs.diagnostics import CaseError
from forankring_docs.i18n import _

MAX_BYTES = 5_000_000  # "5 MB" in case-format.md: decimal megabytes
MAX_MEGABYTES = MAX_BYTES // 1_000_000


def file_size_text(size: int) -> str:
    """A file's size for a message: "7.3 MB", or the bytes where rounding would hide that it
    is over the limit ("5,000,001 bytes", not "5.0 MB")."""
    shown = f"{size / 1_000_000:.1f}"
    if float(shown) * 1_000_000 <= MAX_BYTES:
        return _("{count} bytes", count=f"{size:,}")
    return f"{shown} MB"


def save_as_utf8() -> str:
    return _(
        "save the file as UTF-8: in VS Code click the encoding in the status bar and choose "
        "'Save with Encoding' → 'UTF-8'; in Notepad use 'Save as' → Encoding 'UTF-8'"
    )


def _file_noun(kind: str) -> str:
    """'case file' or 'labels file', as the messages name the file read."""
    return _("labels file") if kind == "labels" else _("case file")


def _files_noun(kind: str) -> str:
    return _("labels files") if kind == "labels" else _("case files")


def _too_large_hint(kind: str) -> str:
    return _(
        "a {file} is text of a few hundred lines; check that this is the right file",
        file=_file_noun(kind),
    )


def read_bytes(path: FsPath, problems: Problems, kind: str = "case") -> bytes:
    """The bytes of a case file (or another ``kind`` of file read as one: "labels"); a file
    too large or unreadable is a CaseError."""
    try:
        found = path.stat()
        special = _special_file_kind(found.st_mode)
        if special is not None:  # never opened: a pipe or a terminal would wait for input
            problems.add(
                1,
                1,
                _("this is {what}, not a {file}", what=special, file=_file_noun(kind)),
                _("give the path of a case file (.yaml)"),
                code="E101",
            )
            problems.raise_if_any()
        size = found.st_size
        if size > MAX_BYTES:
            problems.add(
                1,
                1,
                _(
                    "the file is {size}; {files} over {limit} MB ({bytes} bytes) are refused",
                    size=file_size_text(size),
                    files=_files_noun(kind),
                    limit=MAX_MEGABYTES,
                    bytes=f"{MAX_BYTES:,}",
                ),
                _too_large_hint(kind),
                code="E102",
            )
            problems.raise_if_any()
        raw = _read_at_most(path, MAX_BYTES + 1, size)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.add(
                1,
                1,
                _("this is a symbolic link that leads back to itself (a link loop), not a file"),
                _("point the link at a case file, or remove it"),
                code="E101",
            )
        else:
            problems.add(
                1,
                1,
                _("cannot read the file: {reason}", reason=exc.strerror or exc),
                _("check that the file exists and that you may read it"),
                code="E101",
            )
        raise CaseError(problems.items) from None
    if len(raw) > MAX_BYTES:
        problems.add(
            1,
            1,
            _(
                "the file is larger than {limit} MB ({bytes} bytes); {files} that large "
                "are refused",
                limit=MAX_MEGABYTES,
                bytes=f"{MAX_BYTES:,}",
                files=_files_noun(kind),
            ),
            _too_large_hint(kind),
            code="E102",
        )
        problems.raise_if_any()
    return raw


def _special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (``stat``'s ``st_mode``), as a message
    says it; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("a socket") if stat.S_ISSOCK(mode) else _("not a regular file")


def _read_at_most(path: FsPath, limit: int, expected: int | None = None) -> bytes:
    """The first ``limit`` bytes. Opened without blocking, so that a file replaced by a named
    pipe since it was looked at cannot hang the reading; a regular file is then read
    normally. ``expected``: the size the file had when looked at; reading that much (and a
    byte more, to see that it ends there) first spares a buffer of ``limit`` bytes, which
    cost more than reading a typical case file."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    with open(fd, "rb", closefd=True) as handle:
        if nonblocking and stat.S_ISREG(os.fstat(fd).st_mode):
            os.set_blocking(fd, True)
        if expected is not None and 0 <= expected < limit:
            first = handle.read(expected + 1) or b""
            if len(first) <= expected:
                return first
            return first + (handle.read(limit - len(first)) or b"")  # it grew since
        return handle.read(limit) or b""


def decode(raw: bytes, problems: Problems) -> str:
    """UTF-8 with an optional byte-order mark; anything else is a located error."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        problems.add(1, 1, _("the file is saved as UTF-32, not UTF-8"), save_as_utf8(), code="E103")
        problems.raise_if_any()
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(
            1,
            1,
            _("the file is saved as UTF-16 (Word and Notepad call it 'Unicode'), not UTF-8"),
            save_as_utf8(),
            code="E103",
        )
        problems.raise_if_any()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1]
        if raw.startswith(_DOCUMENT_SIGNATURES):  # the whole file is wrong, not one byte
            problems.add(
                1,
                1,
                _(
                    "the file is not UTF-8: byte 0x{byte} cannot be read as UTF-8 ({guess})",
                    byte=bad.hex(),
                    guess=_guess_encoding(raw),
                ),
                _("give the case file (.yaml) here, not the report or another document"),
                code="E103",
            )
            raise CaseError(problems.items) from None
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = line_column(before, len(before))
        problems.add(  # at the first byte that is not UTF-8, where an editor shows the mistake
            line,
            column,
            _(
                "the file is not UTF-8 ({guess}): the first byte that is not UTF-8 (0x{byte}) "
                "is on line {line}, column {column}",
                guess=_guess_encoding(raw),
                byte=bad.hex(),
                line=line,
                column=column,
            ),
            save_as_utf8(),
            code="E103",
        )
        raise CaseError(problems.items) from None


_DOCUMENT_SIGNATURES = (b"PK\x03\x04", b"%PDF", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"\xff\xd8\xff")


def _guess_encoding(raw: bytes) -> str:
    sample = raw[:65536]
    if sample.startswith(_DOCUMENT_SIGNATURES):
        return _("it looks like a Word, PDF or image file, not a YAML case file")
    if b"\x00" in sample:
        return _("it looks like a binary file or UTF-16 text, not a YAML case file")
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return _("it looks like a legacy 8-bit encoding")
    if any(ch in text for ch in "æøåÆØÅéü"):
        return _(
            "it looks like Windows-1252 / ISO-8859-1 (Western European), "
            "as older Windows programs save it"
        )
    return _("it looks like a legacy 8-bit encoding such as Windows-1252")

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

MAX_BYTES = 5_000_000  # "5 MB" in case-format.md: decimal megabytes
MAX_MEGABYTES = MAX_BYTES // 1_000_000


def file_size_text(size: int) -> str:
    """A file's size for a message: "7.3 MB", or the bytes where rounding would hide that it
    is over the limit ("5,000,001 bytes", not "5.0 MB")."""
    shown = f"{size / 1_000_000:.1f} MB"
    return f"{size:,} bytes" if float(shown.split()[0]) * 1_000_000 <= MAX_BYTES else shown


SAVE_AS_UTF8 = (
    "save the file as UTF-8: in VS Code click the encoding in the status bar and choose "
    "'Save with Encoding' → 'UTF-8'; in Notepad use 'Save as' → Encoding 'UTF-8'"
)


def read_bytes(path: FsPath, problems: Problems, kind: str = "case") -> bytes:
    """The bytes of a case file (or another ``kind`` of file read as one: "labels"); a file
    too large or unreadable is a CaseError."""
    try:
        found = path.stat()
        special = _special_file_kind(found.st_mode)
        if special is not None:  # never opened: a pipe or a terminal would wait for input
            problems.add(
                1, 1, f"this is {special}, not a {kind} file", _GIVE_A_CASE_FILE, code="E101"
            )
            problems.raise_if_any()
        size = found.st_size
        if size > MAX_BYTES:
            problems.add(
                1,
                1,
                f"the file is {file_size_text(size)}; {kind} files over "
                f"{MAX_MEGABYTES} MB ({MAX_BYTES:,} bytes) are refused",
                f"a {kind} file is text of a few hundred lines; check that this is the right file",
                code="E102",
            )
            problems.raise_if_any()
        raw = _read_at_most(path, MAX_BYTES + 1)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.add(
                1,
                1,
                "this is a symbolic link that leads back to itself (a link loop), not a file",
                "point the link at a case file, or remove it",
                code="E101",
            )
        else:
            problems.add(
                1,
                1,
                f"cannot read the file: {exc.strerror or exc}",
                "check that the file exists and that you may read it",
                code="E101",
            )
        raise CaseError(problems.items) from None
    if len(raw) > MAX_BYTES:
        problems.add(
            1,
            1,
            f"the file is larger than {MAX_MEGABYTES} MB ({MAX_BYTES:,} "
            f"bytes); {kind} files that large are refused",
            f"a {kind} file is text of a few hundred lines; check that this is the right file",
            code="E102",
        )
        problems.raise_if_any()
    return raw


_GIVE_A_CASE_FILE = "give the path of a case file (.yaml)"


def _special_file_kind(mode: int) -> str | None:
    """What a file that is not a regular file is (``stat``'s ``st_mode``), as a message
    says it; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a regular file"


def _read_at_most(path: FsPath, limit: int) -> bytes:
    """The first ``limit`` bytes. Opened without blocking, so that a file replaced by a named
    pipe since it was looked at cannot hang the reading; a regular file is then read
    normally."""
    nonblocking = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | nonblocking)
    with open(fd, "rb", closefd=True) as handle:
        if nonblocking and stat.S_ISREG(os.fstat(fd).st_mode):
            os.set_blocking(fd, True)
        return handle.read(limit) or b""


def decode(raw: bytes, problems: Problems) -> str:
    """UTF-8 with an optional byte-order mark; anything else is a located error."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        problems.add(1, 1, "the file is saved as UTF-32, not UTF-8", SAVE_AS_UTF8, code="E103")
        problems.raise_if_any()
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(
            1,
            1,
            "the file is saved as UTF-16 (Word and Notepad call it 'Unicode'), not UTF-8",
            SAVE_AS_UTF8,
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
                f"the file is not UTF-8: byte 0x{bad.hex()} cannot be read as "
                f"UTF-8 ({_guess_encoding(raw)})",
                "give the case file (.yaml) here, not the report or another document",
                code="E103",
            )
            raise CaseError(problems.items) from None
        before = raw[: exc.start].decode("utf-8", errors="replace")
        line, column = line_column(before, len(before))
        problems.add(  # at the first byte that is not UTF-8, where an editor shows the mistake
            line,
            column,
            f"the file is not UTF-8 ({_guess_encoding(raw)}): the first byte "
            f"that is not UTF-8 (0x{bad.hex()}) is on line {line}, column {column}",
            SAVE_AS_UTF8,
            code="E103",
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

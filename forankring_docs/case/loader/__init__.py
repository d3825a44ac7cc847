"""Loading: case file bytes → plain data (dicts, lists, strings, None) plus positions.

Safe by construction: the C parser of ruamel.yaml (libyaml) only produces events, and this
package builds plain Python data from them itself. No tag is ever constructed, anchors,
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

This module is the entry; the reading goes through ``decoding`` (bytes → text),
``characters`` (what Word cannot hold), ``events`` (YAML events → data, with ``reader``,
``positions``, ``escapes`` and ``plain``) and, for a file that is not valid YAML, ``syntax``
(the hint for the mistake); ``problems`` collects what is found on the way.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from forankring_docs.case.loader.characters import check_characters
from forankring_docs.case.loader.decoding import (
    MAX_BYTES,
    MAX_MEGABYTES,
    decode,
    file_size_text,
    read_bytes,
)
from forankring_docs.case.loader.events import MAX_VALUES, NULLS, QuotedText, build
from forankring_docs.case.loader.positions import Positions
from forankring_docs.case.loader.problems import (
    MAX_PROBLEMS,
    Problems,
    TooManyProblems,
    in_order,
    short,
    value_kind,
)
from forankring_docs.case.loader.reader import Reader
from forankring_docs.diagnostics import CaseError, Diagnostic, Path
from forankring_docs.i18n import _

__all__ = [
    "MAX_BYTES",
    "MAX_MEGABYTES",
    "MAX_PROBLEMS",
    "MAX_VALUES",
    "NULLS",
    "Loaded",
    "Positions",
    "QuotedText",
    "file_size_text",
    "load_bytes",
    "load_text",
    "read_case",
    "short",
]


@dataclass(slots=True)
class Loaded:
    """A parsed case file: data, positions, and the name to show in diagnostics.

    ``problems`` are errors found while reading that did not stop it (see the package's
    docstring): a Loaded with problems is not a valid case, and ``validation.validate``
    reports them with the rest. ``quiet`` holds the paths of stand-in values and keys (an
    alias read as null, text with a character Word cannot hold), where a further error would
    only repeat the problem; ``incomplete`` the paths of mappings that lost a key that way
    (a merge key), where a missing key is no news; ``dropped`` the paths of duplicate keys,
    whose second value was left out (an id a reference names may be in it). ``warnings``
    are about values that read, but maybe not as meant (``plain``): a case stays valid.
    """

    file: str
    data: object
    positions: Positions
    text: str
    problems: list[Diagnostic] = field(default_factory=list)
    quiet: set[Path] = field(default_factory=set)
    incomplete: set[Path] = field(default_factory=set)
    dropped: set[Path] = field(default_factory=set)
    warnings: list[Diagnostic] = field(default_factory=list)


def read_case(path: FsPath, display: str | None = None, *, kind: str = "case") -> Loaded:
    """Read and parse one case file. Raises CaseError with every problem found.

    ``kind`` "labels": a template's labels file, read with the same limits; it may be empty
    or hold any YAML value at its top, which its reader checks."""
    name = display if display is not None else str(path)
    return load_bytes(read_bytes(path, Problems(name), kind), name, kind=kind)


def load_bytes(raw: bytes, file: str, *, kind: str = "case") -> Loaded:
    """Parse a case file's bytes; ``file`` is the name diagnostics show."""
    problems = Problems(file)
    text = decode(raw, problems)
    return load_text(text, file, problems, kind=kind)


def load_text(
    text: str, file: str, problems: Problems | None = None, *, kind: str = "case"
) -> Loaded:
    """Parse a case file's text; ``problems``: the collector of the reading so far, if any."""
    problems = problems or Problems(file)
    if kind == "case" and (
        not text.strip()
        or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines())
    ):
        problems.add(
            1,
            1,
            _("the file is empty"),
            _("start from `forankring new FILE`, which writes a commented case file to fill in"),
            code="E104",
        )
        problems.raise_if_any()
    text, replaced = check_characters(text, problems)
    reader = Reader(problems, replaced)
    text, data = build(text, reader)
    if reader.more_escapes_at is not None:
        with contextlib.suppress(TooManyProblems):
            problems.add(
                *reader.more_escapes_at,
                _("… and {count} more such escapes", count=reader.more_escapes),
                goes_on=True,
                code="E112",
            )
    if problems.stopped:
        raise CaseError(in_order(problems.items))
    if kind == "case" and not isinstance(data, dict):
        problems.add(
            1,
            1,
            _(
                "the top level of a case file must be a mapping of keys "
                "(format, meta, fase1, ...), not {what}",
                what=value_kind(data),
            ),
            _("start the file with lines like `format: 1` and `meta:`"),
            code="E105",
        )
        raise CaseError(in_order(problems.items))
    return Loaded(
        file,
        data,
        reader.positions,
        text,
        list(problems.items),
        reader.quiet,
        reader.incomplete,
        reader.dropped,
        reader.warnings,
    )

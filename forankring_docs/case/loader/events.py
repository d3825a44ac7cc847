"""Events → data: plain Python data built from libyaml's parse events, with the position of
every key and value; what the case format has not (anchors, aliases, merge keys, tags, a
second document, deep nesting) is refused at its position."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from bisect import insort
from dataclasses import replace

from forankring_docs.case.loader.characters import FORBIDDEN_IN_VALUE
from forankring_docs.case.loader.escapes import bad_unicode_escape, report_escapes
from forankring_docs.case.loader.plain import OPENING_CURLY, check_plain, comment_starts
from forankring_docs.case.loader.problems import MAX_PROBLEMS, TooManyProblems, value_kind
from forankring_docs.case.loader.reader import Reader
from forankring_docs.case.loader.syntax import indentation_tabs, syntax_problem
from forankring_docs.diagnostics import Diagnostic, Path
from forankring_docs.i18n import _

MAX_DEPTH = 40  # a case file nests about 7 levels deep
# A case file holds a few thousand values; millions of tiny ones ("[[],[],…]") in a file
# under the size limit take seconds and a lot of memory to read, so reading stops well before.
MAX_VALUES = 250_000
NULLS = frozenset(("", "~", "null", "Null", "NULL"))


class QuotedText(str):
    """A scalar written in quotes ('3', "7.5"): text, even where it reads as a number.

    Equal to, hashed, printed and pickled like the plain ``str`` it holds; only the model
    looks at the type, where a number is expected. The model's fields turn it into ``str``.
    """

    __slots__ = ()


# What a QuotedText is made for: a quoted scalar that would be a number or null written bare.
# Other quoted scalars stay plain ``str``: instances of a str subclass are tracked by the
# garbage collector, which makes a file of many quoted texts much slower to load.
_BARE_LOOKING = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)|null|Null|NULL|~", re.ASCII)


MAX_BAD_ESCAPES = 5  # each costs another reading of the file; then one stops it
# ... and all readings together at most this many characters: in a file of some megabytes an
# invalid escape stops the reading at once, so that five of them at its end do not cost six
# readings of the whole file.
REPARSE_BUDGET = 3_000_000


def build(text: str, reader: Reader) -> tuple[str, object]:
    """Build plain data from libyaml's events, with positions; refuse what the format has not.
    Returns the text as read (an invalid Unicode escape, recorded as a problem, is read as a
    space) and the data."""
    # libyaml through ruamel.yaml's public C binding: it only produces events. Imported on
    # use, for start-up time.
    from ruamel.yaml.cyaml import CParser
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    problems = reader.problems
    before, stopped = len(problems.items), problems.stopped
    kept: list[Diagnostic] = []  # the problems that made the text read again
    tabs_replaced = False
    read = 0  # characters read by the readings so far
    while True:  # again after each invalid Unicode escape, read as a space, and after tabs
        del problems.items[before:]
        problems.items.extend(kept)
        problems.stopped = stopped
        reader.restart(text)
        read += len(text)
        try:
            return text, _from_events(CParser(text), text, reader)
        except MarkedYAMLError as exc:
            tabs = None if tabs_replaced else indentation_tabs(exc, text, reader.lines)
            if tabs is not None and read + len(text) <= REPARSE_BUDGET:
                # Every indenting tab reported at once, then read on as spaces to find the
                # file's other problems in the same run.
                text, found = tabs
                kept.extend(replace(d, file=problems.file) for d in found[:MAX_PROBLEMS])
                tabs_replaced = True
                continue
            fixed = bad_unicode_escape(exc, text)
            if (
                fixed is not None
                and len(kept) < MAX_BAD_ESCAPES
                and len(problems.items) < MAX_PROBLEMS
                and read + len(text) <= REPARSE_BUDGET
            ):
                text, offset, diagnostic = fixed
                kept.append(replace(diagnostic, file=problems.file))
                insort(reader.replaced, offset)
                continue
            with contextlib.suppress(TooManyProblems):
                if fixed is not None:
                    diagnostic = fixed[2]
                    problems.add(
                        diagnostic.line,
                        diagnostic.column,
                        diagnostic.message,
                        diagnostic.hint,
                        code="E112",
                    )
                else:
                    syntax_problem(exc, text, problems, reader.lines)
        except YAMLError as exc:  # a reader error without a mark
            with contextlib.suppress(TooManyProblems):
                problems.add(
                    1, 1, _("the file cannot be read as YAML: {reason}", reason=exc), code="E106"
                )
        except TooManyProblems:
            pass
        problems.stopped = True
        return text, None


_STR_TAG = "tag:yaml.org,2002:str"


def _from_events(parser: object, text: str, reader: Reader) -> object:
    get = parser.get_event  # type: ignore[attr-defined]
    problems = reader.problems
    root: object = None
    documents = 0
    # Stack frames: [container, path, pending_key, seen_keys]
    stack: list[list] = []
    alike = reader.lines.yaml_counts_alike  # libyaml's lines are the editor's (Lines.mark)
    before_comments = comment_starts(text)
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
                problems.add(
                    *reader.lines.mark(event.start_mark),
                    _("the file holds more than one YAML document (a second '---')"),
                    _(
                        "a case file is one document: remove the second '---' and "
                        "what follows, or move it to a file of its own"
                    ),
                    code="E106",
                )
                return root
            continue
        if kind in ("MappingEndEvent", "SequenceEndEvent"):
            frame = stack.pop()
            if not stack:
                root = frame[0]
            continue

        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if alike else reader.lines.of(mark.index)
        values += 1
        if values > MAX_VALUES:
            problems.add(
                line,
                column,
                _(
                    "the file holds more than {count} values; reading stopped here",
                    count=f"{MAX_VALUES:,}",
                ),
                _("a case file holds a few thousand values; is this the right file?"),
                code="E114",
            )
            raise TooManyProblems
        value: object
        quiet = False  # the value is a stand-in: a further error about it would repeat this
        if kind == "AliasEvent":
            # Never resolved: an alias is read as null, so no alias bomb can expand. What a
            # merge key merges (<<: *base, <<: [*a, *b]) is said by the merge key's error.
            if not _merged(stack):
                problems.add(
                    line,
                    column,
                    _(
                        "YAML aliases (*{anchor}) are not part of the case format",
                        anchor=event.anchor,
                    ),
                    _(
                        "a value starting with '*' is read as an alias; if '*{anchor}' is "
                        'meant as text, put the value in quotes ("*{anchor} …"); else write '
                        "the value out in full",
                        anchor=event.anchor,
                    ),
                    goes_on=True,
                    code="E109",
                )
            value = None
            quiet = True
        else:
            if event.anchor is not None:
                problems.add(
                    line,
                    column,
                    _(
                        "YAML anchors (&{anchor}) are not part of the case format",
                        anchor=event.anchor,
                    ),
                    _(
                        "if '&{anchor}' is meant as text, put the value in quotes "
                        "(\"&{anchor} …\"); else remove '&{anchor}' and write repeated values "
                        "out in full",
                        anchor=event.anchor,
                    ),
                    goes_on=True,
                    code="E109",
                )
            tag = event.tag
            if tag is not None and tag != _STR_TAG:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                problems.add(
                    line,
                    column,
                    _(
                        "YAML tags ({tag}) are not part of the case format; case files hold "
                        "plain data only",
                        tag=shown,
                    ),
                    _("remove '{tag}'", tag=shown),
                    goes_on=True,
                    code="E110",
                )
                quiet = True
            if kind == "ScalarEvent":
                raw = event.value
                if not raw.isascii() and not unicodedata.is_normalized("NFC", raw):
                    raw = _composed(raw, stack)
                style = event.style
                if (  # the cheap part of plain.check_plain's tests, for every plain value
                    style in ("", None)
                    and raw
                    and (
                        event.end_mark.index in before_comments
                        or event.start_mark.line != event.end_mark.line
                        or raw[0] in OPENING_CURLY
                    )
                ):
                    check_plain(event, raw, text, reader)
                if style in ("", None) and raw in NULLS and tag is None:
                    value = None
                else:
                    value = (
                        QuotedText(raw)
                        if style in ("'", '"') and _BARE_LOOKING.fullmatch(raw.strip())
                        else raw
                    )
                if style == '"' and FORBIDDEN_IN_VALUE.search(raw):
                    report_escapes(event, text, reader)
                    quiet = True
                elif reader.replaced and reader.blanked(event):
                    quiet = True
            elif len(stack) >= MAX_DEPTH:
                problems.add(
                    line,
                    column,
                    _("the file nests more than {depth} levels deep", depth=MAX_DEPTH),
                    _("a case file nests about 7 levels; check the indentation here"),
                    code="E113",
                )
                # Stop here: libyaml's cost per event grows with the depth, so reading on
                # through a deep subtree takes time growing with the square of its depth.
                raise TooManyProblems
            elif kind == "MappingStartEvent":
                value = {}
            else:
                value = []
        if not stack:
            if isinstance(value, (dict, list)):
                reader.positions.values[()] = (line, column)
                stack.append([value, (), _NO_KEY, {}])
            else:
                root = value
            continue
        child_path = _attach(stack, value, (line, column), reader, kind, quiet=quiet)
        if isinstance(value, (dict, list)) and kind != "AliasEvent":
            stack.append([value, child_path, _NO_KEY, {}])


# A word that may be an id or a value of a list of choices (the ids' pattern, capitals too).
_ID_LIKE = re.compile(r"[a-z0-9æøå][a-z0-9æøå_-]*", re.IGNORECASE)


def _composed(raw: str, stack: list[list]) -> str:
    """A key, id or choice as it looks: å typed as a + U+030A (as some editors save it) is
    å, so that it matches the key or id it looks like. Other text stays as written (NFC
    would also change, e.g., compatibility ideographs)."""
    composed = unicodedata.normalize("NFC", raw)
    is_key = bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
    return composed if is_key or _ID_LIKE.fullmatch(composed) else raw


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
    where: tuple[int, int],
    reader: Reader,
    kind: str,
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
        positions.values[child] = where
        if quiet:
            reader.quiet.add(child)
        return child
    pending = frame[2]
    if pending is _NO_KEY:  # this event is a key
        if kind == "AliasEvent":  # reported as an alias; its value is skipped
            reader.incomplete.add(path)
            frame[2] = _SKIP_KEY
            return path
        if not isinstance(value, str) or kind != "ScalarEvent":
            problems.add(
                *where,
                _("a key must be a plain word such as 'navn', not {what}", what=value_kind(value)),
                goes_on=True,
                code="E111",
            )
            reader.incomplete.add(path)
            frame[2] = _SKIP_KEY
            return path
        key = str(value)  # a quoted key is a key like any other
        if key == "<<":
            problems.add(
                *where,
                _("merge keys (<<) are not part of the case format"),
                _("write the keys out in full"),
                goes_on=True,
                code="E109",
            )
            reader.incomplete.add(path)  # the keys it would bring in are not missing news
            frame[2] = _MERGE_KEY
            return path
        seen: dict[str, tuple[int, int]] = frame[3]
        if key in seen:
            first = seen[key]
            problems.add(
                *where,
                _("duplicate key '{key}' (first at line {line})", key=key, line=first[0]),
                _("remove one of them or merge their contents"),
                path=(*path, key),
                goes_on=True,
                code="E108",
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
    positions.values[child] = where
    if quiet:
        reader.quiet.add(child)
    return child

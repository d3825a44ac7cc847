"""YAML syntax errors in words a case file's author can act on: where the mistake most
likely is (a look-alike space, a tab, an unquoted ': ', the indentation) and how to fix it."""

from __future__ import annotations

import re

from forankring_docs.case.loader.positions import YAML_ONLY_BREAKS, Lines, editor_lines
from forankring_docs.case.loader.problems import Problems, short
from forankring_docs.diagnostics import Diagnostic
from forankring_docs.i18n import N_, _

MAX_KEY_LENGTH = 1024  # YAML's limit for a key written without '?'


def syntax_problem(exc: Exception, text: str, problems: Problems, at: Lines) -> None:
    """Record a YAML syntax error at its place, with the hint that fits it best."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = str(getattr(exc, "context", None) or "")
    if context_mark is not None and (
        "end of stream" in problem
        or ("flow" in context and mark is not None and not text[mark.index :].strip())
    ):  # a quote or bracket still open where the file ends: point at where it opens
        opening = text[context_mark.index : context_mark.index + 1]
        closing = {"[": "]", "{": "}"}.get(opening, opening)
        problems.add(
            *at.mark(context_mark),
            (
                _(
                    "the file is not valid YAML: the bracket {opening} opened here is never closed",
                    opening=opening,
                )
                if "flow" in context
                else _(
                    "the file is not valid YAML: the quote {opening} opened here is never closed",
                    opening=opening,
                )
            ),
            _("add the closing {closing} where the value ends", closing=closing),
            code="E106",
        )
        return
    line, column = at.mark(mark) if mark is not None else (1, 1)
    lines = editor_lines(text)
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    separator = _separator(lines, [at.mark(m) for m in (context_mark, mark) if m is not None])
    if separator is not None:  # the parser's line ended there; the editor's does not
        where, char = separator
        name = _("line separator") if char == "\u2028" else _("paragraph separator")
        problems.add(
            *where,
            _(
                "the file is not valid YAML here: an invisible {name} (U+{code}) breaks this "
                "line in two for YAML",
                name=name,
                code=f"{ord(char):04X}",
            ),
            _(
                "delete it (it is often pasted in from a web page or a PDF); where a line "
                "break is meant, press Enter"
            ),
            code="E106",
        )
        return
    odd = _odd_space(lines, line)
    if odd is not None:
        odd_line, odd_column, char = odd
        problems.add(
            odd_line,
            odd_column,
            _(
                "the file is not valid YAML here: a {name} (U+{code}) stands where YAML needs "
                "an ordinary space",
                name=_(_SPACES[char]),
                code=f"{ord(char):04X}",
            ),
            _(
                "delete it and type an ordinary space; such spaces come along when text "
                "is copied from Word or a web page"
            ),
            code="E106",
        )
        return
    value = _bad_value_start(problem, here, column)
    if value is not None:
        problems.add(
            line,
            column,
            _("the file is not valid YAML: a value cannot start with '{start}'", start=value),
            _quote_hint(here, column),
            code="E106",
        )
        return
    if _tab_problem(problem, here, column):
        problems.add(line, here.index("\t") + 1, _(TAB_MESSAGE), _(TAB_HINT), code="E107")
        return
    after_quote = _after_closing_quote(problem, here, column)
    if after_quote is not None:
        problems.add(
            line,
            column,
            _("the file is not valid YAML: text follows the closing quote of a quoted value"),
            after_quote,
            code="E106",
        )
        return
    quoted = _colon_in_value(problem, here, column)
    if quoted is not None:
        hint = _("put the whole value in quotes: {quoted}", quoted=quoted)
        if any(q in here for q in "“”„"):
            hint += "\n" + _(
                "curly quotes (“ ”), as Word types them, are not quotes to YAML: "
                'type straight ones (")'
            )
        problems.add(
            line,
            column,
            _("the file is not valid YAML: a value containing ': ' must be quoted"),
            hint,
            code="E106",
        )
        return
    if context_mark is not None and "could not find expected ':'" in problem:
        left = _left_block(lines, at.mark(context_mark)[0])
        if left is not None:
            problems.add(*left, code="E106")
            return
    left = _left_item(problem, lines, line)
    if left is not None:
        problems.add(*left, code="E106")
        return
    hint = _indentation_hint(problem, lines, line) or _syntax_hint(problem, here)
    problems.add(
        line, column, _("the file is not valid YAML: {problem}", problem=problem), hint, code="E106"
    )


def _separator(
    lines: list[str], places: list[tuple[int, int]]
) -> tuple[tuple[int, int], str] | None:
    """The first U+2028 or U+2029 on the lines of ``places``, where YAML breaks a line that
    an editor does not: (line and column, the character)."""
    for line, _column in places:
        found = YAML_ONLY_BREAKS.search(lines[line - 1]) if 0 < line <= len(lines) else None
        if found is not None:
            return (line, found.start() + 1), found.group()
    return None


TAB_MESSAGE = N_("a tab is used for indentation; YAML indents with spaces only")
TAB_HINT = N_("replace the tab with spaces (most editors: 'Convert indentation to spaces')")


def _tab_problem(problem: str, here: str, column: int) -> bool:
    """Whether libyaml's ``problem`` at ``column`` of the line ``here`` is an indenting tab."""
    return "\t" in here[: max(column, len(here) - len(here.lstrip(" \t")))] and (
        "cannot start any token" in problem or "tab" in problem
    )


def indentation_tabs(exc: Exception, text: str, at: Lines) -> tuple[str, list[Diagnostic]] | None:
    """When libyaml stops at a tab that indents a line: the text with every indenting tab
    from that line on replaced by spaces (as deep as the line above suggests), and an error
    at each such tab. None for any other error."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return None
    line, column = at.mark(mark)
    lines = editor_lines(text)
    if not 0 < line <= len(lines) or not _tab_problem(problem, lines[line - 1], column):
        return None
    breaks = [m.group() for m in _BREAKS.finditer(text)]
    found = []
    for number in range(line - 1, len(lines)):
        here = lines[number]
        body = here.lstrip(" \t")
        if "\t" not in here[: len(here) - len(body)] or not body:
            continue
        found.append(
            Diagnostic(
                "",
                number + 1,
                here.index("\t") + 1,
                "error",
                _(TAB_MESSAGE),
                _(TAB_HINT),
                code="E107",
            )
        )
        lines[number] = " " * _indent_after(lines, number) + body
    fixed = "".join(ln + brk for ln, brk in zip(lines, [*breaks, ""], strict=True))
    return fixed, found


_BREAKS = re.compile("\r\n|[\r\n]")
_BLANKS = re.compile(" *")
_DASHES = re.compile(r"(?:- +)*+")  # the '- ' of list items that start a line (after its indent)


def _indent_after(lines: list[str], number: int) -> int:
    """The indentation the line ``number`` (0-based) most likely means: under the last key
    of the line above (deeper when that line opens a mapping or list)."""
    for above in reversed(lines[:number]):
        stripped = above.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        rest = _DASHES.match(above, len(above) - len(stripped)).end()  # type: ignore[union-attr]
        return rest + 2 if above.rstrip().endswith(":") else rest
    return 0


_BLOCK_HEADER = re.compile(r"\s*+(?:-\s+)*+([^\s:#'\"][^:#]*+):\s+[|>][-+0-9]*\s*(?:#.*)?")


def _left_block(lines: list[str], line: int) -> tuple[int, int, str, str] | None:
    """When ``line`` is a line of a '|' or '>' block moved left out of it: where, what and
    the column it needs. None otherwise."""
    if not 0 < line <= len(lines):
        return None
    here = lines[line - 1]
    indent = len(here) - len(here.lstrip(" "))
    content: tuple[int, int] | None = None  # (line number, indentation) of the block's text
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        if not above.strip():
            continue
        above_indent = len(above) - len(above.lstrip(" "))
        if above_indent > indent:
            content = (number, above_indent)
            continue
        header = _BLOCK_HEADER.fullmatch(above)
        if header is None or content is None:
            return None
        first, needed = content
        return (
            line,
            indent + 1,
            _(
                "the file is not valid YAML: this line has left the text block of '{key}' "
                "(the '|' on line {line}), so YAML reads it as a key",
                key=header.group(1).strip(),
                line=number,
            ),
            _(
                "indent it {spaces} spaces, like the block's line {line}, to keep it in the text",
                spaces=needed,
                line=first,
            ),
        )
    return None


def _left_item(problem: str, lines: list[str], line: int) -> tuple[int, int, str, str] | None:
    """When the key on ``line`` has moved back to the column of its list item's '-': where,
    what and the column it needs. None otherwise."""
    if "did not find expected '-'" not in problem or not 1 < line <= len(lines):
        return None
    here = lines[line - 1]
    body = here.lstrip(" ")
    indent = len(here) - len(body)
    if body.startswith("-") or ":" not in body:
        return None
    for number in range(line - 1, 0, -1):
        above = lines[number - 1]
        above_body = above.lstrip(" ")
        if not above_body.strip() or above_body.startswith("#"):
            continue
        above_indent = len(above) - len(above_body)
        if above_indent > indent:
            continue
        if above_indent < indent or not above_body.startswith("- "):
            return None
        key = above_body[2:].lstrip(" ")
        needed = len(above) - len(key)
        word = body.split(":", 1)[0].strip()
        return (
            line,
            indent + 1,
            _(
                "the file is not valid YAML: '{key}' has moved out of the list item above: "
                "it starts in the column of the item's '-' (line {line})",
                key=short(word, 30),
                line=number,
            ),
            _(
                "indent it {spaces} spaces, like '{other}' on line {line}, to keep it in the item",
                spaces=needed,
                other=short(key.split(":", 1)[0], 30),
                line=number,
            ),
        )
    return None


def _after_closing_quote(problem: str, here: str, column: int) -> str | None:
    """The hint when the problem is text after a quoted value's closing quote, as in
    ``navn: "IF" Egeparken``; None otherwise."""
    if "did not find expected key" not in problem and "expected <block end>" not in problem:
        return None
    match = re.match(r"(\s*+(?:-\s+)*+[^\s:#'\"][^:#]*+:\s+)(([\"'])[^\"']*\3)[ \t]*\S", here)
    if match is None or match.end(2) >= column:
        return None
    value = here[match.end(1) :].split(" #")[0].rstrip()
    head = match.group(1).strip()
    written = "'" + value.replace("'", "''") + "'"
    return _(
        "a quoted value ends at its closing quote; for quotes inside the text, put the whole "
        "value in the other kind of quotes: {line}",
        line=f"{head} {short(written, 60)}",
    )


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
        at = column  # moved on by index: a line of thousands of '- ' costs no more than its length
        while text.startswith("- ", at):
            column += 2
            at = _BLANKS.match(text, at + 2).end()  # type: ignore[union-attr]
            columns.add(column)
        stripped = text[at:]
        previous = (number, stripped.split(":", 1)[0].strip(), column)
    indent = len(here) - len(here.lstrip(" "))
    if previous is None or indent in columns:
        return None
    number, key, column = previous
    word = here.strip().split(":", 1)[0]
    return _(
        "'{key}' is indented {indent} spaces, where no key above starts; to put it with "
        "'{other}' (line {line}), indent it {spaces} spaces",
        key=word,
        indent=indent,
        other=key,
        line=number,
        spaces=column,
    )


# Spaces that look like spaces but are not, to YAML (pasted from Word, web pages).
_SPACES = {
    "\u00a0": N_("non-breaking space"),
    "\u202f": N_("narrow non-breaking space"),
    "\u2007": N_("figure space"),
    "\u200b": N_("zero-width space"),
    "\u3000": N_("wide space"),
    "\ufeff": N_("zero-width non-breaking space"),
    "\u2002": N_("en space"),
    "\u2003": N_("em space"),
    "\u2009": N_("thin space"),
}
# ... in the indentation, after a list's '-', or right after a key's ':'.
# (Here and in the patterns below, what skips the '- ' of a line is possessive, so that a
# long line of '- - - …' is not tried again from every '-'.)
_ODD_SPACE = re.compile(
    r"^[ \t]*(?:-[ \t]+)*-?[ \t]*([{0}])|^[ \t]*+(?:-[ \t]+)*+[^\s:#'\"]"
    r"[^:#]*+:([{0}])".format("".join(_SPACES))
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
    if suggestion:
        return _("put the value in quotes: {quoted}", quoted=suggestion)
    return _("put the value in quotes")


def _colon_in_value(problem: str, line_text: str, column: int) -> str | None:
    """The line written with its value quoted, when the problem is ': ' inside that value."""
    if "mapping values are not allowed" not in problem:
        return None
    key = re.match(r"\s*+(?:-\s+)*+[^\s:#\"'][^:#]*+:\s+", line_text)
    if key is None or key.end() >= column:
        return None
    return _quoted(line_text, key.end() + 1)


def _syntax_hint(problem: str, line_text: str) -> str:
    if "mapping values are not allowed" in problem:
        return _(
            "a value containing ': ' must be quoted, e.g. navn: \"Tid: kl. 16\"; "
            "or the indentation of this line is off"
        )
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return _("check the indentation: keys of one mapping must start in the same column")
    if "could not find expected ':'" in problem:
        if len(line_text) > MAX_KEY_LENGTH:
            return _(
                "a key can be at most {limit} characters long; keys are short words such as "
                "'navn', and long text goes after the ':'",
                limit=MAX_KEY_LENGTH,
            )
        return _("a ':' is missing after a key on this line or the line above (write 'key: value')")
    if "did not find expected '-'" in problem:
        stripped = line_text.lstrip()
        if stripped.startswith("-") and stripped[1:2] not in (" ", ""):
            return _("put a space after the '-': '- {item}'", item=short(stripped[1:], 30))
        return _("every item of a list starts with '- ' in the same column")
    if "found unknown escape character" in problem:
        return _("inside double quotes a backslash starts an escape; use single quotes instead")
    if "while scanning a quoted scalar" in problem or "end of stream" in problem:
        return _("a quote is opened but not closed")
    if "found character that cannot start any token" in problem:
        stripped = line_text.lstrip()
        if stripped[:1] in "@`%":
            return _("a value cannot start with '{start}'; put it in quotes", start=stripped[:1])
        return _("put the value in quotes")
    return _("check the indentation and quoting around this place")

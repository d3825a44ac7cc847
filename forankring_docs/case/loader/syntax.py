"""YAML syntax errors in words a case file's author can act on: where the mistake most
likely is (a look-alike space, a tab, an unquoted ': ', the indentation) and how to fix it."""

from __future__ import annotations

import re

from forankring_docs.case.loader.problems import Problems, short

MAX_KEY_LENGTH = 1024  # YAML's limit for a key written without '?'


def syntax_problem(exc: Exception, text: str, problems: Problems) -> None:
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
        what = "bracket" if "flow" in context else "quote"
        problems.add(
            context_mark.line + 1,
            context_mark.column + 1,
            f"the file is not valid YAML: the {what} {opening} opened here is never closed",
            f"add the closing {closing} where the value ends",
        )
        return
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

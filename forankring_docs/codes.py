"""The registry of diagnostic codes for errors (E) and the loader's warnings (Y).

Every error a case file can have carries one of these codes, so that a CI log, an editor or
``--ignore`` can name it, and ``docs/diagnostics.md`` is generated from this table (with the
rules' A-codes from ``analysis.checks``). The scheme:

- E1xx: reading the file (size, encoding, YAML syntax, duplicate keys, anchors, characters);
- E2xx: the shape of the case (unknown or missing keys, types, values, ids, dates, numbers);
- E3xx: how the items fit together (ids, references, dates in order, the anchorings);
- E4xx: the limits on what a case may hold;
- T1xx: the report template (a template folder, its styles, the HTML it writes);
- Y1xx: warnings where YAML reads a value otherwise than it looks.

A code, once given, keeps its meaning: new kinds of problems get new codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class Code:
    """A stable code: its one-line title and a help text saying what to do."""

    code: str
    severity: Literal["error", "warning"]
    title: str
    help: str


def _table(severity: Literal["error", "warning"], *rows: tuple[str, str, str]) -> dict[str, Code]:
    return {code: Code(code, severity, title, help) for code, title, help in rows}


ERRORS: dict[str, Code] = _table(
    "error",
    # E1xx: reading the file
    (
        "E101",
        "The file cannot be read.",
        "Give a regular case file you may read (not a folder, a device, a pipe or a link "
        "that leads nowhere or back to itself).",
    ),
    (
        "E102",
        "The file is too large.",
        "Case files over 5 MB are refused without being read; a case holds a few "
        "thousand values. Check that it is the right file.",
    ),
    (
        "E103",
        "The file is not saved as UTF-8.",
        "Save it as UTF-8 (in Notepad: Save as, Encoding UTF-8; in VS Code: the encoding "
        "in the status bar, Save with Encoding).",
    ),
    (
        "E104",
        "The file is empty.",
        "Start from `forankring new FILE`, which writes a commented case file to fill in.",
    ),
    (
        "E105",
        "The top level of the file is not a mapping of keys.",
        "A case file starts with keys such as `format:`, `meta:` and `fase1:`, each at the "
        "start of its line.",
    ),
    (
        "E106",
        "The file is not valid YAML.",
        "The message names what YAML could not read there (an unclosed quote or bracket, a "
        "value with ': ' that needs quotes, a wrong indentation); the hint says how to "
        "write it.",
    ),
    (
        "E107",
        "A tab indents a line.",
        "YAML indents with spaces only: replace the tab by spaces (most editors can show "
        "tabs and convert them).",
    ),
    (
        "E108",
        "A key is written twice in the same mapping.",
        "Remove one of them or merge their contents.",
    ),
    (
        "E109",
        "A YAML anchor, alias or merge key.",
        "Case files hold plain data: write the values out in full where they are used. A "
        "text starting with '&' or '*' goes in quotes.",
    ),
    (
        "E110",
        "A YAML tag.",
        "Case files hold plain data: remove the tag (the part starting with '!'). `!!str` is "
        "the one tag allowed.",
    ),
    (
        "E111",
        "A key that is not a plain word.",
        "Write keys as plain words such as `navn`, each followed by ':'.",
    ),
    (
        "E112",
        "A character that a Word document cannot hold.",
        "Delete it; control characters are often pasted in invisibly from another program.",
    ),
    (
        "E113",
        "The file nests too deeply.",
        "A case file nests about 7 levels; check the indentation where the error points.",
    ),
    (
        "E114",
        "Too many problems or values: reading stopped.",
        "Correct the problems reported above, then check the file again; often the rest are "
        "of the same kind.",
    ),
    # E2xx: the shape of the case
    (
        "E201",
        "An unknown key.",
        "The hint names the key meant (a misspelling, an English name) and the valid keys at "
        "that place; a key at the wrong indentation belongs to another section.",
    ),
    ("E202", "A required key is missing.", "Add the key the message names, with its value."),
    (
        "E203",
        "A value of the wrong kind (a list, a mapping or a text was expected).",
        "Write the value as the message says: a mapping as keys indented below, a list as "
        "lines starting with '- ', text after the colon.",
    ),
    (
        "E204",
        "A value is missing or empty.",
        "Write a value after the key's ':', or delete the key (or the empty list item).",
    ),
    (
        "E205",
        "A value that is not one of the valid choices.",
        "Write one of the values the hint lists (the hint guesses the one meant).",
    ),
    (
        "E206",
        "An id that is not valid.",
        "Ids use lowercase a–z, æ, ø, å, digits, '-' and '_', start with a letter or digit "
        "and are at most 40 characters.",
    ),
    (
        "E207",
        "A date that is not a date.",
        "Write dates as YYYY-MM-DD, e.g. 2026-06-30, and check that the day exists.",
    ),
    (
        "E208",
        "A number that is not a valid number.",
        "Write numbers with the digits 0–9, a point for decimals, no thousands separator, no "
        "unit and no quotes: 7.5, 40000.",
    ),
    (
        "E209",
        "A score that is not 1, 2, 3, 4 or null.",
        "Scores: 1 = ikke til stede, 2 = svag, 3 = delvis, 4 = stærk; null = ukendt.",
    ),
    (
        "E210",
        "A format version this version of forankring cannot read.",
        "Write `format: 1`.",
    ),
    (
        "E211",
        "A list that needs at least one item.",
        "Write each item on its own line below the key, starting with '- '.",
    ),
    (
        "E299",
        "Another value the case format does not allow.",
        "The message says what the value must be.",
    ),
    # E3xx: how the items fit together
    (
        "E301",
        "Two items of the same kind have the same id.",
        "Give each item an id of its own.",
    ),
    (
        "E302",
        "A reference to an id that does not exist, or is of another kind.",
        "Write the id of an existing item of the kind named (the hint lists the known ids "
        "and guesses the one meant), or add the item.",
    ),
    (
        "E303",
        "A list holds the same entry twice.",
        "Remove the second one.",
    ),
    (
        "E304",
        "Dates in the wrong order.",
        "A start is on or before its end (a deadline, the period's slut): swap the dates or "
        "correct one.",
    ),
    (
        "E305",
        "An actor is analysed twice.",
        "Keep one analysis per actor in fase3.analyser; merge the two.",
    ),
    (
        "E306",
        "A task is in two anchorings.",
        "A task has one chosen anchoring: remove it from one of them.",
    ),
    (
        "E307",
        "An anchoring without exactly one hovedansvarlig.",
        "Give one actor `rolle: hovedansvarlig`; the others are medansvarlig or bidragyder.",
    ),
    (
        "E308",
        "A network anchoring with fewer than two actors.",
        "A netværk needs at least two actors; or use model enkeltaktør.",
    ),
    (
        "E309",
        "A medansvarlig in an enkeltaktør anchoring.",
        "Use model netværk when responsibility is shared, or make the actor a bidragyder.",
    ),
    (
        "E310",
        "An actor is in an anchoring twice.",
        "List each actor once in an anchoring, with one role.",
    ),
    (
        "E311",
        "A built-in task type is defined again.",
        "Choose another id for your own task type under fase1.opgavetyper.",
    ),
    (
        "E312",
        "A task type that is neither built in nor defined.",
        "Use a built-in task type, or add your own under fase1.opgavetyper.",
    ),
    (
        "E313",
        "The hovedansvarlig of an anchoring has its own opgaver.",
        "The hovedansvarlig answers for all the anchoring's tasks: remove its opgaver, and "
        "give the tasks to the other actors' roles.",
    ),
    (
        "E314",
        "A role covers a task that is not one of its anchoring's tasks.",
        "Name only tasks from the anchoring's opgaver, or add the task to them.",
    ),
    (
        "E315",
        "A snitflade's fra or til is not an actor of its anchoring.",
        "Use the id of an actor listed under the anchoring's aktører, or add the actor there.",
    ),
    (
        "E316",
        "A snitflade goes from an actor to itself.",
        "An interface is between two different actors: change fra or til.",
    ),
    # E4xx: limits
    (
        "E401",
        "The case holds more items than a report can be built from.",
        "The limits (README, Security) are far above a real case; split the work into "
        "several case files.",
    ),
    # T1xx: the report template
    (
        "T101",
        "A problem in the report template.",
        "The message names the template file and line; `forankring template init DIR` "
        "gives a fresh copy of the built-in files to compare with.",
    ),
    (
        "T102",
        "The template's styles.docx lacks a style, or cannot be read.",
        "Add the style the message names in Word (Styles pane), or start from the built-in "
        "styles.docx.",
    ),
    (
        "T103",
        "The HTML a template writes is outside what a report may hold.",
        "See docs/template-markup.md for the elements and attributes a template may write.",
    ),
)

#: Warnings of the loader: the file reads, but maybe not as its author meant.
LOADER_WARNINGS: dict[str, Code] = _table(
    "warning",
    (
        "Y101",
        "Text after ' #' in a value without quotes is read as a comment and left out.",
        "Put the whole value in quotes, or write it below '|'; a comment on purpose has two "
        "spaces before its '#'.",
    ),
    (
        "Y102",
        "Lines starting with '- ' in a value without quotes or '|' are folded into one line.",
        "Put '|' after the key's ':' and the lines indented below it, to keep each line.",
    ),
    (
        "Y103",
        "A value in curly quotes keeps the quotes as part of the text.",
        "Type straight quotes, or none: curly quotes (“ ”), as Word types them, are not "
        "quotes to YAML.",
    ),
)

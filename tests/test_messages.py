"""The message catalog serves the code: every message the code can show has a Danish
translation with the same placeholders, and the compiled .mo is the .po as it is.

Like the schema's staleness test: a message changed in the code without the catalog fails
here, with the command that brings the catalog up to date."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
import messages  # noqa: E402 - tools/ is not a package

FIX = "run python tools/messages.py, then translate what it lists in the .po"


def test_the_danish_catalog_is_complete_translated_and_compiled() -> None:
    problems = messages.check()
    assert problems == [], f"{FIX}:\n" + "\n".join(problems)


def _marked_in_code() -> set[str]:
    """Every literal message the code passes to _, N_ or ngettext, found by walking the code
    itself: a second reading besides Babel's, which skips a message inside an f-string."""
    found = set()
    for path in (REPO / "forankring_docs").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "ngettext", "NP_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_every_message_marked_in_the_code_is_in_the_catalog() -> None:
    catalog = messages.read(messages.po_path("da"))
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    missing = sorted(_marked_in_code() - ids)
    assert missing == [], f"{FIX} (and keep messages out of f-strings): {missing}"


def test_the_commands_help_texts_are_in_the_catalog() -> None:
    from forankring_docs.cli.app import main
    from forankring_docs.cli.help import help_texts

    catalog = messages.read(messages.po_path("da"))
    texts = [text for _item, _attribute, text in help_texts(main)]
    assert len(texts) > 20  # every command and option has one
    assert [t for t in texts if catalog.get(t) is None or not catalog.get(t).string] == []


def _catalog(*entries: tuple[object, object, bool]) -> Catalog:
    catalog = Catalog(locale="da")
    for msgid, msgstr, fuzzy in entries:
        catalog.add(msgid, msgstr, flags=["fuzzy"] if fuzzy else [])
    return catalog


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (("{n} files", "", False), "untranslated"),
        (("{n} files", "{n} filer", True), "fuzzy"),
        (("cannot write {path}", "{sti} kan ikke skrives", False), "placeholders differ"),
        (("cannot write {path}", "filen kan ikke skrives", False), "placeholders differ"),
        ((("{n} file", "{n} files"), ("{n} fil", ""), False), "untranslated"),
        ((("{n} file", "{n} files"), ("{n} fil", "filer"), False), "placeholders differ"),
    ],
)
def test_an_unusable_entry_is_found(entry: tuple[object, object, bool], problem: str) -> None:
    found = messages.problems(_catalog(entry))
    assert len(found) == 1 and found[0].startswith(problem), found


def test_a_catalog_out_of_step_with_the_code_is_found() -> None:
    code = _catalog(("new message", "", False), ("kept", "", False))
    po = _catalog(("kept", "beholdt", False), ("old message", "gammel besked", False))
    found = messages.problems(po, code)
    assert "not in the catalog: 'new message'" in found
    assert "no longer in the code: 'old message'" in found


def test_a_good_entry_passes() -> None:
    catalog = _catalog(
        ("cannot write {path}: {reason}", "{path} kan ikke skrives: {reason}", False),
        (("{n} file", "{n} files"), ("{n} fil", "{n} filer"), False),
    )
    assert messages.problems(catalog) == []


def test_the_compiled_catalog_is_found_where_the_package_looks() -> None:
    from forankring_docs.i18n import DOMAIN, LOCALE_DIR

    assert (LOCALE_DIR / "da" / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    assert Path(messages.po_path("da")).parent == LOCALE_DIR / "da" / "LC_MESSAGES"


# The calls that carry a message to the user; their texts go through _() or ngettext().
_MESSAGE_CALLS = frozenset(
    {
        "make_finding",  # the A-rules
        "Problem",  # references
        "Limit",
        "Diagnostic",
        "add",  # the loader's problems.add
        "echo",  # click.echo in the command line
        "fail",
        "BadParameter",
        "UsageError",
        "ForankringError",
        "HistoryError",
        "OutputError",
        "TemplateError",
        "TemplateInitError",
        "PdfUnavailable",
        "NoCases",
        "TooLarge",
    }
)
# The restricted XHTML of a template's markup (document/) speaks to template developers, in
# English; the labels and every other template error are translated.
_ENGLISH_ONLY = ("document",)
_WORD = re.compile(r"[A-Za-z]{2,}")


def _untranslated_messages() -> list[str]:
    found = []
    for path in sorted((REPO / "forankring_docs").rglob("*.py")):
        relative = path.relative_to(REPO / "forankring_docs")
        if relative.parts[0] in _ENGLISH_ONLY:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # A sentence kept in a module's constant (TOO_DEEP = "…") and passed by its name.
        constants = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", "")
            if name not in _MESSAGE_CALLS:
                continue
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                for value in (arg.body, arg.orelse) if isinstance(arg, ast.IfExp) else (arg,):
                    if isinstance(value, ast.Name) and value.id in constants:
                        value = constants[value.id]  # what the name holds
                    if isinstance(value, ast.JoinedStr):
                        words = "".join(
                            part.value for part in value.values if isinstance(part, ast.Constant)
                        )
                    elif isinstance(value, ast.Constant) and isinstance(value.value, str):
                        words = value.value if " " in value.value.strip() else ""
                    else:
                        continue
                    if _WORD.search(words):
                        found.append(f"{relative}:{value.lineno}: {words[:60]!r}")
    return found


def test_every_message_to_the_user_is_marked_for_translation() -> None:
    """A message written straight into an error, a diagnostic, a finding or an echo would
    stay English on a Danish machine: write it as _("… {name} …", name=…) instead."""
    assert _untranslated_messages() == []

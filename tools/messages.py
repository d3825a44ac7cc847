"""The message catalog of the command line: extract, update, check and compile it with Babel.

Run it from the repository root after changing a message in the code::

    python tools/messages.py            # extract, merge into the .po files, compile the .mo files
    python tools/messages.py --check    # what is untranslated, fuzzy or out of date (exit 1)

Then translate the new or fuzzy entries of ``forankring_docs/locale/da/LC_MESSAGES/
forankring.po`` and run it once more to compile. The ``.mo`` files are committed next to
their ``.po``: an editable install and a wheel then carry them without a build step, and a
test checks that they are compiled from the ``.po`` as it is.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from importlib.metadata import version
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "forankring_docs"
LOCALE = PACKAGE / "locale"
DOMAIN = "forankring"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "NP_": (1, 2)}


def extracted() -> Catalog:
    """Every message the code marks (``_``, ``N_``, ``ngettext``, ``NP_``), as a template
    catalog."""
    catalog = Catalog(project="forankring-docs", version="", msgid_bugs_address="", fuzzy=False)
    # Babel warns of each f-string given as a placeholder's value (count=f"{n:,}"): not a
    # message, and not to be reported as one.
    with contextlib.redirect_stderr(io.StringIO()):
        found = list(
            extract_from_dir(
                PACKAGE,
                method_map=[("**.py", "python")],
                keywords=KEYWORDS,
                strip_comment_tags=True,
            )
        )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            locations=[(f"forankring_docs/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    # The commands' help texts are docstrings and help= of click, which Babel does not read.
    from forankring_docs.cli.app import main
    from forankring_docs.cli.help import help_texts

    for item, attribute, text in help_texts(main):
        name = getattr(item, "name", "") or ""
        catalog.add(text, locations=[(f"help of {name} ({attribute})", 0)])
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def languages() -> list[str]:
    return sorted(p.name for p in LOCALE.iterdir() if po_path(p.name).is_file())


def read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def write(catalog: Catalog, path: Path) -> None:
    catalog.project, catalog.version = "forankring-docs", version("forankring-docs")
    for message in catalog:
        if not message.fuzzy:  # the id it was matched from is of no use once checked
            message.previous_id = []
            message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    out = io.BytesIO()
    # Without line numbers, so that a change elsewhere in a file leaves the catalog alone.
    write_po(out, catalog, width=100, include_lineno=False, include_previous=True)
    path.write_bytes(out.getvalue())


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def fields(text: str) -> set[str]:
    """The named placeholders of a message (``{file}`` → ``file``); a brace doubled to be
    shown (``{{``) is none, nor is a lone one in a text shown as it is."""
    return set(_FIELD.findall(text))


_FIELD = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def problems(catalog: Catalog, template: Catalog | None = None) -> list[str]:
    """What keeps ``catalog`` from serving the code: a message the code has and the catalog
    lacks (or the reverse), an entry that is untranslated or fuzzy, a translation whose
    placeholders are not the message's."""
    out = []
    if template is not None:
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
        want = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
        out += [f"not in the catalog: {m!r}" for m in sorted(want - have)]
        out += [f"no longer in the code: {m!r}" for m in sorted(have - want)]
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy:
            out.append(f"fuzzy (check the translation): {ids[0]!r}")
        if not all(strings):
            out.append(f"untranslated: {ids[0]!r}")
            continue
        wanted = set().union(*(fields(i) for i in ids))
        for text in strings:
            if fields(text) != wanted:
                out.append(f"placeholders differ: {ids[0]!r} → {text!r}")
    return out


def update() -> None:
    template = extracted()
    for language in languages():
        path = po_path(language)
        catalog = read(path)
        template.creation_date = catalog.creation_date  # no churn in the header
        catalog.update(template, no_fuzzy_matching=False)
        catalog.obsolete.clear()  # git keeps the history; the file keeps what is used
        write(catalog, path)
        path.with_suffix(".mo").write_bytes(compiled(catalog))


def check() -> list[str]:
    template = extracted()
    out = []
    for language in languages():
        path = po_path(language)
        catalog = read(path)
        out += [f"{language}: {p}" for p in problems(catalog, template)]
        mo = path.with_suffix(".mo")
        if not mo.is_file() or mo.read_bytes() != compiled(catalog):
            out.append(f"{language}: {mo.name} is not compiled from {path.name}")
    return out


if __name__ == "__main__":
    if sys.argv[1:] == ["--check"]:
        found = check()
        print("\n".join(found) or "the catalogs are complete and compiled")
        sys.exit(1 if found else 0)
    update()
    print("\n".join(check()) or "the catalogs are complete and compiled")

"""Diagnostics for machines besides JSON: GitHub Actions workflow commands and SARIF 2.1.0.

Both name each diagnostic's code and take the title and help text from the one catalog of
codes, so that an annotation in a pull request or a code-scanning alert says the same as
``docs/diagnostics.md``."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from forankring_docs.analysis.catalog import catalog, plain
from forankring_docs.diagnostics import Diagnostic, escape_line_breaks
from forankring_docs.errors import printable
from forankring_docs.i18n import _

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"


def _text(d: Diagnostic) -> str:
    """The message as the text format words it (the key path first), and the hint below,
    in the language of the run like the message itself; the severity stays a machine's."""
    where = f"{d.path}: " if d.path else ""
    text = printable(f"{where}{d.message}", lines=True)
    hint = "\n" + _("hint: {hint}", hint=printable(d.hint, lines=True)) if d.hint else ""
    return text + hint


# ------------------------------------------------------------------ GitHub
def _data(text: str) -> str:
    """GitHub's escaping of a workflow command's message."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value (``file=``, ``title=``)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(diagnostics: Sequence[Diagnostic]) -> str:
    """One ``::error``/``::warning`` workflow command per diagnostic, each on its line."""
    titles = catalog()
    lines = []
    for d in diagnostics:
        entry = titles.get(d.code or "")
        title = f"{d.code}: {entry.title.rstrip('.')}" if entry else (d.code or "forankring")
        props = (("file", printable(d.file)), ("line", d.line), ("col", d.column), ("title", title))
        fields = ",".join(f"{name}={_property(str(value))}" for name, value in props)
        lines.append(f"::{d.severity} {fields}::{_data(_text(d))}")
    return "\n".join(lines)


# ------------------------------------------------------------------ SARIF
def to_sarif(diagnostics: Sequence[Diagnostic], version: str, cwd: Path | None = None) -> str:
    """A SARIF 2.1.0 log of one run: every code of the catalog as a rule, every diagnostic
    as a result at its file (relative to ``cwd``, the working folder), line and column."""
    cwd = cwd or Path(os.getcwd())
    entries = catalog()
    index = {code: i for i, code in enumerate(entries)}
    rules = [
        {
            "id": entry.code,
            "shortDescription": {"text": entry.title},
            "fullDescription": {"text": plain(entry.help)},
            "help": {"text": plain(entry.help), "markdown": entry.help},
            "defaultConfiguration": {"level": entry.severity},
        }
        for entry in entries.values()
    ]
    results = []
    for d in diagnostics:
        result: dict[str, object] = {
            "ruleId": d.code or "forankring",
            "level": d.severity,
            "message": {"text": _text(d)},
            "locations": [_location(d, cwd)],
        }
        if d.code in index:
            result["ruleIndex"] = index[d.code]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "forankring",
                        "semanticVersion": version,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": cwd.resolve().as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return escape_line_breaks(json.dumps(log, ensure_ascii=False, indent=2))


def _location(d: Diagnostic, cwd: Path) -> dict[str, object]:
    """The file as a URI relative to the working folder (absolute outside it), and where."""
    path = Path(d.file)
    artifact: dict[str, str]
    try:
        relative = path.resolve().relative_to(cwd.resolve()) if path.is_absolute() else path
    except ValueError:
        artifact = {"uri": path.resolve().as_uri()}
    else:
        artifact = {"uri": quote(PurePosixPath(*relative.parts).as_posix()), "uriBaseId": SRCROOT}
    location: dict[str, object] = {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": d.line, "startColumn": d.column},
        }
    }
    if d.path:
        location["logicalLocations"] = [{"fullyQualifiedName": d.path, "kind": "member"}]
    return location

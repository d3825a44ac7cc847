"""Finding case files: files as given, folders searched recursively for *.yaml and *.yml."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from forankring_docs.errors import UsageError, printable
from forankring_docs.i18n import _

CASE_SUFFIXES = (".yaml", ".yml")


class NoCases(UsageError):
    """A folder that holds no case files."""


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files as given; each folder's case files sorted. Duplicates are dropped.

    In a folder, hidden folders and files (``.git``, ``.github/workflows/*.yml``) are not
    cases. Whatever else has a case file's name and is not a folder is kept, so that it is
    reported, not skipped: a link whose target is gone, a link loop, a named pipe."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in CASE_SUFFIXES
                    and not p.is_dir()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                ),
                key=lambda p: p.as_posix(),
            )
            if not files:
                raise NoCases(
                    _(
                        "{path}: no case files (*.yaml, *.yml) in this folder",
                        path=printable(path),
                    )
                )
        else:
            files = [path]
        for file in files:
            key = _resolved(file)
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def _resolved(path: Path) -> Path:
    """The file ``path`` leads to (given twice, a file is read once); a link loop leads
    nowhere, so it stands for itself."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a loop: RuntimeError before Python 3.13, OSError since
        return path.absolute()

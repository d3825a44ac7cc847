"""Finding case files: files as given, folders searched recursively for *.yaml and *.yml."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from forankring_docs.errors import UsageError

CASE_SUFFIXES = (".yaml", ".yml")


class NoCases(UsageError):
    """A folder that holds no case files."""


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files as given; each folder's case files sorted. Duplicates are dropped.

    In a folder, hidden folders and files (``.git``, ``.github/workflows/*.yml``) are not
    cases. A link whose target is gone is kept, so that it is reported, not skipped."""
    found: list[Path] = []
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in CASE_SUFFIXES
                    and (p.is_file() or _broken_link(p))
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                ),
                key=lambda p: p.as_posix(),
            )
            if not files:
                raise NoCases(f"{path}: no case files (*.yaml, *.yml) in this folder")
        else:
            files = [path]
        for file in files:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                found.append(file)
    return found


def _broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()

"""Outputs: names derived from case files, and atomic writes that never leave half a file.

A document is written to a temporary file in the target folder, flushed to disk, then
renamed over the final name. A failed or interrupted write removes the temporary file and
leaves any earlier document of the same name intact.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from forankring_docs.errors import ForankringError

TEMP_PREFIX = ".forankring-"
TEMP_SUFFIX = ".tmp"
_UNSAFE = re.compile(r"[^\w.\- (),+]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


class OutputError(ForankringError):
    """An output that cannot be written; the message says why and what to do."""


def safe_stem(stem: str) -> str:
    """The case file's stem (cli.md: ``DIR/<file stem>.<ext>``) where it is safe on every
    system and in a shell script's quotes: letters (æøå too), digits, spaces and ``. - _ ( )
    , +``. Anything else (path separators, ``<>:"|?*`` that Windows refuses, quotes, ``$``
    and ``;`` that scripts trip over, control characters) becomes ``_``."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", stem)).strip()
    text = _UNSAFE.sub("_", text).strip(". ") or "rapport"
    if text.lower() in _RESERVED:
        text += "_"
    return text[:120].rstrip(". ")


@dataclass(frozen=True, slots=True)
class Planned:
    case: Path
    outputs: dict[str, Path]  # format → output path


def plan_outputs(cases: Sequence[Path], out_dir: Path, formats: Iterable[str]) -> list[Planned]:
    """``out_dir/<stem>.<ext>`` for every case and format; collisions are an OutputError."""
    formats = list(dict.fromkeys(formats))
    plans = []
    taken: dict[str, Path] = {}
    clashes = []
    for case in cases:
        stem = safe_stem(case.stem)
        key = stem.casefold()  # case-insensitive file systems (Windows, macOS)
        if key in taken:
            clashes.append(f"{taken[key]} and {case} would both write {stem}.*")
        else:
            taken[key] = case
        plans.append(Planned(case, {fmt: out_dir / f"{stem}.{fmt}" for fmt in formats}))
    if clashes:
        raise OutputError(
            "two case files would write the same output name:\n  "
            + "\n  ".join(clashes)
            + "\nrename one of the files, or render them into different folders with -o"
        )
    _refuse_overwriting_cases(plans)
    return plans


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def _refuse_overwriting_cases(plans: Sequence[Planned]) -> None:
    """An output that IS one of the case files (a case named ``x.docx``) is an OutputError."""
    cases = {_file_id(plan.case): plan.case for plan in plans}
    cases.pop(None, None)
    for plan in plans:
        for output in plan.outputs.values():
            case = cases.get(_file_id(output))
            if case is not None:
                raise OutputError(
                    f"{output} would overwrite the case file {case}; case files end in .yaml: "
                    "rename it, or choose another folder with -o"
                )


def ensure_writable_dir(folder: Path) -> None:
    """Create ``folder`` if needed and check that files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"{folder} is a file, not a folder; choose another -o") from None
    except NotADirectoryError:
        raise OutputError(f"{folder}: part of this path is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot create the folder {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder; choose another -o")
    try:
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError(
            f"cannot write in {folder}: {exc.strerror or exc}; choose a folder "
            "you may write to with -o"
        ) from None
    os.close(fd)
    os.unlink(probe)


def _file_mode() -> int:
    """The mode a new file gets under the current umask (mkstemp would give 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes, tag: str = "") -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename; all or nothing.

    ``tag`` marks the temporary file as this run's, so an interrupted run can remove it.
    """
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX + tag, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _file_mode())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(
                f"cannot write {path}: {exc.strerror or exc}; the previous "
                "version, if any, is unchanged"
            ) from None
        raise


def remove_run_temporaries(folder: Path, tag: str) -> None:
    """Remove the temporary files that the run marked ``tag`` may have left in ``folder``."""
    if not tag:
        return
    for item in folder.glob(f"{TEMP_PREFIX}{tag}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            item.unlink()

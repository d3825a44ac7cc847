"""Outputs: names derived from case files, and atomic writes that never leave half a file.

A document is written to a temporary file in the target folder, flushed to disk, then
renamed over the final name. A failed or interrupted write removes the temporary file and
leaves any earlier document of the same name intact.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from forankring_docs.errors import ForankringError, printable
from forankring_docs.i18n import _

TEMP_PREFIX = ".forankring-"
# Most file systems allow 255 bytes in a name; ".docx" and ".html" are the longest endings.
MAX_STEM_BYTES = 255 - len(".docx")
MAX_STEM_CHARS = 120  # beyond that a name is no longer read, only compared
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
    return _shortened(text)


def _shortened(text: str) -> str:
    """``text`` if it fits (the file system's byte limit, and a name one can read); else cut,
    with a short hash of the whole: two long names that differ only at the end still get
    different outputs, and the same ones on every run."""
    data = text.encode("utf-8")
    if len(text) <= MAX_STEM_CHARS and len(data) <= MAX_STEM_BYTES:
        return text
    suffix = "-" + hashlib.sha256(data).hexdigest()[:8]
    head = text[: MAX_STEM_CHARS - len(suffix)].encode("utf-8")[: MAX_STEM_BYTES - len(suffix)]
    return head.decode("utf-8", errors="ignore").rstrip(". ") + suffix


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
            clashes.append(
                _(
                    "{first} and {second} would both write {stem}.*",
                    first=printable(taken[key]),
                    second=printable(case),
                    stem=stem,
                )
            )
        else:
            taken[key] = case
        plans.append(Planned(case, {fmt: out_dir / f"{stem}.{fmt}" for fmt in formats}))
    if clashes:
        raise OutputError(
            _("two case files would write the same output name:")
            + "\n  "
            + "\n  ".join(clashes)
            + "\n"
            + _("rename one of the files, or render them into different folders with -o")
        )
    refuse_overwriting_cases(
        [output for plan in plans for output in plan.outputs.values()],
        [plan.case for plan in plans],
        _("case files end in .yaml: rename it, or choose another folder with -o"),
    )
    return plans


def plan_output_file(case: Path, output: Path, fmt: str) -> list[Planned]:
    """One case written to the file ``output`` (never onto a case file)."""
    refuse_overwriting_cases(
        [output], [case], "case files end in .yaml: choose another name for the document"
    )
    return [Planned(case, {fmt: output})]


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


def refuse_overwriting_cases(outputs: Iterable[Path], cases: Iterable[Path], fix: str) -> None:
    """An output that IS one of the case files read by the same command (whatever the path
    says: a case named ``x.docx``, ``overview x.csv -o x.csv``, a link) is an OutputError
    that ends with ``fix``."""
    by_id = {_file_id(case): case for case in cases}
    by_id.pop(None, None)
    for output in outputs:
        case = by_id.get(_file_id(output))
        if case is not None:
            raise OutputError(
                _(
                    "{output} would overwrite the case file {case}; {fix}",
                    output=printable(output),
                    case=printable(case),
                    fix=fix,
                )
            )


def ensure_writable_dir(folder: Path) -> None:
    """Create ``folder`` if needed and check that files can be written in it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(
            _("{folder} is a file, not a folder; choose another -o", folder=printable(folder))
        ) from None
    except NotADirectoryError:
        raise OutputError(
            _("{folder}: part of this path is a file, not a folder", folder=printable(folder))
        ) from None
    except OSError as exc:
        raise OutputError(
            _(
                "cannot create the folder {folder}: {reason}",
                folder=printable(folder),
                reason=exc.strerror or exc,
            )
        ) from None
    if not folder.is_dir():
        raise OutputError(
            _("{folder} is not a folder; choose another -o", folder=printable(folder))
        )
    try:
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError(
            _(
                "cannot write in {folder}: {reason}; choose a folder you may write to with -o",
                folder=printable(folder),
                reason=exc.strerror or exc,
            )
        ) from None
    os.close(fd)
    os.unlink(probe)


def _file_mode(path: Path) -> int:
    """The mode of the file ``path`` replaces (a report made private stays private), else
    the mode a new file gets under the current umask (mkstemp would give 0600)."""
    with contextlib.suppress(OSError):
        found = os.lstat(path)
        if stat.S_ISREG(found.st_mode):
            return stat.S_IMODE(found.st_mode)
    return umask_mode(0o666)


def umask_mode(base: int) -> int:
    """``base`` (0o666 for a file, 0o777 for a folder) as the current umask lets it be."""
    mask = os.umask(0)
    os.umask(mask)
    return base & ~mask


def write_atomic(path: Path, data: bytes, tag: str = "") -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename; all or nothing.

    ``tag`` marks the temporary file as this run's, so an interrupted run can remove it.
    """
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX + tag, suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise OutputError(
            _("cannot write {path}: {reason}", path=printable(path), reason=exc.strerror or exc)
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _file_mode(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise OutputError(
                _(
                    "cannot write {path}: {reason}; the previous version, if any, is unchanged",
                    path=printable(path),
                    reason=exc.strerror or exc,
                )
            ) from None
        raise


def remove_run_temporaries(folder: Path, tag: str) -> None:
    """Remove the temporary files that the run marked ``tag`` may have left in ``folder``."""
    if not tag:
        return
    for item in folder.glob(f"{TEMP_PREFIX}{tag}*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            item.unlink()

"""Earlier versions of a case file, read from git.

Case files live in git; ``forankring diff cases/solhoej.yaml --since v1.0`` compares the
file with the version the steering group last saw. Git runs as a subprocess with list
arguments (never a shell); a revision is checked before it is passed on, so that it can
never be read as an option. Every failure a user can meet is a :class:`HistoryError` with a
message and a hint.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from forankring_docs.case.loader import MAX_BYTES, MAX_MEGABYTES, file_size_text
from forankring_docs.errors import UsageError, printable
from forankring_docs.i18n import N_, _

if TYPE_CHECKING:
    from forankring_docs.analysis.changes import CaseChanges
    from forankring_docs.case.model import Case
    from forankring_docs.case.validation import ValidCase

GIT_TIMEOUT = 30.0  # seconds; git show of one small file answers in milliseconds
LOG_HINT = N_("check `git tag` / `git log --oneline` for the revisions there are")


class HistoryError(UsageError):
    """Git could not give the old version: the revision asked for has to change (exit 2)."""


def check_revision(rev: str, option: str = "--since") -> str:
    """``rev`` if it can safely be handed to git; else a HistoryError whose hint names the
    ``option`` it was given with.

    Refused: empty (as an unset shell variable gives); starting with '-' (git would read it
    as an option); containing ':' (``REV:path`` is built here), whitespace or control
    characters.
    """
    if not rev or not rev.strip():
        raise HistoryError(
            _(
                "the revision given with {option} is empty",
                option=option,
            ),
            _(
                "give a tag, branch or commit, e.g. {option} v1.0 (is a shell variable unset?)",
                option=option,
            ),
        )
    if rev.startswith("-"):
        raise HistoryError(
            _(
                "'{rev}' is not a revision: it starts with '-'",
                rev=printable(rev),
            ),
            _(
                "give a tag, branch or commit, e.g. {option} v1.0 or {option} HEAD~1",
                option=option,
            ),
        )
    if ":" in rev or any(ch.isspace() or not ch.isprintable() for ch in rev):
        raise HistoryError(
            _(
                "'{rev}' is not a revision: it contains ':', a space or a control character",
                rev=printable(rev),
            ),
            _(
                "give a tag, branch or commit, e.g. {option} v1.0",
                option=option,
            ),
        )
    return rev


@dataclass(frozen=True, slots=True)
class Revision:
    """A case file as committed at a revision: its bytes, and its path in the repository
    then (another than today's when the file was renamed since)."""

    data: bytes
    path: str
    renamed: bool


def find_revision(case_path: Path, rev: str, *, timeout: float = GIT_TIMEOUT) -> Revision | None:
    """``case_path`` as committed at ``rev``, followed through renames since then as
    ``git log --follow`` does (a case file moved to another folder or renamed is still the
    same case); ``None`` if it did not exist then.

    Raises HistoryError when git is not installed, the folder is not in a git repository,
    the revision does not exist, or git fails otherwise.
    """
    check_revision(rev)
    git = _git_executable()
    absolute = case_path.resolve()
    top = _toplevel(git, absolute.parent, timeout)
    relative = _relative_to(absolute, top)
    _verify_revision(git, top, rev, timeout)
    path = relative
    size = _blob_size(git, top, f"{rev}:{path}", timeout)
    if size is None:
        path = _name_at(git, top, rev, relative, timeout)
        if path == relative:
            return None
        size = _blob_size(git, top, f"{rev}:{path}", timeout)
        if size is None:
            return None
    if size > MAX_BYTES:
        raise HistoryError(
            _(
                "{path} at {rev} is {size}; case files over {limit} MB ({bytes} bytes) are refused",
                path=printable(path),
                rev=rev,
                size=file_size_text(size),
                limit=MAX_MEGABYTES,
                bytes=f"{MAX_BYTES:,}",
            )
        )
    data = _run(git, top, ["show", f"{rev}:{path}"], timeout).stdout
    return Revision(data, path, renamed=path != relative)


def read_revision(case_path: Path, rev: str, *, timeout: float = GIT_TIMEOUT) -> bytes | None:
    """The bytes of ``case_path`` as committed at ``rev`` (:func:`find_revision`)."""
    found = find_revision(case_path, rev, timeout=timeout)
    return None if found is None else found.data


def load_revision(case_path: Path, rev: str, display: str | None = None) -> ValidCase | None:
    """The case at ``rev``, validated; ``None`` if the file did not exist then.

    Diagnostics of an invalid old version name it ``<display>@<rev>`` (CaseError).
    """
    return load_found(find_revision(case_path, rev), revision_name(display or str(case_path), rev))


def load_found(found: Revision | None, name: str) -> ValidCase | None:
    """A found revision's case, validated, its diagnostics naming it ``name``."""
    from forankring_docs.case.loader import load_bytes
    from forankring_docs.case.validation import validate

    return None if found is None else validate(load_bytes(found.data, name))


def changes_since(case_path: Path, rev: str, new: Case, display: str | None = None) -> CaseChanges:
    """What changed in ``new`` (the case at ``case_path``) since its version at ``rev``.

    Every problem is a HistoryError: git's (not a repository, unknown revision), and an old
    version that is not a valid case (named ``<display>@<rev>``, with its first error).
    """
    from forankring_docs.analysis.changes import compare_cases
    from forankring_docs.diagnostics import CaseError

    name = revision_name(display or str(case_path), rev)
    try:
        old = load_revision(case_path, rev, display)
    except CaseError as exc:
        first = exc.diagnostics[0].format() if exc.diagnostics else _("invalid case")
        raise HistoryError(
            _(
                "the old version {name} is not a valid case, so the changes since {rev} "
                "cannot be shown: {first}",
                name=printable(name),
                rev=rev,
                first=first,
            )
        ) from None
    except RecursionError:
        raise HistoryError(
            _(
                "the old version {name} nests too deeply to be read",
                name=printable(name),
            )
        ) from None
    return compare_cases(old.case if old else None, new)


def revision_name(display: str, rev: str) -> str:
    """How diagnostics name an old version: ``cases/solhoej.yaml@v1.0``."""
    return f"{display}@{rev}"


# ------------------------------------------------------------------ git steps
def _git_executable() -> str:
    found = shutil.which("git")
    if found is None:
        raise HistoryError(
            _("git is not installed (or not on the PATH)"),
            _(
                "install git from https://git-scm.com/downloads, or compare two files "
                "instead: forankring diff OLD.yaml NEW.yaml"
            ),
        )
    return found


def _toplevel(git: str, folder: Path, timeout: float) -> Path:
    if not folder.is_dir():
        raise HistoryError(
            _(
                "the folder {folder} does not exist",
                folder=printable(folder),
            )
        )
    result = _run(git, folder, ["rev-parse", "--show-toplevel"], timeout, check=False)
    if result.returncode != 0:
        detail = _first_line(result.stderr)
        if "not a git repository" in detail.lower():
            raise HistoryError(
                _(
                    "{folder} is not in a git repository, so there are no earlier versions to "
                    "compare with",
                    folder=printable(folder),
                ),
                _(
                    "keep the case file in git and commit each version the steering group sees; "
                    "or compare two files: forankring diff OLD.yaml NEW.yaml"
                ),
            )
        raise HistoryError(
            _(
                "git cannot open the repository of {folder}: {detail}",
                folder=printable(folder),
                detail=detail,
            )
        )
    return Path(os.fsdecode(result.stdout).strip()).resolve()


def _relative_to(path: Path, top: Path) -> str:
    try:
        return path.relative_to(top).as_posix()
    except ValueError:
        raise HistoryError(
            _(
                "{path} lies outside the git repository at {top}",
                path=printable(path),
                top=printable(top),
            )
        ) from None


def _verify_revision(git: str, top: Path, rev: str, timeout: float) -> None:
    result = _run(
        git, top, ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], timeout, check=False
    )
    if result.returncode != 0:
        head = _run(git, top, ["rev-parse", "--verify", "--quiet", "HEAD"], timeout, check=False)
        if head.returncode != 0:  # a repository with no commit yet: no revision exists
            raise HistoryError(
                _(
                    "the repository at {top} has no commits yet, so there is no '{rev}' to "
                    "compare with",
                    top=printable(top),
                    rev=rev,
                ),
                _(
                    "commit the case file first (git add, git commit); the next diff shows what "
                    "changed since then"
                ),
            )
        raise HistoryError(
            _(
                "unknown revision '{rev}'",
                rev=rev,
            ),
            _(LOG_HINT),
        )


def _name_at(git: str, top: Path, rev: str, relative: str, timeout: float) -> str:
    """The path that the file now at ``relative`` had at ``rev``: its renames since then,
    newest first, walked back as ``git log --follow`` finds them (a rename staged with
    ``git mv`` but not committed yet too). ``relative`` itself when there were none."""
    current = relative
    staged = _run(
        git, top, ["diff", "--cached", "-M", "--name-status", "-z", "HEAD"], timeout, check=False
    )
    for old, new in _renames(staged.stdout):
        if new == current:
            current = old
    log = _run(
        git,
        top,
        ["log", "--follow", "-M", "--name-status", "-z", "--format=", f"{rev}..HEAD", "--"]
        + [current],
        timeout,
        check=False,
    )
    for old, new in _renames(log.stdout):
        if new == current:
            current = old
    return current


def _renames(raw: bytes) -> list[tuple[str, str]]:
    """The (old, new) paths of the renames and copies in ``--name-status -z`` output, in
    its order; its other entries (A, M, D, T: one path each) are stepped over."""
    fields = [os.fsdecode(f) for f in raw.split(b"\0") if f]
    renames = []
    index = 0
    while index < len(fields):
        status = fields[index].lstrip("\n")  # a record separator, with some formats
        if status[:1] in ("R", "C") and index + 2 < len(fields):
            renames.append((fields[index + 1], fields[index + 2]))
            index += 3
        else:
            index += 2
    return renames


def _blob_size(git: str, top: Path, name: str, timeout: float) -> int | None:
    """Size of the file at ``REV:path``; None when it is not there (or is not a file).

    The object name goes to git on stdin, not as an argument.
    """
    result = _run(
        git, top, ["cat-file", "--batch-check"], timeout, stdin=name.encode("utf-8") + b"\n"
    )
    fields = result.stdout.decode("utf-8", errors="replace").split()
    if len(fields) == 3 and fields[1] == "blob" and fields[2].isdigit():
        return int(fields[2])
    return None


def _run(
    git: str,
    folder: Path,
    args: list[str],
    timeout: float,
    *,
    check: bool = True,
    stdin: bytes | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run ``git -C folder ARGS``: no shell, no prompts, no pager; errors as HistoryError."""
    command = [git, "-C", str(folder), *args]
    # Literal pathspecs: a case file named ':(glob)*' is that file, not a pattern.
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_PAGER": "cat",
        "LC_ALL": "C",
        "GIT_LITERAL_PATHSPECS": "1",
    }
    try:
        result = subprocess.run(
            command, input=stdin, capture_output=True, timeout=timeout, env=env, check=False
        )
    except FileNotFoundError:
        raise HistoryError(
            _("git is not installed (or not on the PATH)"),
            _("install git from https://git-scm.com/downloads"),
        ) from None
    except subprocess.TimeoutExpired:
        raise HistoryError(
            _(
                "git did not answer within {timeout} seconds (git {command})",
                timeout=f"{timeout:g}",
                command=args[0],
            )
        ) from None
    except OSError as exc:
        raise HistoryError(
            _(
                "git could not be run: {reason}",
                reason=exc.strerror or exc,
            )
        ) from None
    if check and result.returncode != 0:
        raise HistoryError(
            _(
                "git {command} failed: {detail}",
                command=args[0],
                detail=_first_line(result.stderr),
            )
        )
    return result


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", errors="replace").strip()
    return text.splitlines()[0] if text else _("no message")

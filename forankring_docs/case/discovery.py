"""Finding case files: files as given, folders searched recursively for *.yaml and *.yml."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from forankring_docs.errors import UsageError, printable
from forankring_docs.i18n import _

CASE_SUFFIXES = (".yaml", ".yml")
#: A template folder (``forankring template init``) keeps its labels files here; they are
#: YAML, but not cases.
LABELS_FOLDER = "labels"
LABELS_FILES = frozenset({"da.yaml", "en.yaml", "warnings.da.yaml", "warnings.en.yaml"})
#: Beside ``labels/``, any of these makes a folder a template folder: what ``template init``
#: writes, and the logo a user adds. A folder that holds only some of them is one too, since
#: a template folder needs only the files its owner changes.
TEMPLATE_MARKERS = frozenset(
    {
        "README.txt",
        "styles.docx",
        "report.html.j2",
        "overview.html.j2",
        "partials",
        "logo.png",
        "logo.jpg",
    }
)


class NoCases(UsageError):
    """A folder that holds no case files."""


class Found(list[Path]):
    """The case files found, in order, and ``template_folders``: the template folders met in
    the folders searched, whose labels files were left out (the caller says so)."""

    def __init__(self) -> None:
        super().__init__()
        self.template_folders: list[Path] = []


def discover(paths: Iterable[Path]) -> Found:
    """Files as given; each folder's case files sorted. Duplicates are dropped.

    In a folder, hidden folders and files (``.git``, ``.github/workflows/*.yml``) are not
    cases, nor are the labels files of a template folder (:func:`is_template_folder`): a
    secretariat keeps its template beside its cases. Whatever else has a case file's name
    and is not a folder is kept, so that it is reported, not skipped: a link whose target is
    gone, a link loop, a named pipe."""
    found = Found()
    seen: set[Path] = set()
    templates: dict[Path, bool] = {}
    for path in paths:
        if path.is_dir():
            candidates = sorted(
                (
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in CASE_SUFFIXES
                    and not p.is_dir()
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                ),
                key=lambda p: p.as_posix(),
            )
            files = [p for p in candidates if not _labels_file(p, templates)]
            if not files:
                raise _no_cases(path, templates)
        else:
            files = [path]
        for file in files:
            key = _resolved(file)
            if key not in seen:
                seen.add(key)
                found.append(file)
    found.template_folders = [folder for folder, template in templates.items() if template]
    return found


def is_template_folder(folder: Path) -> bool:
    """Whether ``folder`` is a template folder: a ``labels/`` folder holding a labels file of
    the report's languages, beside a file or folder that only a template has."""
    labels = folder / LABELS_FOLDER
    return (
        labels.is_dir()
        and any((labels / name).is_file() for name in LABELS_FILES)
        and any((folder / name).exists() for name in TEMPLATE_MARKERS)
    )


def _labels_file(path: Path, templates: dict[Path, bool]) -> bool:
    """Whether ``path`` is in the labels folder of a template folder (remembered per folder
    in ``templates``, which ends up holding every folder asked about)."""
    if path.parent.name != LABELS_FOLDER:
        return False
    folder = path.parent.parent
    if folder not in templates:
        templates[folder] = is_template_folder(folder)
    return templates[folder]


def _no_cases(path: Path, templates: dict[Path, bool]) -> NoCases:
    skipped = [folder for folder, template in templates.items() if template]
    hint = _("give the folder of your case files; a template folder is used with --template")
    if skipped == [path]:
        return NoCases(
            _(
                "{path} is a template folder (forankring template init), not a folder of "
                "case files",
                path=printable(path),
            ),
            hint,
        )
    if skipped:
        return NoCases(
            _(
                "{path} holds no case files, only the template folder {template} "
                "(forankring template init), whose labels files are not cases",
                path=printable(path),
                template=printable(skipped[0]),
            ),
            hint,
        )
    return NoCases(_("{path}: no case files (*.yaml, *.yml) in this folder", path=printable(path)))


def _resolved(path: Path) -> Path:
    """The file ``path`` leads to (given twice, a file is read once); a link loop leads
    nowhere, so it stands for itself."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # a loop: RuntimeError before Python 3.13, OSError since
        return path.absolute()

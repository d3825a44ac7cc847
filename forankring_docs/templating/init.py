"""``forankring template init DIR``: copy the built-in template into a folder to edit.

The copy holds the Jinja files (``report.html.j2``, ``overview.html.j2``, ``partials/``), the
labels (``labels/*.yaml``) and ``styles.docx``, plus a short ``README.txt`` in Danish on what
each file is for. Nothing is ever overwritten: if any of those files exists in the folder,
nothing is written at all. Rendering with ``--template DIR`` then takes each file from DIR
when it is there and from the built-in template when it is not.
"""

from __future__ import annotations

import contextlib
import errno
import importlib.resources
import shutil
import tempfile
from pathlib import Path

from forankring_docs.errors import UsageError, printable
from forankring_docs.i18n import _
from forankring_docs.output import umask_mode
from forankring_docs.templating.folder import builtin_template_dir

__all__ = ["README_NAME", "TemplateInitError", "markup_doc", "init_template", "template_files"]

README_NAME = "README.txt"
# The kinds of file a template folder is made of (anything else in the package is left out).
TEMPLATE_SUFFIXES = frozenset({".j2", ".yaml", ".docx", ".png", ".jpg", ".jpeg"})
_SHOWN_CONFLICTS = 4
STAGING_PREFIX = ".forankring-init-"

README_TEXT = """\
Jeres egen skabelon til forankringsrapporten
============================================

Denne mappe er en kopi af den indbyggede skabelon i forankring. Ret de filer, I vil ændre,
og lav rapporten med den:

    forankring render cases/mitomraade.yaml --template {folder}

Filerne
-------
styles.docx       Udseendet: skrifttyper, farver, margener, sidehoved og sidefod. Åbn filen
                  i Word og ret typografierne: Normal, Overskrift 1-3 (Heading 1-3), Titel
                  (Title), Undertitel (Subtitle), typografierne "Forankring ...", Sidehoved
                  (Header), Sidefod (Footer) og tabeltypografien "Forankring Table". Margener
                  ændres under Layout > Margener. Slet og omdøb ikke typografierne: rapporten
                  finder dem ved navn. Gem som Word-dokument (.docx), ikke som skabelon.

logo.png          Jeres logo (PNG eller JPEG: logo.png, logo.jpg). Læg det selv i mappen.
                  Det kommer på forsiden (ca. 5 cm bredt) og lille i sidehovedet.

labels/da.yaml    Alle faste tekster på dansk: overskrifter, tabeloverskrifter, faste
                  sætninger, månedsnavne og datoformat. Ret teksten efter kolon; lad
                  navnene før kolon og {{pladsholdere}} i krøllede parenteser stå.
labels/en.yaml    De samme tekster på engelsk (--language en).
labels/warnings.da.yaml, labels/warnings.en.yaml
                  Sætningerne i afsnittet "Opmærksomhedspunkter".

report.html.j2    Rapportens opbygning: hvilke afsnit der kommer i hvilken rækkefølge.
partials/         Ét afsnit pr. fil. Kræver lidt kendskab til HTML og Jinja; den tilladte
                  HTML er beskrevet i template-markup.md, som følger med forankring:
                  {markup}
overview.html.j2  Porteføljeoversigten (forankring overview).

Slet det, I ikke ændrer
-----------------------
Alle filer kan slettes. En fil, der mangler her, tages fra den indbyggede skabelon. Slet
gerne de filer, I ikke har rettet: så får I forbedringerne i nye versioner af forankring med.
En labels-fil behøver kun at indeholde de tekster, I ændrer, under de samme overskrifter,
f.eks.:

    headings:
      why: "2. Derfor skal indsatsen forankres"

En mappe med kun styles.docx og logo.png er en helt gyldig skabelon.
"""


MARKUP_DOC = "template-markup.md"


def markup_doc() -> Path:
    """``template-markup.md`` of the user documentation: in ``forankring_docs.docs`` when
    installed (the wheel carries it), else in the repository's ``docs``."""
    try:  # a namespace package: only a file in it (not the folder itself) is a plain path
        return Path(str(importlib.resources.files("forankring_docs.docs") / MARKUP_DOC))
    except ModuleNotFoundError:  # running from a source tree that is not installed
        return Path(__file__).resolve().parents[2] / "docs" / MARKUP_DOC


class TemplateInitError(UsageError):
    """The template could not be copied; nothing was left behind."""


def template_files(source: Path) -> list[Path]:
    """The files of a template folder, relative to it, in sorted order."""
    return sorted(
        path.relative_to(source)
        for path in source.rglob("*")
        if path.is_file()
        and path.suffix.lower() in TEMPLATE_SUFFIXES
        and not any(part.startswith((".", "__")) for part in path.relative_to(source).parts)
    )


def init_template(target: Path, source: Path | None = None) -> list[Path]:
    """Copy the template ``source`` (default: the built-in one) and a README into ``target``;
    the files written. Raises :class:`TemplateInitError`, having changed nothing, when a file
    is in the way or the folder cannot be written.

    The copy is made in a hidden folder next to (or in) ``target`` and then renamed into
    place, so that a disk that fills up half way leaves no half-written file behind."""
    source = source or builtin_template_dir()
    files = template_files(source)
    names = [*files, Path(README_NAME)]
    _refuse_conflicts(target, names)
    created = _missing_dirs(target.parent, [])
    staging: Path | None = None
    try:
        for directory in created:
            directory.mkdir()
        staging = Path(
            tempfile.mkdtemp(
                prefix=STAGING_PREFIX, dir=target if target.is_dir() else target.parent
            )
        )
        staging.chmod(umask_mode(0o777))  # mkdtemp's folder is private; a new one is not
        for relative in files:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / relative, staging / relative)
        readme = README_TEXT.format(folder=target, markup=markup_doc())
        (staging / README_NAME).write_text(readme, encoding="utf-8")
        if target.is_dir():
            _move_into(staging, target, names)
        else:
            staging.rename(target)
    except OSError as exc:
        _remove(staging)
        _remove_dirs(created)
        reason = exc.strerror or str(exc)
        raise TemplateInitError(
            _(
                "cannot write {target}: {reason}; nothing was changed",
                target=printable(target),
                reason=reason,
            )
        ) from None
    _remove(staging)  # emptied by the moves, or renamed away
    return [target / name for name in names]


def _move_into(staging: Path, target: Path, names: list[Path]) -> None:
    """Move the staged files into the folder ``target`` that exists already: all or none."""
    made = _missing_dirs(target, names)
    moved: list[Path] = []
    try:
        for directory in made:
            directory.mkdir()
        for name in names:
            if (target / name).exists():  # appeared since the check: never overwritten
                raise FileExistsError(errno.EEXIST, _("a file appeared there meanwhile"))
            (staging / name).rename(target / name)
            moved.append(target / name)
    except OSError:
        for path in reversed(moved):
            path.unlink(missing_ok=True)
        _remove_dirs(made)
        raise


def _refuse_conflicts(target: Path, names: list[Path]) -> None:
    if target.exists() and not target.is_dir():
        raise TemplateInitError(
            _(
                "{target} is a file, not a folder; nothing was changed",
                target=printable(target),
            )
        )
    conflicts = [name.as_posix() for name in names if (target / name).exists()]
    if not conflicts:
        return
    shown = ", ".join(conflicts[:_SHOWN_CONFLICTS])
    more = len(conflicts) - _SHOWN_CONFLICTS
    if more > 0:
        shown += " " + _("and {count} more", count=more)
    raise TemplateInitError(
        _(
            "{target} already holds {shown}; nothing was changed. Choose a new or empty "
            "folder (a template folder needs only the files you change)",
            target=printable(target),
            shown=shown,
        )
    )


def _missing_dirs(target: Path, files: list[Path]) -> list[Path]:
    """The folders to create, parents before children."""
    wanted = {target} | {(target / f).parent for f in files}
    missing: set[Path] = set()
    for directory in wanted:
        for candidate in (directory, *directory.parents):
            if candidate.exists():
                break
            missing.add(candidate)
    return sorted(missing, key=lambda p: len(p.parts))


def _remove(staging: Path | None) -> None:
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)


def _remove_dirs(created: list[Path]) -> None:
    for directory in reversed(created):
        with contextlib.suppress(OSError):
            directory.rmdir()

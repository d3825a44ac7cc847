"""Options and arguments that several commands share, and what they mean."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from forankring_docs.i18n import _

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class ExistingPath(click.Path):
    """``click.Path(exists=True)``, except that a link loop is said to be one: click would
    say that it "does not exist"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(exists=True, path_type=Path, **kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            os.stat(value)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                self.fail(
                    _(
                        "{path} is a symbolic link that leads back to itself (a link loop); "
                        "point it at a file, or give another path",
                        path=repr(os.fsdecode(value)),
                    ),
                    param,
                    ctx,
                )
        return super().convert(value, param, ctx)


case_paths = click.argument(
    "cases",
    nargs=-1,
    required=True,
    metavar="CASES...",
    type=ExistingPath(),
)
#: How diagnostics are printed (docs/diagnostics.md): text on stderr, the others on stdout.
DIAGNOSTIC_FORMATS = ("text", "json", "github", "sarif")
_FORMAT_HELP = (
    "text: file:line:col lines on stderr; json: a JSON list, github: GitHub Actions "
    "annotations, sarif: a SARIF 2.1.0 log, each on stdout."
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(DIAGNOSTIC_FORMATS),
    default="text",
    show_default=True,
    help=_FORMAT_HELP,
)
#: render's name for it: its --format chooses the documents.
diagnostics_format_option = click.option(
    "--format-diagnostics",
    "output_format",
    type=click.Choice(DIAGNOSTIC_FORMATS),
    default="text",
    show_default=True,
    help=_FORMAT_HELP,
)
quiet_option = click.option(
    "-q", "--quiet", is_flag=True, help="Print only errors and the closing summary."
)
strict_option = click.option(
    "--strict", is_flag=True, help="Fail (exit 1) when there are warnings."
)
ignore_option = click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="CODE",
    callback=lambda ctx, param, value: ignore_codes(value),
    help="Leave out a warning, e.g. --ignore A202 (docs/diagnostics.md). Repeatable.",
)
language_option = click.option(
    "--language", type=click.Choice(["da", "en"]), help="Report language; overrides meta.sprog."
)


def danish_by_default(what: str) -> Any:
    """``--language`` of an output that is not a case's report (the overview, diff's text):
    Danish unless told otherwise, since no case's meta.sprog decides it."""
    return click.option(
        "--language",
        type=click.Choice(["da", "en"]),
        default="da",
        show_default=True,
        help=f"Language of {what}.",
    )


template_option = click.option(
    "--template",
    "template",
    type=ExistingPath(file_okay=False),
    help="A template folder (see 'forankring template init').",
)


def discover_cases(paths: Sequence[Path]) -> list[Path]:
    """The case files given, folders searched; a folder without any is a usage error. A
    template folder met on the way is said on stderr, since its labels files are left out."""
    from forankring_docs.case.discovery import discover
    from forankring_docs.errors import printable

    found = discover(paths)
    for folder in found.template_folders:
        click.echo(
            _(
                "note: {folder} is a template folder (forankring template init); its labels "
                "files are not cases and were skipped",
                folder=printable(folder),
            ),
            err=True,
        )
    return found


def display_name(path: Path) -> str:
    """The path as the user gave it (folders: the folder joined with the file's place in it)."""
    return str(path)


def usable_folder(folder: Path) -> None:
    """An output folder that cannot be made or written is a usage error (exit 2): the
    option's value, not the cases, has to change."""
    from forankring_docs.errors import EXIT_USAGE
    from forankring_docs.output import OutputError, ensure_writable_dir

    try:
        ensure_writable_dir(folder)
    except OutputError as exc:
        exc.exit_code = EXIT_USAGE
        raise


def ignore_codes(codes: Sequence[str]) -> set[str]:
    """The warning codes of ``--ignore``; an unknown one is a usage error naming the valid."""
    if not codes:  # the rules are not imported for nothing
        return set()
    from forankring_docs.analysis.checks import RULES
    from forankring_docs.case.loader.plain import WARNING_CODES
    from forankring_docs.codes import ERRORS
    from forankring_docs.suggest import hint_for

    known = [*RULES, *WARNING_CODES]
    wanted = {c.strip().upper() for c in codes}
    errors = sorted(wanted & set(ERRORS))
    if errors:
        raise click.BadParameter(
            _(
                "{code} is the code of an error; an error cannot be left out, only a warning "
                "(docs/diagnostics.md lists the codes)",
                code=errors[0],
            ),
            param_hint="--ignore",
        )
    unknown = sorted(wanted - set(known))
    if unknown:
        raise click.BadParameter(
            _("unknown warning code {code}", code=unknown[0])
            + "; "
            + hint_for(unknown[0], known, _("Codes")),
            param_hint="--ignore",
        )
    return wanted

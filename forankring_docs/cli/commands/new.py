"""``forankring new``: a commented starting case file."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import CONTEXT
from forankring_docs.errors import UsageError, printable
from forankring_docs.i18n import _


@click.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--boligområde",
    "--boligomraade",
    "area",
    metavar="NAME",
    help="The housing area's name, filled in for you.",
)
@handles_errors
def new(path: Path, area: str | None) -> None:
    """Write a commented starting case file to PATH (never overwrites)."""
    from forankring_docs.case.starter import write_new_case

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise click.BadParameter(_("the file name must end in .yaml"), param_hint="PATH")
    shown = printable(path)
    try:
        schema = write_new_case(path, area)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--boligområde") from None
    except FileExistsError:
        raise UsageError(
            _("{path} already exists; choose another name (nothing was changed)", path=shown)
        ) from None
    except OSError as exc:
        raise UsageError(
            _("cannot write {path}: {reason}", path=shown, reason=exc.strerror or exc)
        ) from None
    if schema is not None:  # said, so that it is committed along with the case
        click.echo(
            _("wrote {schema} for editor help in {case}", schema=printable(schema), case=shown),
            err=True,
        )
    click.echo(
        _(
            "wrote {path}: fill it in phase by phase, then run 'forankring check {path}'",
            path=shown,
        ),
        err=True,
    )

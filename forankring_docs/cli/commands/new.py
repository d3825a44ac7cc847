"""``forankring new``: a commented starting case file."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import CONTEXT
from forankring_docs.errors import UsageError, printable


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
        raise click.BadParameter("the file name must end in .yaml", param_hint="PATH")
    shown = printable(path)
    try:
        schema = write_new_case(path, area)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--boligområde") from None
    except FileExistsError:
        raise UsageError(
            f"{shown} already exists; choose another name (nothing was changed)"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
    if schema is not None:  # said, so that it is committed along with the case
        click.echo(f"wrote {printable(schema)} for editor help in {shown}", err=True)
    click.echo(
        f"wrote {shown}: fill it in phase by phase, then run 'forankring check {shown}'", err=True
    )

"""``forankring template init``: a template folder of your own."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import CONTEXT
from forankring_docs.errors import printable
from forankring_docs.i18n import ngettext


@click.group("template", context_settings=CONTEXT)
def template_group() -> None:
    """Your organisation's look: a template folder of your own.

    \b
      forankring template init mit-layout/       copy the built-in template to edit
      forankring render CASES --template mit-layout/
    """


@template_group.command("init", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@handles_errors
def template_init(folder: Path) -> None:
    """Copy the built-in template into FOLDER to edit (never overwrites a file).

    FOLDER is new or empty; it gets styles.docx, labels/, the Jinja files and a README.txt.

    Change fonts, colours and margins in styles.docx in Word, add logo.png, edit the texts in
    labels/da.yaml; delete the files you do not change (they come from the built-in template).
    """
    from forankring_docs.templating.init import init_template

    written = init_template(folder)  # a FOLDER that cannot be used is a usage error
    shown = printable(folder)
    click.echo(
        ngettext(
            "wrote {n} file to {folder} (see {readme}); render with --template {folder}",
            "wrote {n} files to {folder} (see {readme}); render with --template {folder}",
            len(written),
            folder=shown,
            readme=printable(folder / "README.txt"),
        ),
        err=True,
    )

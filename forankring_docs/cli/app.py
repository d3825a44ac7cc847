"""The ``forankring`` command group and its console script.

Imports of the heavy stages (YAML, pydantic, Jinja, python-docx) happen inside the commands,
so ``forankring --help`` answers at once and ``validate``/``check`` never load Word or Jinja.
"""

from __future__ import annotations

import atexit
import gc

import click

from forankring_docs.cli.commands.diff import diff
from forankring_docs.cli.commands.new import new
from forankring_docs.cli.commands.overview import overview
from forankring_docs.cli.commands.preview import preview
from forankring_docs.cli.commands.render import render
from forankring_docs.cli.commands.schema import schema
from forankring_docs.cli.commands.template import template_group
from forankring_docs.cli.commands.validate import check, validate
from forankring_docs.cli.errors import run
from forankring_docs.cli.help import TranslatedGroup
from forankring_docs.cli.options import CONTEXT


@click.group(cls=TranslatedGroup, context_settings=CONTEXT)
@click.version_option(package_name="forankring-docs", prog_name="forankring")
def main() -> None:
    """Turn anchoring strategy case files (forankringsstrategi, YAML) into Word reports.

    \b
    Typical use:
      forankring new cases/mitomraade.yaml      a commented case file to fill in
      forankring check cases/                   every error and warning, file:line:col
      forankring render cases/mitomraade.yaml   build/mitomraade.docx
    """


for command in (validate, check, render, preview, new, schema, diff, overview, template_group):
    main.add_command(command)


def entry() -> None:
    """The console script."""
    # Registered first, so run last: the interpreter's final collection would scan every
    # object of the run once more before exiting; frozen, it doesn't.
    atexit.register(gc.freeze)
    run(main, "forankring")

"""``forankring schema``: the JSON Schema of the case format, for editors."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import echo_out, handles_errors
from forankring_docs.cli.options import CONTEXT
from forankring_docs.errors import EXIT_USAGE


@click.command(context_settings=CONTEXT)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of stdout.",
)
@handles_errors
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the case format (for editor completion and hover help)."""
    from forankring_docs.case.schema import schema_json

    text = schema_json()
    if out is None:
        echo_out(text, nl=False)
        return
    from forankring_docs.output import OutputError, write_atomic

    try:
        write_atomic(out, text.encode("utf-8"))
    except OutputError as exc:  # the -o given cannot be written: a usage error
        exc.exit_code = EXIT_USAGE
        raise

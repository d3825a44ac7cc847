"""``forankring preview``: the report in the browser, rendered again on every save."""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import (
    CONTEXT,
    ignore_option,
    language_option,
    quiet_option,
    template_option,
)
from forankring_docs.cli.report import errors_count
from forankring_docs.cli.signals import stopping_on_signals
from forankring_docs.errors import EXIT_OK
from forankring_docs.i18n import _, ngettext

if TYPE_CHECKING:
    from forankring_docs.preview.builder import Build


@click.command(context_settings=CONTEXT)
@click.argument("case", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@template_option
@language_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="The port on 127.0.0.1. Default: a free one.",
)
@click.option("--no-open", is_flag=True, help="Do not open the page in the browser.")
@quiet_option
@ignore_option
@handles_errors
def preview(
    case: Path,
    template: Path | None,
    language: str | None,
    port: int,
    no_open: bool,
    quiet: bool,
    ignore: set[str],
) -> int:
    """A live preview of CASE in the browser: the report is rendered again on every save of
    the case (or of the template folder), and the page follows without a reload. Errors are
    shown at the top of the page, at their lines. Ctrl-C stops it. With -q only the errors
    are printed here, not a line for every update."""
    from forankring_docs.preview.server import PreviewServer

    server = PreviewServer(
        case,
        template=template,
        language=language,
        port=port,
        ignore=ignore,
        on_build=functools.partial(_show, quiet=quiet),
    )
    with stopping_on_signals():  # SIGTERM, SIGHUP: as Ctrl-C
        try:
            with server:
                click.echo(
                    _("Preview of {case}: {url}  (Ctrl-C stops it)", case=case, url=server.url)
                )
                if not no_open:
                    import webbrowser

                    webbrowser.open(server.url)
                threading.Event().wait()
        except KeyboardInterrupt:
            pass
    click.echo(_("preview stopped"), err=True)
    return EXIT_OK


def _show(build: Build, *, quiet: bool = False) -> None:
    """Each build, as a line (and its errors) on stderr; with ``quiet`` only the errors."""
    took = f"{build.seconds * 1000:.0f} ms"
    if build.errors:
        for problem in build.errors:
            click.echo(problem.text, err=True)
        kept = _("the page keeps the last good report") if build.report else _("no report yet")
        click.echo(f"{errors_count(len(build.errors))} ({took}); {kept}", err=True)
    elif not quiet:
        click.echo(
            ngettext(
                "updated ({took}, {n} warning)",
                "updated ({took}, {n} warnings)",
                len(build.warnings),
                took=took,
            ),
            err=True,
        )

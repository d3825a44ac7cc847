"""``forankring overview``: one portfolio overview across many areas."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import (
    CONTEXT,
    case_paths,
    danish_by_default,
    discover_cases,
    display_name,
    ignore_option,
    quiet_option,
    strict_option,
    template_option,
    usable_folder,
)
from forankring_docs.cli.report import plural
from forankring_docs.errors import EXIT_INVALID, EXIT_OK, printable


@click.command(context_settings=CONTEXT)
@case_paths
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="oversigt.docx, oversigt.html or oversigt.csv.",
)
@template_option
@danish_by_default("the overview")
@quiet_option
@strict_option
@ignore_option
@handles_errors
def overview(
    cases: tuple[Path, ...],
    out: Path,
    template: Path | None,
    language: str,
    quiet: bool,
    strict: bool,
    ignore: set[str],
) -> int:
    """One portfolio overview across many cases: a Word document, HTML or a CSV table.

    One row per case (sorted by the end of the period) with a traffic light, then the most
    important warnings per area. Invalid cases are listed as invalid with their first error.
    An --ignore'd code is left out of the warnings and the lights; with --strict a case with
    warnings fails the run (the overview is still written).
    """
    from forankring_docs.analysis.portfolio import build_portfolio
    from forankring_docs.output import refuse_overwriting_cases, write_atomic
    from forankring_docs.pipeline import render_overview
    from forankring_docs.report.overview import FORMATS, overview_format

    fmt = overview_format(out)
    if fmt is None:
        endings = ", ".join("." + f for f in FORMATS)
        raise click.BadParameter(f"the file name must end in {endings}", param_hint="-o")
    paths = discover_cases(cases)
    refuse_overwriting_cases([out], paths, "choose another file name with -o")
    usable_folder(out.parent if str(out.parent) else Path("."))
    portfolio = build_portfolio(paths, display={p: display_name(p) for p in paths}, ignore=ignore)
    write_atomic(out, render_overview(portfolio, fmt, template=template, language=language))
    totals = portfolio.totals
    warnings = sum(row.warnings for row in portfolio.rows)
    if not quiet or totals["invalid"]:
        click.echo(
            f"{plural(totals['cases'], 'case')} ({totals['invalid']} invalid, "
            f"{plural(warnings, 'warning')}) → {printable(out)}",
            err=True,
        )
    return EXIT_INVALID if totals["invalid"] or (strict and warnings) else EXIT_OK

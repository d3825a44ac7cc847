"""``forankring overview``: one portfolio overview across many areas."""

from __future__ import annotations

import datetime as dt
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
from forankring_docs.errors import EXIT_INVALID, EXIT_OK, printable
from forankring_docs.i18n import _, ngettext


class AsOfDate(click.ParamType):
    """A date as case files write them (2027-03-31); anything else is a usage error that
    shows how to write it."""

    name = "date"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(
                _(
                    "{value} is not a date; write it as year-month-day, e.g. 2027-03-31",
                    value=repr(printable(str(value))),
                ),
                param,
                ctx,
            )


@click.command(context_settings=CONTEXT)
@case_paths
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="oversigt.docx, oversigt.html, oversigt.csv or oversigt.xlsx.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    type=AsOfDate(),
    help="Count every figure as of this date, e.g. 2027-03-31 (default: today). "
    "check counts at each case's meta.dato.",
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
    as_of: dt.date | None,
    template: Path | None,
    language: str,
    quiet: bool,
    strict: bool,
    ignore: set[str],
) -> int:
    """One portfolio overview across many cases: a Word document, HTML, a CSV table or an
    Excel workbook.

    One row per case (sorted by the end of the period) with a traffic light, then the most
    important warnings per area. Invalid cases are listed as invalid with their first error.
    Every figure is counted as of --as-of (default: today), and the outputs say so. An
    --ignore'd code is left out of the warnings and the lights; with --strict a case with
    warnings fails the run (the overview is still written).
    """
    from forankring_docs.analysis.portfolio import build_portfolio
    from forankring_docs.output import refuse_overwriting_cases, write_atomic
    from forankring_docs.pipeline import render_overview
    from forankring_docs.report.overview import FORMATS, overview_format

    fmt = overview_format(out)
    if fmt is None:
        endings = ", ".join("." + f for f in FORMATS)
        raise click.BadParameter(
            _("the file name must end in {endings}", endings=endings), param_hint="-o"
        )
    paths = discover_cases(cases)
    refuse_overwriting_cases([out], paths, _("choose another file name with -o"))
    usable_folder(out.parent if str(out.parent) else Path("."))
    portfolio = build_portfolio(
        paths,
        as_of,
        display={p: display_name(p) for p in paths},
        ignore=ignore,
    )
    write_atomic(out, render_overview(portfolio, fmt, template=template, language=language))
    totals = portfolio.totals
    warnings = sum(row.warnings for row in portfolio.rows)
    if not quiet or totals["invalid"]:
        counts = ngettext(
            "{n} case ({invalid} invalid, {warnings})",
            "{n} cases ({invalid} invalid, {warnings})",
            totals["cases"],
            invalid=totals["invalid"],
            warnings=ngettext("{n} warning", "{n} warnings", warnings),
        )
        click.echo(
            _(
                "{counts}, as of {date} → {output}",
                counts=counts,
                date=portfolio.today.isoformat(),
                output=printable(out),
            ),
            err=True,
        )
    return EXIT_INVALID if totals["invalid"] or (strict and warnings) else EXIT_OK

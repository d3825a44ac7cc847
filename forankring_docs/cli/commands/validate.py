"""``forankring validate`` and ``forankring check``: every problem of every file."""

from __future__ import annotations

from pathlib import Path

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import (
    CONTEXT,
    case_paths,
    discover_cases,
    display_name,
    format_option,
    ignore_codes,
)
from forankring_docs.cli.report import Report
from forankring_docs.errors import EXIT_INVALID, EXIT_OK


@click.command(context_settings=CONTEXT)
@case_paths
@format_option
@handles_errors
def validate(cases: tuple[Path, ...], output_format: str) -> int:
    """Parse and validate case files; print every error of every file.

    CASES are files or folders (every *.yaml and *.yml below a folder).
    """
    report = _read(cases, output_format, rules=False, ignore=set())
    return EXIT_INVALID if report.invalid else EXIT_OK


@click.command(context_settings=CONTEXT)
@case_paths
@click.option("--strict", is_flag=True, help="Fail (exit 1) when there are warnings.")
@click.option(
    "--ignore",
    "ignore",
    multiple=True,
    metavar="CODE",
    help="Leave out a warning, e.g. --ignore A202. Repeatable.",
)
@format_option
@handles_errors
def check(
    cases: tuple[Path, ...], strict: bool, ignore: tuple[str, ...], output_format: str
) -> int:
    """Validate, then apply the cross-phase rules (A101–A405) and print warnings."""
    report = _read(cases, output_format, rules=True, ignore=ignore_codes(ignore))
    failed = report.invalid or (strict and report.warnings)
    return EXIT_INVALID if failed else EXIT_OK


def _read(cases: tuple[Path, ...], output_format: str, *, rules: bool, ignore: set[str]) -> Report:
    """Every case loaded (and checked, with ``rules``), its diagnostics printed as they come."""
    from forankring_docs.analysis.checked import load_and_check

    report = Report(output_format)
    for path in discover_cases(cases):
        checked = load_and_check(path, display_name(path), rules=rules, ignore=ignore)
        report.files += 1
        report.invalid += not checked.ok
        report.add(checked.diagnostics)
    report.finish()
    return report

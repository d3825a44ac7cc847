"""``forankring validate`` and ``forankring check``: every problem of every file."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import (
    CONTEXT,
    case_paths,
    discover_cases,
    display_name,
    format_option,
    ignore_option,
    quiet_option,
    strict_option,
)
from forankring_docs.cli.report import Report
from forankring_docs.errors import EXIT_INVALID, EXIT_OK


@click.command(context_settings=CONTEXT)
@case_paths
@strict_option
@ignore_option
@quiet_option
@format_option
@handles_errors
def validate(
    cases: tuple[Path, ...], strict: bool, ignore: set[str], quiet: bool, output_format: str
) -> int:
    """Parse and validate case files; print every error of every file.

    CASES are files or folders (every *.yaml and *.yml below a folder). The warnings are the
    reading ones (Y101–Y103); `check` adds the rules'.
    """
    report = _read(cases, Report(output_format, quiet=quiet), rules=False, ignore=ignore)
    return EXIT_INVALID if report.failed(strict=strict) else EXIT_OK


@click.command(context_settings=CONTEXT)
@case_paths
@strict_option
@ignore_option
@quiet_option
@format_option
@handles_errors
def check(
    cases: tuple[Path, ...], strict: bool, ignore: set[str], quiet: bool, output_format: str
) -> int:
    """Validate, then apply the cross-phase rules (A101–A406) and print warnings."""
    report = _read(cases, Report(output_format, quiet=quiet), rules=True, ignore=ignore)
    return EXIT_INVALID if report.failed(strict=strict) else EXIT_OK


def _read(
    cases: tuple[Path, ...], report: Report, *, rules: bool, ignore: Collection[str]
) -> Report:
    """Every case loaded (and checked, with ``rules``), its diagnostics printed as they come."""
    from forankring_docs.analysis.checked import load_and_check

    for path in discover_cases(cases):
        checked = load_and_check(path, display_name(path), rules=rules, ignore=ignore)
        report.files += 1
        report.invalid += not checked.ok
        report.add(checked.diagnostics)
    report.finish()
    return report

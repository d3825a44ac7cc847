"""The command line: thin click commands over the stages.

Imports of the heavy stages (YAML, pydantic, Jinja, python-docx) happen inside the commands,
so ``forankring --help`` answers at once and ``validate``/``check`` never load Word or Jinja.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from forankring_docs.case.validation import ValidCase
    from forankring_docs.diagnostics import Diagnostic

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

case_paths = click.argument(
    "cases",
    nargs=-1,
    required=True,
    metavar="CASES...",
    type=click.Path(exists=True, path_type=Path),
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the diagnostics as a JSON list on stdout.",
)


@click.group(context_settings=CONTEXT)
@click.version_option(package_name="forankring-docs", prog_name="forankring")
def main() -> None:
    """Turn anchoring strategy case files (forankringsstrategi, YAML) into Word reports.

    \b
    Typical use:
      forankring new cases/mitomraade.yaml      a commented case file to fill in
      forankring check cases/                   every error and warning, file:line:col
      forankring render cases/mitomraade.yaml   build/mitomraade.docx
    """


# ------------------------------------------------------------------ shared pieces
class Report:
    """Collects diagnostics and counts for the closing summary."""

    def __init__(self, output_format: str) -> None:
        self.output_format = output_format
        self.diagnostics: list[Diagnostic] = []
        self.files = 0
        self.invalid = 0
        self.written = 0
        self.failures = 0  # problems outside the case files: a broken template, a full disk

    def add(self, diagnostics: Sequence[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)
        if self.output_format == "text":
            for d in diagnostics:
                click.echo(d.format(), err=True)

    def add_silently(self, diagnostics: Sequence[Diagnostic]) -> None:
        """Count without printing (render's warnings are in the report itself)."""
        self.diagnostics.extend(diagnostics)

    @property
    def errors(self) -> int:
        return sum(1 + d.more for d in self.diagnostics if d.severity == "error") + self.failures

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)

    def finish(self, *, rendered: bool = False) -> None:
        if self.output_format == "json":
            from forankring_docs.diagnostics import to_json

            click.echo(to_json(self.diagnostics))
        parts = [f"{self.files} file{'s' if self.files != 1 else ''}"]
        if self.invalid:
            parts.append(f"{self.invalid} invalid")
        parts.append(f"{self.errors} error{'s' if self.errors != 1 else ''}")
        parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        if rendered:
            parts.append(f"{self.written} document{'s' if self.written != 1 else ''} written")
        click.echo(", ".join(parts), err=True)


def _discover(paths: Sequence[Path]) -> list[Path]:
    from forankring_docs.case.discovery import NoCases, discover

    try:
        return discover(paths)
    except NoCases as exc:
        raise click.UsageError(str(exc)) from None


def _usable_folder(folder: Path) -> None:
    """An output folder that cannot be made or written is a usage error (exit 2): the
    option's value, not the cases, has to change."""
    from forankring_docs.output import OutputError, ensure_writable_dir

    try:
        ensure_writable_dir(folder)
    except OutputError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def display_name(path: Path) -> str:
    """The path as the user gave it (folders: the folder joined with the file's place in it)."""
    return str(path)


def load_or_report(path: Path, report: Report) -> ValidCase | None:
    from forankring_docs.case.validation import load_case
    from forankring_docs.diagnostics import CaseError, Diagnostic

    report.files += 1
    try:
        return load_case(path, display_name(path))
    except CaseError as exc:
        report.invalid += 1
        report.add(exc.diagnostics)
    except RecursionError:
        report.invalid += 1
        report.add(
            [Diagnostic(display_name(path), 1, 1, "error", "the file nests too deeply to be read")]
        )
    return None


def _ignore_codes(codes: Sequence[str]) -> set[str]:
    from forankring_docs.analysis.checks import RULES
    from forankring_docs.suggest import hint_for

    wanted = {c.strip().upper() for c in codes}
    unknown = sorted(wanted - set(RULES))
    if unknown:
        raise click.BadParameter(
            f"unknown warning code {unknown[0]}; " + hint_for(unknown[0], list(RULES), "Codes"),
            param_hint="--ignore",
        )
    return wanted


def warnings_for(valid: ValidCase, ignore: set[str]) -> list[Diagnostic]:
    import datetime as dt

    from forankring_docs.analysis.checks import case_today, run_checks, to_diagnostics

    today = case_today(valid.case, dt.date.today())
    findings = [f for f in run_checks(valid.case, today) if f.code not in ignore]
    return to_diagnostics(findings, valid)


# ------------------------------------------------------------------ validate / check
@main.command(context_settings=CONTEXT)
@case_paths
@format_option
def validate(cases: tuple[Path, ...], output_format: str) -> None:
    """Parse and validate case files; print every error of every file.

    CASES are files or folders (every *.yaml and *.yml below a folder).
    """
    report = Report(output_format)
    for path in _discover(cases):
        load_or_report(path, report)
    report.finish()
    sys.exit(EXIT_INVALID if report.invalid else EXIT_OK)


@main.command(context_settings=CONTEXT)
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
def check(
    cases: tuple[Path, ...], strict: bool, ignore: tuple[str, ...], output_format: str
) -> None:
    """Validate, then apply the cross-phase rules (A101–A405) and print warnings."""
    ignored = _ignore_codes(ignore)
    report = Report(output_format)
    for path in _discover(cases):
        valid = load_or_report(path, report)
        if valid is not None:
            report.add(warnings_for(valid, ignored))
    report.finish()
    failed = report.invalid or (strict and report.warnings)
    sys.exit(EXIT_INVALID if failed else EXIT_OK)


# ------------------------------------------------------------------ render
@main.command(context_settings=CONTEXT)
@case_paths
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    default="build",
    show_default=True,
    help="Folder for the documents.",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "html", "pdf"]),
    help="Output format (repeatable). Default: docx.",
)
@click.option(
    "--template",
    "template",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A template folder (see 'forankring template init').",
)
@click.option(
    "--language", type=click.Choice(["da", "en"]), help="Report language; overrides meta.sprog."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Parallel workers. Default: the number of CPUs.",
)
@click.option("--no-warnings", is_flag=True, help="Leave the warnings out of the report.")
@click.option(
    "--changes-since",
    "changes_since",
    metavar="REV",
    help="Add a section on what changed since this git revision (tag, branch, "
    "commit), right after the summary.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@click.option(
    "--format-diagnostics",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    hidden=True,
)
def render(
    cases: tuple[Path, ...],
    out_dir: Path,
    formats: tuple[str, ...],
    template: Path | None,
    language: str | None,
    jobs: int | None,
    no_warnings: bool,
    changes_since: str | None,
    quiet: bool,
    output_format: str,
) -> None:
    """Render case files to Word (and HTML or PDF): OUTPUT/<file name>.<format>."""
    from forankring_docs.batch import RenderOptions, render_all
    from forankring_docs.output import OutputError, plan_outputs

    paths = _discover(cases)
    chosen = list(dict.fromkeys(formats or ("docx",)))
    no_pdf = "pdf" in chosen and not _pdf_available(others=len(chosen) > 1)
    if no_pdf:  # said once, not for every case; the other formats are still written
        chosen.remove("pdf")
        if not chosen:
            sys.exit(EXIT_INVALID)
    try:
        plans = plan_outputs(paths, out_dir, chosen)
    except OutputError as exc:  # the case files' names: invalid input
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    _usable_folder(out_dir)
    options = RenderOptions(
        formats=tuple(chosen),
        template=template,
        language=language,
        show_warnings=not no_warnings,
        changes_since=changes_since,
    )
    report = Report(output_format)
    ok = render_all(plans, options, report=report, jobs=jobs, quiet=quiet)
    if no_pdf:
        report.failures += 1
    report.finish(rendered=True)
    sys.exit(EXIT_OK if ok and not no_pdf else EXIT_INVALID)


def _pdf_available(*, others: bool) -> bool:
    """True when LibreOffice is there to make PDFs; else says so (with how to install it)."""
    from forankring_docs.pipeline import PDF_INSTALL_HINT, soffice_path

    if soffice_path() is not None:
        return True
    then = "no PDF is made; the other formats are written" if others else "no PDF is made"
    click.echo(f"error: {PDF_INSTALL_HINT}\n  {then}", err=True)
    return False


# ------------------------------------------------------------------ new / schema
@main.command(context_settings=CONTEXT)
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--boligområde",
    "--boligomraade",
    "area",
    metavar="NAME",
    help="The housing area's name, filled in for you.",
)
def new(path: Path, area: str | None) -> None:
    """Write a commented starting case file to PATH (never overwrites)."""
    from forankring_docs.case.starter import write_new_case

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise click.BadParameter("the file name must end in .yaml", param_hint="PATH")
    try:
        write_new_case(path, area)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--boligområde") from None
    except FileExistsError:
        click.echo(
            f"error: {path} already exists; choose another name (nothing was changed)", err=True
        )
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"error: cannot write {path}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(
        f"wrote {path}: fill it in phase by phase, then run 'forankring check {path}'", err=True
    )


@main.command(context_settings=CONTEXT)
@click.option(
    "-o",
    "--output",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of stdout.",
)
def schema(out: Path | None) -> None:
    """Print the JSON Schema of the case format (for editor completion and hover help)."""
    from forankring_docs.case.schema import schema_json

    text = schema_json()
    if out is None:
        click.echo(text, nl=False)
        return
    from forankring_docs.output import OutputError, write_atomic

    try:
        write_atomic(out, text.encode("utf-8"))
    except OutputError as exc:  # the -o given cannot be written: a usage error
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


# ------------------------------------------------------------------ diff
@main.command(context_settings=CONTEXT)
@click.argument(
    "paths",
    nargs=-1,
    required=True,
    metavar="[OLD] NEW",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--since",
    "since",
    metavar="REV",
    help="Compare NEW with its version at this git revision (tag, branch, commit). "
    "Default for one file: HEAD, the last commit.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: the changes as a JSON object on stdout.",
)
def diff(paths: tuple[Path, ...], since: str | None, output_format: str) -> None:
    """What changed between two versions of a case, item by item (by id, not by line).

    \b
      forankring diff cases/solhoej.yaml --since v1.0   against a git tag, branch or commit
      forankring diff cases/solhoej.yaml                against the last commit (HEAD)
      forankring diff OLD.yaml NEW.yaml                 two files
    """
    import json

    from forankring_docs.analysis.changes import compare_cases, format_text
    from forankring_docs.analysis.history import HistoryError, load_revision, revision_name
    from forankring_docs.case.validation import load_case
    from forankring_docs.diagnostics import CaseError, to_json

    if len(paths) == 1 and since is None:
        since = "HEAD"  # what changed since the last commit
    if not ((len(paths) == 2 and since is None) or (len(paths) == 1 and since is not None)):
        raise click.UsageError("give two files (OLD NEW), or one file (and --since REV)")
    new_path = paths[-1]
    new_name = display_name(new_path)
    old_name = revision_name(new_name, since) if since else display_name(paths[0])
    invalid: list[tuple[str, list[Diagnostic]]] = []  # (which version, its diagnostics)
    old = new = None
    try:
        old = load_revision(new_path, since, new_name) if since else load_case(paths[0], old_name)
    except HistoryError as exc:  # the revision (or git) cannot give the old version
        click.echo(exc.format(), err=True)
        sys.exit(EXIT_USAGE)
    except CaseError as exc:
        invalid.append((f"the old version ({old_name})", exc.diagnostics))
    try:
        new = load_case(new_path, new_name)
    except CaseError as exc:
        invalid.append((f"the new version ({new_name})", exc.diagnostics))
    if invalid or new is None:
        if output_format == "json":
            click.echo(to_json([d for _, found in invalid for d in found]))
        for which, found in invalid:
            click.echo(f"error: {which} is not a valid case; nothing was compared", err=True)
            if output_format == "text":
                for d in found:
                    click.echo(d.format(), err=True)
        sys.exit(EXIT_INVALID)
    changes = compare_cases(old.case if old else None, new.case)
    if output_format == "json":
        data = {"old": old_name, "new": new_name, **changes.as_dict()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(changes, old_name, new_name), nl=False)
    sys.exit(EXIT_OK)


# ------------------------------------------------------------------ overview
@main.command(context_settings=CONTEXT)
@case_paths
@click.option(
    "-o",
    "--output",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="oversigt.docx, oversigt.html or oversigt.csv.",
)
@click.option(
    "--template",
    "template",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A template folder (see 'forankring template init').",
)
@click.option(
    "--language",
    type=click.Choice(["da", "en"]),
    default="da",
    show_default=True,
    help="Language of the overview.",
)
def overview(cases: tuple[Path, ...], out: Path, template: Path | None, language: str) -> None:
    """One portfolio overview across many cases: a Word document, HTML or a CSV table.

    One row per case (sorted by the end of the period) with a traffic light, then the most
    important warnings per area. Invalid cases are listed as invalid with their first error.
    """
    from forankring_docs.analysis.portfolio import build_portfolio
    from forankring_docs.output import OutputError, write_atomic
    from forankring_docs.report.overview import FORMATS, overview_format, render_overview
    from forankring_docs.templating.folder import TemplateError

    fmt = overview_format(out)
    if fmt is None:
        endings = ", ".join("." + f for f in FORMATS)
        raise click.BadParameter(f"the file name must end in {endings}", param_hint="-o")
    paths = _discover(cases)
    _usable_folder(out.parent if str(out.parent) else Path("."))
    try:
        portfolio = build_portfolio(paths, display={p: display_name(p) for p in paths})
        write_atomic(out, render_overview(portfolio, fmt, template=template, language=language))
    except (OutputError, TemplateError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_INVALID)
    totals = portfolio.totals
    click.echo(
        f"{totals['cases']} case{'s' if totals['cases'] != 1 else ''} "
        f"({totals['invalid']} invalid) → {out}",
        err=True,
    )
    sys.exit(EXIT_INVALID if totals["invalid"] else EXIT_OK)


# ------------------------------------------------------------------ template
@main.group("template", context_settings=CONTEXT)
def template_group() -> None:
    """Your organisation's look: a template folder of your own.

    \b
      forankring template init mit-layout/       copy the built-in template to edit
      forankring render CASES --template mit-layout/
    """


@template_group.command("init", context_settings=CONTEXT)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def template_init(folder: Path) -> None:
    """Copy the built-in template into FOLDER to edit (never overwrites a file).

    FOLDER is new or empty; it gets styles.docx, labels/, the Jinja files and a README.txt.

    Change fonts, colours and margins in styles.docx in Word, add logo.png, edit the texts in
    labels/da.yaml; delete the files you do not change (they come from the built-in template).
    """
    from forankring_docs.templating.init import TemplateInitError, init_template

    try:
        written = init_template(folder)
    except TemplateInitError as exc:  # FOLDER cannot be used: a usage error
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(
        f"wrote {len(written)} files to {folder} (see {folder / 'README.txt'}); "
        f"render with --template {folder}",
        err=True,
    )


def entry() -> None:
    """The console script: never a traceback for anything a user can do."""
    # Registered first, so run last: the interpreter's final collection would scan every
    # object of the run once more before exiting (~50 ms after a render); frozen, it doesn't.
    atexit.register(gc.freeze)
    try:
        # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit 1.
        code = main.main(prog_name="forankring", standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("\ninterrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:  # usage errors: exit 2, as click would
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:
        if os.environ.get("FORANKRING_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in forankring, not in your file. Please report it; "
            "FORANKRING_DEBUG=1 shows the details.",
            err=True,
        )
        sys.exit(EXIT_INVALID)
    sys.exit(code if isinstance(code, int) else EXIT_OK)

"""``forankring render``: Word (and HTML, PDF) reports, one case or a whole folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from forankring_docs.cli.errors import handles_errors
from forankring_docs.cli.options import (
    CONTEXT,
    case_paths,
    diagnostics_format_option,
    discover_cases,
    display_name,
    ignore_option,
    language_option,
    quiet_option,
    strict_option,
    template_option,
    usable_folder,
)
from forankring_docs.cli.report import Progress, Report, errors_count
from forankring_docs.errors import EXIT_INVALID, EXIT_OK, printable
from forankring_docs.i18n import _, ngettext

if TYPE_CHECKING:
    from forankring_docs.batch import Result


@click.command(context_settings=CONTEXT)
@case_paths
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(path_type=Path),
    default="build",
    show_default=True,
    help="Folder for the documents, or, for one case, the document's file name "
    "(e.g. -o rapport.docx).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["docx", "html", "pdf"]),
    help="Output format (repeatable). Default: docx.",
)
@template_option
@language_option
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
@quiet_option
@strict_option
@ignore_option
@diagnostics_format_option
@handles_errors
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
    strict: bool,
    ignore: set[str],
    output_format: str,
) -> int:
    """Render case files to Word (and HTML or PDF): OUTPUT/<file name>.<format>.

    The warnings are printed as `check` prints them and are in the report; an --ignore'd
    code is left out of both. With --strict a warning fails the run (the documents are
    still written)."""
    from forankring_docs.batch import RenderOptions, render_all
    from forankring_docs.output import plan_output_file, plan_outputs
    from forankring_docs.templating.folder import TemplateError

    if changes_since is not None:  # a revision git cannot take is refused before any render
        from forankring_docs.analysis.history import check_revision

        check_revision(changes_since, "--changes-since")
    paths = discover_cases(cases)
    file_format = _output_file_format(out_dir, paths, formats)
    chosen = [file_format] if file_format else list(dict.fromkeys(formats or ("docx",)))
    no_pdf = "pdf" in chosen and not _pdf_available(others=len(chosen) > 1)
    if no_pdf:  # said once, not for every case; the other formats are still written
        chosen.remove("pdf")
        if not chosen:
            return EXIT_INVALID
    if file_format:
        plans = plan_output_file(paths[0], out_dir, file_format)
        usable_folder(out_dir.parent)
    else:
        plans = plan_outputs(paths, out_dir, chosen)  # refused names: the case files' (exit 1)
        usable_folder(out_dir)
    options = RenderOptions(
        formats=tuple(chosen),
        template=template,
        language=language,
        show_warnings=not no_warnings,
        changes_since=changes_since,
        ignore=frozenset(ignore),
    )
    report = Report(output_format, quiet=quiet)
    progress = Progress(len(plans), quiet=quiet)
    results: list[Result] = []
    try:
        results = render_all(
            plans,
            options,
            jobs=jobs,
            on_result=lambda result: _show(result, report, progress),
            display=display_name,
        )
    except TemplateError as exc:  # said once, before any case was rendered
        report.files += len(plans)
        report.problem(exc)
    finally:
        progress.close()
    failed = [r for r in results if not r.ok]
    if failed and len(plans) > 1:
        _list_failures(failed, len(plans))
    if no_pdf:
        report.failures += 1
    report.finish(rendered=True)
    ok = results and not failed and not report.failures and not report.failed(strict=strict)
    return EXIT_OK if ok else EXIT_INVALID


def _show(result: Result, report: Report, progress: Progress) -> None:
    """One case's outcome as it arrives: its errors, its warnings (not with -q: the summary
    counts them and the report has them), a failure outside the case, the progress."""
    report.files += 1
    report.invalid += result.invalid
    report.written += len(result.written)
    progress.clear()
    report.add([d for d in result.diagnostics if d.severity == "error"])
    report.add([d for d in result.diagnostics if d.severity == "warning"])
    for warning in result.warnings:  # of the documents, not the case: said even with -q
        report.document_warning(_("{case}: warning: {warning}", case=result.case, warning=warning))
    if result.failure:
        report.failures += 1
        click.echo(
            _(
                "{case}: error: {failure}",
                case=printable(result.case),
                failure=printable(result.failure, lines=True),
            ),
            err=True,
        )
    progress.advance(result)


def _list_failures(failed: list[Result], total: int) -> None:
    click.echo(
        "\n"
        + ngettext(
            "{failed} of {n} case could not be rendered:",
            "{failed} of {n} cases could not be rendered:",
            total,
            failed=len(failed),
        ),
        err=True,
    )
    for r in failed:
        errors = sum(d.severity == "error" for d in r.diagnostics)
        why = r.failure or _("{errors} (see above)", errors=errors_count(errors))
        text = printable(f"  {printable(r.case)}: {why}", lines=True)
        click.echo(text.replace("\n", "\n    "), err=True)


def _pdf_available(*, others: bool) -> bool:
    """True when LibreOffice is there to make PDFs; else says so (with how to install it)."""
    from forankring_docs.writers.pdf import pdf_install_hint, soffice_path

    if soffice_path() is not None:
        return True
    then = _("no PDF is made; the other formats are written") if others else _("no PDF is made")
    click.echo(_("error: {message}", message=pdf_install_hint()) + f"\n  {then}", err=True)
    return False


def _output_file_format(out: Path, paths: list[Path], formats: tuple[str, ...]) -> str | None:
    """The format of ``-o`` when it names a document (``rapport.docx``) rather than a folder:
    one case, and the file's extension agrees with ``-f``; else a usage error saying so."""
    from forankring_docs.errors import UsageError

    fmt = out.suffix.lower().removeprefix(".")
    if fmt not in ("docx", "html", "pdf") or out.is_dir():
        return None
    shown = printable(out)
    if len(paths) != 1:
        raise UsageError(
            _(
                "-o {output} names one document, but {count} case files are to be rendered",
                output=shown,
                count=len(paths),
            ),
            hint=_("give a folder with -o (each case becomes <folder>/<file name>.<format>)"),
        )
    others = [f for f in dict.fromkeys(formats) if f != fmt]
    if others:
        raise UsageError(
            _(
                "-o {output} names a .{format} document, but -f asks for {others}",
                output=shown,
                format=fmt,
                others=", ".join(others),
            ),
            hint=_("leave -f out, or give a folder with -o to write several formats"),
        )
    return fmt

"""Batch rendering: many case files, a process pool, progress, and every failure at the end.

Each worker process builds its :class:`~forankring_docs.pipeline.Renderer` (template,
styles, compiled Jinja) once and reuses it for every case it is given. A broken case never
stops the others. Ctrl-C stops the pool, removes this run's temporary files and exits 130.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from forankring_docs.diagnostics import Diagnostic

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor

    from forankring_docs.output import Planned
    from forankring_docs.templating.folder import TemplateError

EXIT_INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class RenderOptions:
    formats: tuple[str, ...] = ("docx",)
    template: Path | None = None
    language: str | None = None
    show_warnings: bool = True
    run_tag: str = ""  # marks this run's temporary files
    changes_since: str | None = None  # a git revision: add "Ændringer siden …" to the report


@dataclass(slots=True)
class Result:
    case: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    failure: str | None = None  # a problem that is not in the case file (template, disk)

    @property
    def ok(self) -> bool:
        return self.failure is None and not any(d.severity == "error" for d in self.diagnostics)


class Sink(Protocol):
    files: int
    invalid: int
    written: int
    failures: int

    def add(self, diagnostics: Sequence[Diagnostic]) -> None: ...

    def add_silently(self, diagnostics: Sequence[Diagnostic]) -> None: ...


# ------------------------------------------------------------------ one case
def render_case(plan: Planned, options: RenderOptions, display: str) -> Result:
    """Load, check and render one case and write its outputs. Never raises for a bad case."""
    from forankring_docs.pipeline import gc_paused

    with gc_paused():  # a case's objects live until it is done: no point in scanning them
        return _render_case(plan, options, display)


def _render_case(plan: Planned, options: RenderOptions, display: str) -> Result:
    """``render_case``'s work."""
    from forankring_docs.analysis.checks import case_today, run_checks, to_diagnostics
    from forankring_docs.case.validation import load_case
    from forankring_docs.diagnostics import CaseError
    from forankring_docs.output import OutputError, write_atomic
    from forankring_docs.pipeline import PdfUnavailable, Renderer
    from forankring_docs.templating.folder import TemplateError

    result = Result(display)
    try:
        valid = load_case(plan.case, display)
    except CaseError as exc:
        result.diagnostics = exc.diagnostics
        return result
    except RecursionError:
        result.diagnostics = [Diagnostic(display, 1, 1, "error", "the file nests too deeply")]
        return result
    changes = None
    if options.changes_since is not None:
        from forankring_docs.analysis.history import HistoryError, changes_since

        try:
            changes = changes_since(plan.case, options.changes_since, valid.case, display)
        except HistoryError as exc:
            result.failure = exc.message + (f"\n  hint: {exc.hint}" if exc.hint else "")
            return result
        except Exception as exc:  # noqa: BLE001 - one case must never stop the batch
            result.failure = f"internal error while comparing: {type(exc).__name__}: {exc}"
            return result
    today = case_today(valid.case, dt.date.today())
    findings = run_checks(valid.case, today)
    result.diagnostics = to_diagnostics(findings, valid)
    try:
        renderer = Renderer.for_template(options.template)
        pdf_problem: PdfUnavailable | None = None
        try:
            outputs = renderer.render(
                valid,
                formats=options.formats,
                language=options.language,
                today=today,
                show_warnings=options.show_warnings,
                findings=findings,
                changes=changes,
                changes_since=options.changes_since,
            )
        except PdfUnavailable as exc:  # the other formats are made: they are still written
            outputs, pdf_problem = exc.outputs, exc
        for fmt in options.formats:
            if fmt in outputs:
                write_atomic(plan.outputs[fmt], outputs[fmt], tag=options.run_tag)
                result.written.append(str(plan.outputs[fmt]))
        if pdf_problem is not None:
            raise pdf_problem
    except TemplateError as exc:
        result.failure = _template_failure(exc)
    except (PdfUnavailable, OutputError) as exc:
        result.failure = str(exc)
    except Exception as exc:  # noqa: BLE001 - one case must never stop the batch
        result.failure = f"internal error while rendering: {type(exc).__name__}: {exc}"
    return result


def _template_failure(exc: TemplateError) -> str:
    """A template problem, said after the case's name: where in the template, and what."""
    where = f"{exc.file}:{exc.line}" if exc.line else exc.file
    return f"in the template, {where}: {exc.message}"


def template_ready(template: Path | None) -> bool:
    """Load the template folder once, up front, so that a broken template (a syntax error, a
    styles.docx that is not a Word document or lacks a style, a broken logo, a mistake in a
    labels file of either language) is one error before any case is rendered; False (after
    printing it) when it is broken. A forked worker inherits the loaded template."""
    from forankring_docs.case.model import LANGUAGES
    from forankring_docs.pipeline import Renderer
    from forankring_docs.templating.folder import TemplateError

    try:
        renderer = Renderer.for_template(template)
        for language in LANGUAGES:
            renderer.labels(language)
    except TemplateError as exc:
        print(exc, file=sys.stderr)
        return False
    return True


# ------------------------------------------------------------------ workers
def _worker_init(template: Path | None) -> None:
    import signal

    from forankring_docs.pipeline import Renderer

    # Ctrl-C reaches the whole process group; the parent alone handles it (it stops the
    # workers and removes this run's temporary files), so workers print no tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    Renderer.for_template(template)


def _pool_job(chunk: list[tuple[Planned, str]], options: RenderOptions) -> list[Result]:
    return [render_case(plan, options, display) for plan, display in chunk]


#: Cases per job at most. Each job's round trip costs the parent's threads ~0.5 ms of CPU,
#: taken from the workers when the machine has as many cores as workers.
MAX_CHUNK = 4


def _chunk_size(remaining: int, workers: int) -> int:
    """Guided chunks: up to ``MAX_CHUNK`` cases while there are many, single cases towards
    the end, so that the workers finish together."""
    return max(1, min(MAX_CHUNK, remaining // (workers * 4)))


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


# ------------------------------------------------------------------ the batch
def render_all(
    plans: Sequence[Planned],
    options: RenderOptions,
    *,
    report: Sink,
    jobs: int | None = None,
    quiet: bool = False,
    display: Callable[[Path], str] | None = None,
) -> bool:
    """Render every plan; print progress and failures; True when everything succeeded."""
    from forankring_docs.cli.main import display_name

    name = display or display_name
    options = replace(options, run_tag=f"{os.getpid()}-")
    freeze = gc.get_freeze_count() == 0  # a host process that froze objects keeps its own
    ready = _start_up(options.template, freeze=freeze)
    if not ready:  # the template's error is printed; no case was rendered
        report.files += len(plans)
        report.failures += 1
    try:
        return ready and _render_plans(plans, options, report, jobs, quiet, name)
    finally:
        if freeze:
            gc.unfreeze()


def _start_up(template: Path | None, *, freeze: bool) -> bool:
    """``template_ready``, with the collector paused while the start-up makes its ~50,000
    long-lived objects (modules, the compiled template), which are then frozen: no later
    collection scans them again, in this process or in the workers forked from it (whose
    pages they share). Some 10 % of a batch's start-up went to collecting them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        ready = template_ready(template)
    finally:
        if enabled:
            gc.enable()
    if freeze:
        gc.freeze()
    return ready


def _render_plans(
    plans: Sequence[Planned],
    options: RenderOptions,
    report: Sink,
    jobs: int | None,
    quiet: bool,
    name: Callable[[Path], str],
) -> bool:
    """``render_all`` once the template is ready: in this process or in a pool."""
    from forankring_docs.output import remove_run_temporaries

    workers = min(jobs or os.cpu_count() or 1, len(plans)) or 1
    progress = Progress(len(plans), quiet=quiet)
    results: list[Result] = []
    folders = {p.parent for plan in plans for p in plan.outputs.values()}
    try:
        if workers == 1:
            for plan in plans:
                result = render_case(plan, options, name(plan.case))
                _record(result, report, progress, results)
        else:
            _run_pool(plans, options, workers, name, report, progress, results)
    except KeyboardInterrupt:
        for folder in folders:
            remove_run_temporaries(folder, options.run_tag)
        progress.close()
        print("interrupted: stopped; no half-written documents were left", file=sys.stderr)
        sys.exit(EXIT_INTERRUPTED)
    progress.close()
    failed = [r for r in results if not r.ok]
    if failed and len(plans) > 1:
        print(
            f"\n{len(failed)} of {len(plans)} case{'s' if len(plans) != 1 else ''} "
            "could not be rendered:",
            file=sys.stderr,
        )
        for r in failed:
            errors = sum(d.severity == "error" for d in r.diagnostics)
            why = r.failure or f"{errors} error{'s' if errors != 1 else ''} (see above)"
            print(f"  {r.case}: {why}".replace("\n", "\n    "), file=sys.stderr)
    return not failed


def _run_pool(
    plans: Sequence[Planned],
    options: RenderOptions,
    workers: int,
    name: Callable[[Path], str],
    report: Sink,
    progress: Progress,
    results: list[Result],
) -> None:
    # Imported here: a single case (the most common render) needs no pool.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_context(),
        initializer=_worker_init,
        initargs=(options.template,),
    )
    pending: set[Future[list[Result]]] = set()
    queue = list(reversed(plans))
    try:
        # Keep a bounded number of jobs in flight so memory stays flat for huge batches.
        while queue or pending:
            while queue and len(pending) < workers * 4:
                size = _chunk_size(len(queue), workers)
                chunk = [(plan, name(plan.case)) for plan in queue[-size:][::-1]]
                del queue[-size:]
                pending.add(pool.submit(_pool_job, chunk, options))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                for result in future.result():
                    _record(result, report, progress, results)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (a write under way is lost whole: it never reached its final
    name) and wait until they are gone, so no temporary file appears after the clean-up."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=10)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True)  # let the pool's manager thread see the workers gone


def _record(result: Result, report: Sink, progress: Progress, results: list[Result]) -> None:
    results.append(result)
    report.files += 1
    if any(d.severity == "error" for d in result.diagnostics):
        report.invalid += 1
    report.written += len(result.written)
    progress.clear()
    report.add([d for d in result.diagnostics if d.severity == "error"])
    warnings = [d for d in result.diagnostics if d.severity == "warning"]
    if progress.quiet:  # -q: the summary counts them; the report has them in section 9
        report.add_silently(warnings)
    else:
        report.add(warnings)
    if result.failure:
        report.failures += 1
        print(f"{result.case}: error: {result.failure}", file=sys.stderr)
    progress.advance(result)


class Progress:
    """A progress bar on a terminal; one line per case otherwise; nothing with -q."""

    def __init__(self, total: int, *, quiet: bool) -> None:
        self.total = total
        self.done = 0
        self.quiet = quiet
        self.tty = sys.stderr.isatty() and total > 1

    def advance(self, result: Result) -> None:
        self.done += 1
        if self.quiet:
            return
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            bar = "█" * filled + "·" * (width - filled)
            sys.stderr.write(f"\r{bar} {self.done}/{self.total} {result.case[-40:]:<40}")
            sys.stderr.flush()
        elif result.written:
            print(f"{result.case} → {', '.join(result.written)}", file=sys.stderr)

    def clear(self) -> None:
        if self.tty and not self.quiet and self.done:
            sys.stderr.write("\r" + " " * 80 + "\r")

    def close(self) -> None:
        if self.tty and not self.quiet and self.done:
            sys.stderr.write("\n")
            sys.stderr.flush()

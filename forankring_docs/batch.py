"""Batch rendering: many case files, a process pool, and a result for every case.

Each worker process builds its :class:`~forankring_docs.pipeline.Renderer` (template,
styles, compiled Jinja) once and reuses it for every case it is given. A broken case never
stops the others. Nothing here prints or exits: results go to a callback as they arrive,
and an interrupted run removes its temporary files and raises :class:`Interrupted`.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from forankring_docs.diagnostics import Diagnostic
from forankring_docs.errors import (
    EXIT_INTERRUPTED,
    STOP_SIGNALS,
    ForankringError,
    Stopped,
    interrupted_exit_code,
)
from forankring_docs.i18n import _, language_pinned

if TYPE_CHECKING:
    import multiprocessing.context
    from concurrent.futures import Future, ProcessPoolExecutor
    from types import FrameType

    from forankring_docs.output import Planned


class Interrupted(ForankringError):
    """The run was stopped (Ctrl-C, SIGTERM, SIGHUP); this run's temporary files are gone.
    The exit code is the signal's (130 for Ctrl-C)."""

    exit_code = EXIT_INTERRUPTED

    def format(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class RenderOptions:
    formats: tuple[str, ...] = ("docx",)
    template: Path | None = None
    language: str | None = None
    show_warnings: bool = True
    run_tag: str = ""  # marks this run's temporary files
    changes_since: str | None = None  # a git revision: add "Ændringer siden …" to the report
    ignore: frozenset[str] = frozenset()  # warning codes left out, printed and in the report


@dataclass(slots=True)
class Result:
    case: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    failure: str | None = None  # a problem that is not in the case file (template, disk)
    warnings: list[str] = field(default_factory=list)  # of the documents (a substituted font)

    @property
    def ok(self) -> bool:
        return self.failure is None and not self.invalid

    @property
    def invalid(self) -> bool:
        return any(d.severity == "error" for d in self.diagnostics)


OnResult = Callable[[Result], None]
Job = tuple["Planned", str]  # a case to render, and its name in messages


# ------------------------------------------------------------------ one case
def render_case(plan: Planned, options: RenderOptions, display: str) -> Result:
    """Load, check and render one case and write its outputs. Never raises for a bad case."""
    from forankring_docs.pipeline import gc_paused

    # A case's objects live until it is done: no point in scanning them. Its hundred or so
    # messages are in one language: read once.
    with gc_paused(), language_pinned():
        return _render_case(plan, options, display)


def _render_case(plan: Planned, options: RenderOptions, display: str) -> Result:
    """``render_case``'s work."""
    from forankring_docs.analysis.checked import load_and_check
    from forankring_docs.output import write_atomic
    from forankring_docs.pipeline import Renderer
    from forankring_docs.writers.pdf import PdfUnavailable

    checked = load_and_check(plan.case, display, ignore=options.ignore)
    result = Result(display, checked.diagnostics)
    if checked.valid is None:
        return result
    try:
        changes = None
        if options.changes_since is not None:
            from forankring_docs.analysis.history import changes_since

            changes = changes_since(plan.case, options.changes_since, checked.valid.case, display)
        renderer = Renderer.for_template(options.template)
        pdf_problem: PdfUnavailable | None = None
        try:
            outputs = renderer.render(
                checked.valid,
                formats=options.formats,
                language=options.language,
                today=checked.today,
                show_warnings=options.show_warnings,
                findings=checked.findings,
                changes=changes,
                changes_since=options.changes_since,
            )
            result.warnings += outputs.warnings
        except PdfUnavailable as exc:  # the other formats are made: they are still written
            outputs, pdf_problem = exc.outputs, exc
        for fmt in options.formats:
            if fmt in outputs:
                write_atomic(plan.outputs[fmt], outputs[fmt], tag=options.run_tag)
                result.written.append(str(plan.outputs[fmt]))
        if pdf_problem is not None:
            raise pdf_problem
    except ForankringError as exc:
        result.failure = failure_text(exc)
    except Exception as exc:  # noqa: BLE001 - one case must never stop the batch
        result.failure = _(
            "internal error while rendering: {kind}: {error}", kind=type(exc).__name__, error=exc
        )
    return result


def failure_text(exc: ForankringError) -> str:
    """A problem outside the case file, said after the case's name: a template's place and
    message, or the message and its hint."""
    from forankring_docs.templating.folder import TemplateError

    code = f" [{exc.code}]" if exc.code else ""
    if isinstance(exc, TemplateError):
        where = _("in the template, {where}: {message}", where=exc.where, message=exc.message)
        return where + code
    return exc.message + code + ("\n  " + _("hint: {hint}", hint=exc.hint) if exc.hint else "")


def prepare_template(template: Path | None) -> None:
    """Load the template folder once, up front, so that a broken template (a syntax error, a
    styles.docx that is not a Word document or lacks a style, a broken logo, a mistake in a
    labels file of either language) is one TemplateError before any case is rendered. A
    forked worker inherits the loaded template."""
    from forankring_docs.case.model import LANGUAGES
    from forankring_docs.pipeline import Renderer

    renderer = Renderer.for_template(template)
    for language in LANGUAGES:
        renderer.labels(language)


# ------------------------------------------------------------------ workers
class _Worker:
    """A worker process's state: whether a job is under way."""

    busy = False


def _worker_init(template: Path | None) -> None:
    import signal

    from forankring_docs.pipeline import Renderer

    # Ctrl-C reaches the whole process group; the parent alone handles it (it stops the
    # workers and removes this run's temporary files), so workers print no tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for signum in STOP_SIGNALS:  # the parent's handlers came along with the fork
        signal.signal(signum, _worker_stop)
    Renderer.for_template(template)


def _worker_stop(signum: int, frame: FrameType | None) -> None:
    """SIGTERM or SIGHUP (from the parent stopping the pool, or sent to the whole group):
    in a job, unwind it first, so that a temporary file or a LibreOffice it started is
    removed; between jobs, there is nothing to clean up."""
    if _Worker.busy:
        raise Stopped(signum)
    os._exit(128 + signum)


def _pool_job(chunk: list[Job], options: RenderOptions) -> list[Result]:
    _Worker.busy = True
    try:
        return [render_case(plan, options, display) for plan, display in chunk]
    except Stopped as stop:  # unwound and cleaned up; the parent stops the pool
        os._exit(stop.exit_code)
    finally:
        _Worker.busy = False


#: Cases per job at most. Each job's round trip costs the parent's threads CPU time, taken
#: from the workers when the machine has as many cores as workers.
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
    jobs: int | None = None,
    on_result: OnResult | None = None,
    display: Callable[[Path], str] = str,
) -> list[Result]:
    """Render every plan; ``on_result`` sees each result as it arrives; all results, in the
    order they finished. A broken template raises its TemplateError before any case."""
    options = replace(options, run_tag=f"{os.getpid()}-")
    freeze = gc.get_freeze_count() == 0  # a host process that froze objects keeps its own
    try:
        _start_up(options.template, freeze=freeze)
        return _render_plans(plans, options, jobs, on_result or (lambda _: None), display)
    finally:
        if freeze:
            gc.unfreeze()


def _start_up(template: Path | None, *, freeze: bool) -> None:
    """``prepare_template``, with the collector paused while the start-up makes its long-lived
    objects (modules, the compiled template), which are then frozen: no later collection
    scans them again, in this process or in the workers forked from it (whose pages they
    share)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        prepare_template(template)
    finally:
        if enabled:
            gc.enable()
    if freeze:
        gc.freeze()


def _render_plans(
    plans: Sequence[Planned],
    options: RenderOptions,
    jobs: int | None,
    on_result: OnResult,
    name: Callable[[Path], str],
) -> list[Result]:
    """``render_all`` once the template is ready: in this process or in a pool."""
    from forankring_docs.output import remove_run_temporaries

    workers = min(jobs or os.cpu_count() or 1, len(plans)) or 1
    results: list[Result] = []

    def record(result: Result) -> None:
        results.append(result)
        on_result(result)

    try:
        if workers == 1:
            for plan in plans:
                record(render_case(plan, options, name(plan.case)))
        else:
            jobs_left = [(plan, name(plan.case)) for plan in reversed(plans)]
            _run_pool(jobs_left, options, _pool_stages(workers), record)
    except KeyboardInterrupt as interrupt:  # Ctrl-C, SIGTERM, SIGHUP
        for folder in {p.parent for plan in plans for p in plan.outputs.values()}:
            remove_run_temporaries(folder, options.run_tag)
        raise Interrupted(
            "interrupted: stopped; no half-written documents were left",
            exit_code=interrupted_exit_code(interrupt),
        ) from None
    return results


@dataclass(frozen=True, slots=True)
class _Stage:
    """How a pool is fed: ``workers`` processes, at most ``in_flight`` jobs handed over,
    up to ``MAX_CHUNK`` cases per job (``chunked``) or one."""

    workers: int
    in_flight: int
    chunked: bool


def _pool_stages(workers: int) -> tuple[_Stage, ...]:
    """Guided chunks and a deep queue, for speed; once a worker has died (the
    out-of-memory killer), the cases it may have held one per job with no queue, so that
    a second death narrows them to a few; those finally one at a time in one process, so
    that the case that kills its worker is known, and is the only one that fails."""
    return (
        _Stage(workers, workers * 4, True),
        _Stage(workers, workers, False),
        _Stage(1, 1, False),
    )


def _run_pool(
    queue: list[Job], options: RenderOptions, stages: Sequence[_Stage], record: OnResult
) -> None:
    """Render every job of ``queue`` (taken from its end) in pools of the first stage. The
    cases of a pool that broke (a worker died) go on to the next stage; at the last, the
    case is the one that killed its worker."""
    while queue:
        lost = _pool_pass(queue, options, stages[0], record)
        if not lost:
            continue
        if len(stages) == 1:  # alone in its process, one job in flight: this case did it
            _, display = lost[0]
            record(Result(display, failure=WORKER_DIED))
        else:
            _run_pool(lost[::-1], options, stages[1:], record)


#: A case whose worker process died while rendering it, even alone.
WORKER_DIED = (
    "the process rendering this case was killed (most often by the system, when memory "
    "runs out)\n  hint: render it on its own to see if it happens again; a case that large "
    "may need to be split, or the computer more memory"
)


def _pool_pass(
    queue: list[Job], options: RenderOptions, stage: _Stage, record: OnResult
) -> list[Job]:
    """Render jobs of ``queue`` in one pool until the queue is done or the pool breaks
    (a worker died); the jobs the broken pool lost, in the order they were handed over."""
    # Imported here: a single case (the most common render) needs no pool.
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(
        max_workers=stage.workers,
        mp_context=_context(),
        initializer=_worker_init,
        initargs=(options.template,),
    )
    pending: dict[Future[list[Result]], list[Job]] = {}
    lost: list[Job] = []
    try:
        # Keep a bounded number of jobs in flight so memory stays flat for huge batches.
        while pending or (queue and not lost):
            while queue and not lost and len(pending) < stage.in_flight:
                size = _chunk_size(len(queue), stage.workers) if stage.chunked else 1
                chunk = queue[-size:][::-1]
                del queue[-size:]
                pending[pool.submit(_pool_job, chunk, options)] = chunk
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except BrokenProcessPool:  # every job not done fails with it
                    lost.extend(chunk)
                    continue
                for result in results:
                    record(result)
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return lost


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now (a write under way is lost whole: it never reached its final
    name) and wait until they are gone, so no temporary file appears after the clean-up."""
    import multiprocessing

    workers = multiprocessing.active_children()  # the pool's processes: this run starts no other
    for process in workers:
        process.terminate()  # a worker unwinds its job first (see _worker_stop)
    for process in workers:
        process.join(timeout=10)
        if process.is_alive():  # stuck where no signal handler runs
            process.kill()
            process.join(timeout=10)
    # Then the pool's manager thread sees the workers gone and ends; joined here, it cannot
    # race the interpreter's exit (a "Bad file descriptor" traceback from its wake-up pipe).
    with contextlib.suppress(Exception):
        pool.shutdown(wait=True, cancel_futures=True)

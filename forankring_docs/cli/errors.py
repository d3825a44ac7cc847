"""The one place where errors become output and exit codes.

Every command is wrapped in :func:`handles_errors`: a :class:`ForankringError` prints its
message and hint and exits with its code; a command's returned number is its exit code.
:func:`run` around the whole program adds Ctrl-C and the last resort for bugs.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from forankring_docs.cli.signals import stopping_on_signals
from forankring_docs.errors import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    ForankringError,
    interrupted_exit_code,
)
from forankring_docs.i18n import _

F = TypeVar("F", bound=Callable[..., Any])


def stdout_hint() -> str:
    return _(
        "the output goes to a full disk, or to a program that stopped reading it; "
        "send it somewhere else"
    )


def echo_out(text: str, *, nl: bool = True) -> None:
    """``text`` on standard output. A full or closed output is a ForankringError (exit 1):
    never a traceback, never an exit 0 with nothing written."""
    if sys.stdout is None:  # started with the output closed (``>&-``)
        raise ForankringError(_("cannot write to standard output: it is closed"), stdout_hint())
    try:
        click.echo(text, nl=nl)  # flushes, so a full disk is found here
    except OSError as exc:
        raise _stdout_failed(exc) from None


def _stdout_failed(exc: OSError) -> ForankringError:
    """The error for a failed write to standard output. What could not be written is
    dropped, so that Python's own flush at exit fails no second time (exit 120)."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    return ForankringError(
        _("cannot write to standard output: {reason}", reason=exc.strerror or exc),
        stdout_hint(),
    )


#: What a write to a full disk or to a closed pipe fails with.
_OUTPUT_ERRNOS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EDQUOT, errno.EFBIG})


def handles_errors(command: F) -> F:
    """Run a command: its return value (an exit code, or None for 0) ends the program, and
    a user error ends it with its own message and exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except ForankringError as exc:
            click.echo(exc.format(), err=True)
            sys.exit(exc.exit_code)
        sys.exit(EXIT_OK if code is None else code)

    return wrapper  # type: ignore[return-value]


def run(main: click.Command, prog_name: str) -> None:
    """The console script: never a traceback for anything a user can do."""
    try:
        with stopping_on_signals():
            # Not click's standalone mode: it turns Ctrl-C into "Aborted!" and exit 1.
            code = main.main(prog_name=prog_name, standalone_mode=False)
    except KeyboardInterrupt as exc:  # Ctrl-C, SIGTERM, SIGHUP
        click.echo("\n" + _("interrupted"), err=True)
        sys.exit(interrupted_exit_code(exc))
    except click.exceptions.Abort:
        click.echo("\n" + _("interrupted"), err=True)
        sys.exit(EXIT_INTERRUPTED)
    except click.ClickException as exc:  # usage errors: exit 2, as click would
        exc.show()
        sys.exit(exc.exit_code)
    except Exception as exc:
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:  # click's own (--help)
            click.echo(_stdout_failed(exc).format(), err=True)
            sys.exit(EXIT_INVALID)
        if os.environ.get("FORANKRING_DEBUG"):
            raise
        click.echo(
            _(
                "internal error: {kind}: {error}\n"
                "This is a bug in forankring, not in your file. Please report it; "
                "FORANKRING_DEBUG=1 shows the details.",
                kind=type(exc).__name__,
                error=exc,
            ),
            err=True,
        )
        sys.exit(EXIT_INVALID)
    sys.exit(code if isinstance(code, int) else EXIT_OK)

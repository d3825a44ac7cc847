"""One error hierarchy for everything a user can act on.

The library raises these; the command line turns them into output and an exit code in one
place (``cli/errors.py``). Anything else that escapes is a bug and is reported as one.
"""

from __future__ import annotations

import re
import signal
from typing import Any

from forankring_docs.i18n import _

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C

# Line breaks (U+2028, U+2029 and U+0085 too), other control characters, and the marks that
# reverse the direction of text: printed raw, they could forge a line or hide what is there.
_OTHER_UNPRINTABLE = r"\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNPRINTABLE = re.compile(rf"[\x00-\x0a{_OTHER_UNPRINTABLE}]")
_UNPRINTABLE_BUT_LINES = re.compile(rf"[\x00-\x09{_OTHER_UNPRINTABLE}]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: object, *, lines: bool = False) -> str:
    """``text`` (a file name, a value from a case) as a message may show it: control
    characters as escapes (``\\n``, ``\\x1b``, ``\\u2028``), so that it stays on its line.
    With ``lines``, ``\\n`` is kept: for a message's own line breaks."""
    pattern = _UNPRINTABLE_BUT_LINES if lines else _UNPRINTABLE
    return pattern.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED_ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


class ForankringError(Exception):
    """A problem the user can fix: a message, a hint saying how, and the exit code.

    ``exit_code`` is 1 (invalid input) unless the class or the raiser says otherwise."""

    exit_code: int = EXIT_INVALID
    code: str | None = None  # a stable code of codes.ERRORS, for the kinds that have one

    def __init__(self, message: str, hint: str | None = None, *, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message

    def format(self) -> str:
        """The text the command line prints: ``error: …`` and, on its own line, the hint."""
        text = _("error: {message}", message=self) + (f" [{self.code}]" if self.code else "")
        text += "\n  " + _("hint: {hint}", hint=self.hint) if self.hint else ""
        return printable(text, lines=True)

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuilt with every field, so it survives the trip back from a batch worker process.
        return (_rebuild, (type(self), self.__dict__.copy()))


def _rebuild(cls: type[ForankringError], state: dict[str, Any]) -> ForankringError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class UsageError(ForankringError):
    """What was asked cannot be done as asked (an option's value, a path): exit 2."""

    exit_code = EXIT_USAGE


#: The signals that stop a run as Ctrl-C does (a service manager's stop, a closed terminal).
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


class Stopped(KeyboardInterrupt):
    """A signal of ``STOP_SIGNALS`` asked the program to stop. A KeyboardInterrupt, so that
    every place that cleans up after Ctrl-C does so for it too; it ends with the signal's
    exit code, 128 + its number, as shells report it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.exit_code = 128 + signum


def interrupted_exit_code(interrupt: KeyboardInterrupt) -> int:
    """130 for Ctrl-C; 128 + the signal's number for a :class:`Stopped`."""
    return interrupt.exit_code if isinstance(interrupt, Stopped) else EXIT_INTERRUPTED

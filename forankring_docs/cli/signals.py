"""SIGTERM and SIGHUP stop the program as Ctrl-C does.

A service manager stopping a run, or a closed terminal, would otherwise end the program at
once: workers left rendering, temporary files left behind. Raised as :class:`Stopped` (a
KeyboardInterrupt) instead, the signal goes through every clean-up that Ctrl-C goes through.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from forankring_docs.errors import STOP_SIGNALS, Stopped


@contextmanager
def stopping_on_signals() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise :class:`Stopped` in the main thread."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals go to the main thread only (a test may run a command in another)
        return
    previous = {signum: signal.signal(signum, _stop) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _stop(signum: int, frame: FrameType | None) -> None:
    # Once: a second signal would cut the clean-up short and leave workers behind.
    for each in STOP_SIGNALS:
        signal.signal(each, signal.SIG_IGN)
    raise Stopped(signum)

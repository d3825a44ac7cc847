"""Notice saves: the case file and the template folder, polled with ``os.stat``.

Polling by path, not file-system events: an editor that saves by writing a new file and
renaming it over the old one (vim, JetBrains' "safe write") is seen like any other save,
and so are network drives and WSL's Windows folders, where inotify says nothing. A case and
a template folder are a few dozen files, so a poll costs microseconds.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

__all__ = ["Watcher"]

# What a file looks like to a poll: a save changes one of them (a rename, the inode too).
Stamp = tuple[int, int, int] | None
Snapshot = dict[Path, Stamp]


class Watcher:
    """Calls ``on_change`` with the paths that changed, once per burst of saves.

    A change is passed on once a poll ``quiet`` seconds later sees nothing new (at most
    ``longest`` seconds after it was noticed, for a file that keeps changing), so that an
    editor's several writes, or many saves in quick succession, make one call. Changes made
    while ``on_change`` runs are passed on after it, together."""

    def __init__(
        self,
        files: Iterable[Path],
        folders: Iterable[Path] = (),
        *,
        interval: float = 0.02,
        quiet: float = 0.02,
        longest: float = 1.0,
    ) -> None:
        self.files = tuple(files)
        self.folders = tuple(folders)
        self.interval = interval
        self.quiet = quiet
        self.longest = longest

    def snapshot(self) -> Snapshot:
        stamps = {path: _stamp(path) for path in self.files}
        for folder in self.folders:
            for path in _files_under(folder):
                stamps[path] = _stamp(path)
        return stamps

    def run(
        self,
        on_change: Callable[[set[Path]], None],
        stop: threading.Event,
        since: Snapshot | None = None,
    ) -> None:
        """Poll until ``stop`` is set; changes since the snapshot ``since`` (else: from now)."""
        last = self.snapshot() if since is None else since
        while not stop.wait(self.interval):
            current = self.snapshot()
            if current == last:
                continue
            settled = self._settle(current, stop)
            if settled is None:
                return
            changed = {p for p in last.keys() | settled.keys() if last.get(p) != settled.get(p)}
            last = settled
            on_change(changed)

    def _settle(self, current: Snapshot, stop: threading.Event) -> Snapshot | None:
        """The files once a poll sees no further change (None: stopped meanwhile)."""
        deadline = time.monotonic() + self.longest
        while not stop.wait(self.quiet):
            latest = self.snapshot()
            if latest == current or time.monotonic() > deadline:
                return latest
            current = latest
        return None


def _stamp(path: Path) -> Stamp:
    try:
        stat = os.stat(path)
    except OSError:  # gone for a moment (a save by rename), or for good: both are a change
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _files_under(folder: Path) -> list[Path]:
    """The files of a folder and its subfolders, less hidden files and editors' backups
    (``.x.swp``, ``x~``, ``#x#``), which change while a file is edited, not when it is saved."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root, n) for n in names if not n.startswith((".", "#")) and n[-1] != "~")
    return found

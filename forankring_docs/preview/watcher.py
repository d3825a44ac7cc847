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
Snapshot = dict[str, Stamp]  # by path: strings, as a poll makes many and compares them all


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
        self.files = tuple(map(str, files))
        self.folders = tuple(map(str, folders))
        self.interval = interval
        self.quiet = quiet
        self.longest = longest

    def snapshot(self) -> Snapshot:
        stamps = {path: _stamp(path) for path in self.files}
        for folder in self.folders:
            _stamp_files_under(folder, stamps)
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
            on_change({Path(p) for p in changed})

    def _settle(self, current: Snapshot, stop: threading.Event) -> Snapshot | None:
        """The files once a poll sees no further change (None: stopped meanwhile)."""
        deadline = time.monotonic() + self.longest
        while not stop.wait(self.quiet):
            latest = self.snapshot()
            if latest == current or time.monotonic() > deadline:
                return latest
            current = latest
        return None


def _stamp(path: str) -> Stamp:
    try:
        stat = os.stat(path)
    except OSError:  # gone for a moment (a save by rename), or for good: both are a change
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


def _stamp_files_under(folder: str, stamps: Snapshot) -> None:
    """The files of a folder and its subfolders, less hidden files and editors' backups
    (``.x.swp``, ``x~``, ``#x#``), which change while a file is edited, not when it is saved."""
    try:
        entries = os.scandir(folder)
    except OSError:  # gone: its files are missing from the snapshot, which is a change
        return
    with entries:
        for entry in entries:
            name = entry.name
            if name.startswith((".", "#")) or name.endswith("~"):
                continue
            if entry.is_dir(follow_symlinks=False):
                _stamp_files_under(entry.path, stamps)
            else:
                stamps[entry.path] = _stamp(entry.path)

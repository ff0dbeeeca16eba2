"""One run at a time per project: an advisory lock on a small file beside the lock file.

The file holds the pid and start time of the run that has it, so a second run can say who is
working. The lock is the operating system's (``flock``): a run that dies, even by kill -9, lets
go of it at once, and the next run takes it over. The file is removed when the run ends.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from types import TracebackType

from ..errors import ConfigError


HOLDER_READS = 20
"""Tries at reading who holds the lock, 50 ms apart."""


class RunActive(ConfigError):
    """Another run is working on the project (exit status 2)."""


def guard_path(lock_file: Path) -> Path:
    """The run lock beside ``lock_file`` (hidden, so site generators and ``git add`` of posts skip it)."""
    return lock_file.with_name(f".{lock_file.name}.run")


class RunGuard:
    """Held for the length of a run (a context manager); raises RunActive when another run holds it."""

    def __init__(self, lock_file: Path) -> None:
        self.path = guard_path(lock_file)
        self._fd: int | None = None

    def __enter__(self) -> RunGuard:
        try:
            import fcntl
        except ImportError:  # not POSIX: runs are not serialised there
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise RunActive(self._holder()) from None
            # The run before may have removed the file between our open and our lock: lock the file that is there.
            try:
                same = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": time.time()}).encode())
        self._fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)  # while still holding it: a waiting run then locks a new file
        os.close(self._fd)
        self._fd = None

    def _holder(self) -> str:
        who = "its pid is not known"
        for _ in range(HOLDER_READS):  # the other run writes its pid just after taking the lock
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                started = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(float(data["started"])))
                who = f"pid {int(data['pid'])}, started {started}"
                break
            except (OSError, ValueError, KeyError, TypeError):
                time.sleep(0.05)
        return f"another translate run is working on this project ({who}); wait for it to finish, then run again"

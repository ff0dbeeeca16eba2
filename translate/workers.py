"""Worker processes, for the commands that use several cores (parsing posts, mining glossary terms)."""

from __future__ import annotations

import os
import signal
import sys

_PR_SET_PDEATHSIG = 1


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity where the platform reports it, else all of them."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def start_worker(parent: int) -> None:
    """Set up a worker process of ``parent``: Ctrl-C is left to the parent, and the worker dies with it."""
    # Ctrl-C reaches every process of the terminal's group: the parent stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A worker must not outlive a parent that was killed: it would wait for work forever.
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(0)

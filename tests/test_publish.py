"""Publishing: a post whose file reached the disk is always recorded in the lock, even after Ctrl-C."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest

from translate.run import publish
from translate.config import Settings
from translate.store.lock import Lock, PostRecord
from translate.run.jobs import FinishedPost
from translate.run.plan import PostPlan


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def test_ctrl_c_while_waiting_for_a_write_still_records_the_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()

    def held_write(path: Path, data: bytes, *, before_replace: Callable[[], None]) -> bool:
        release.wait(timeout=30)
        before_replace()
        path.write_bytes(data)
        return True

    monkeypatch.setattr(publish, "write_atomic", held_write)
    monkeypatch.setattr(publish, "lock_record", lambda settings, plan, data, **_: PostRecord(plan.english_key, "s", "e", "o"))
    monkeypatch.setattr(publish, "MAX_PENDING_WRITES", 0)  # finishing a post waits for its write
    lock = Lock(tmp_path / "translate.lock")
    publisher = publish.Publisher(Settings(root=tmp_path), lock, None)
    plan = PostPlan(source=tmp_path / "a.md", key="a.md", english=tmp_path / "en-a.md", english_key="en-a.md", pointer="a.md",
                    state="new")
    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # Ctrl-C arrives while the write is held
        with pytest.raises(KeyboardInterrupt):
            publisher.publish(FinishedPost(plan, {}), b"English\n")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    release.set()
    publisher.close()  # what pipeline.run does on its way out
    assert (tmp_path / "en-a.md").read_bytes() == b"English\n"
    assert lock.posts["a.md"].english == "en-a.md" and publisher.outcomes["a.md"].written

"""Finished posts → English files on disk and entries in the lock.

Each file is written atomically and flushed to disk (``post.write_atomic``). The flush waits for the
disk, so it runs on a thread of its own while the next posts are planned: a rebuild from the cache
otherwise spends a sixth of its time waiting there. Posts are recorded in the lock and reported in
the order they finished, each only once its file is on disk.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import PlaceholderError
from ..store.lock import Lock, PostRecord
from .plan import PostPlan, record_for, segment_cache_key
from ..source.post import write_atomic
from .compose import english_text

if TYPE_CHECKING:
    from ..store.cache import TranslationCache

LOCK_SAVE_SECONDS = 5.0
"""How often the lock is saved during a run, so an interrupted run leaves it describing the posts on disk."""
MAX_PENDING_WRITES = 16
"""Posts whose text waits to be written; beyond this, finishing a post waits for the oldest write."""


class Publisher:
    """Writes finished posts in the background; records and reports them in order."""

    def __init__(self, settings: Settings, lock: Lock, cache: TranslationCache | None,
                 progress: Callable[[PostPlan], None] | None) -> None:
        self.settings = settings
        self.lock = lock
        self.cache = cache
        self.progress = progress
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="translate-write")
        self._queue: deque[_Queued] = deque()
        self._last_save = time.monotonic()

    def finish(self, plan: PostPlan) -> None:
        """Queue ``plan``'s English post for writing (unless it failed); report posts whose turn came."""
        if plan.state == "failed":
            self.report(plan)
            return
        data = self._english_bytes(plan)
        if data is None:
            self.report(plan)
            return
        entry = _Queued(plan, record_for(self.settings, plan, data))
        self._queue.append(entry)  # before the write starts: no file is written that close() would not record
        entry.write = self._writer.submit(write_atomic, plan.english, data)
        self._drain(keep=MAX_PENDING_WRITES)

    def report(self, plan: PostPlan) -> None:
        """Report a post with nothing to write (up to date or failed), in its turn after the posts before it."""
        self._queue.append(_Queued(plan))
        self._drain(keep=MAX_PENDING_WRITES)

    def close(self) -> None:
        """Wait for every queued write, record and report those posts, stop the writer thread."""
        try:
            self._drain(keep=0)
        finally:
            self._writer.shutdown(wait=True)

    def _english_bytes(self, plan: PostPlan) -> bytes | None:
        assert plan.post is not None
        try:
            text = english_text(self.settings, plan)
        except PlaceholderError as exc:
            plan.fail(exc.message)
            if self.cache is not None:  # never serve these translations again
                self.cache.discard([segment_cache_key(self.settings, plan, seg) for seg in plan.segments if seg.id in plan.translations])
            return None
        return plan.post.to_bytes(text)

    def _drain(self, *, keep: int) -> None:
        """Handle queued posts in order: every one whose write is done, and more until ``keep`` are left.

        A post leaves the queue only once it is recorded, so an interruption while waiting for its
        write leaves it for ``close()`` to record (recording twice is harmless).
        """
        while self._queue:
            entry = self._queue[0]
            plan = entry.plan
            if entry.write is not None and entry.record is not None:
                if len(self._queue) <= keep and not entry.write.done():
                    return
                try:
                    plan.written = entry.write.result()
                except OSError as exc:
                    plan.fail(f"cannot write {plan.english_key}: {exc.strerror or exc}")
                else:
                    self.lock.posts[plan.key] = entry.record
                    if plan.written and time.monotonic() - self._last_save > LOCK_SAVE_SECONDS:
                        self.lock.save()
                        self._last_save = time.monotonic()
            self._queue.popleft()
            if self.progress is not None:
                self.progress(plan)
            plan.release()  # a run over a large blog holds only the posts still in flight


@dataclass(slots=True)
class _Queued:
    """A finished post waiting for its turn to be recorded and reported."""

    plan: PostPlan
    """The post."""
    record: PostRecord | None = None
    """Its lock entry, when its English post is being written."""
    write: Future[bool] | None = None
    """The write of its English post (True if the file changed)."""

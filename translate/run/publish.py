"""Finished posts → English files on disk and entries in the lock: the one place the lock is changed.

Each file is written atomically and flushed to disk (``post.write_atomic``), and its lock entry is
appended to the journal (``store.journal``) after the bytes are on disk and before the rename, so a
killed run leaves no English post the next run cannot account for. The flushes wait for the disk,
so they run on a thread of its own while the next posts are planned: a rebuild from the cache
otherwise spends a sixth of its time waiting there. That thread is given a path, bytes and the
entry, and returns whether the file changed. Posts are recorded in the lock and reported in the
order they finished, each only once its file is on disk; the lock file is written at the end.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import Settings
from ..source.post import remove_stale_temporaries, write_atomic
from ..store.journal import Journal
from ..store.lock import Lock, PostRecord
from .jobs import FinishedPost
from .plan import lock_record
from .report import PostOutcome, outcome

MAX_PENDING_WRITES = 16
"""Posts whose text waits to be written; beyond this, finishing a post waits for the oldest write."""

Progress = Callable[[PostOutcome], None]


@dataclass(frozen=True, slots=True)
class _Queued:
    """A post waiting for its turn to be recorded and reported."""

    outcome: PostOutcome
    """How it ends if its write (if any) succeeds."""
    record: PostRecord | None = None
    """Its lock entry, when its English post is being written."""
    write: Future[bool] | None = None
    """The write of its English post (True if the file changed)."""


class Publisher:
    """Writes English posts in the background; records them in the lock and reports them, in order."""

    def __init__(self, settings: Settings, lock: Lock, progress: Progress | None, *, url_fields: frozenset[str] = frozenset()) -> None:
        self.settings = settings
        self.url_fields = url_fields
        """The front matter fields the site builds URLs from (``terms.usage.site_url_fields``), for the lock's options digest."""
        self.lock = lock
        self.progress = progress
        self.outcomes: dict[str, PostOutcome] = {}
        """Lock key → outcome of every post reported so far."""
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="translate-write")
        self._journal = Journal(lock.path)
        """Used by the writer thread only, until ``close``."""
        self._queue: deque[_Queued] = deque()
        self._swept: set[Path] = set()

    def publish(self, done: FinishedPost, data: bytes, english: Sequence[str] = (), links: Mapping[str, bool] | None = None) -> None:
        """Write ``done``'s English post (``data``) and record it once it is on disk.

        ``english`` holds its segments' digests, ``links`` the blog posts it links to (see ``PostRecord.links``).
        """
        plan = done.plan
        folder = plan.english.parent
        if folder not in self._swept:  # this run is the only writer (see store.guard): leftovers are a killed run's
            remove_stale_temporaries(folder)
            self._swept.add(folder)
        record = lock_record(self.settings, plan, data, warnings=len(done.warnings), english=english, url_fields=self.url_fields,
                             links=links or {})
        # Queued before the write starts: no file is written that close() would not record.
        entry = _Queued(outcome(plan, done, written=True), record,
                        self._writer.submit(self._write, plan.key, record, plan.english, data))
        self._queue.append(entry)
        self._drain(keep=MAX_PENDING_WRITES)

    def report(self, result: PostOutcome) -> None:
        """Report a post with nothing to write (up to date, failed, dry run), in its turn after the posts before it."""
        self._queue.append(_Queued(result))
        self._drain(keep=MAX_PENDING_WRITES)

    def close(self) -> None:
        """Wait for every queued write, record and report those posts, stop the writer thread."""
        try:
            self._drain(keep=0)
        finally:
            self._writer.shutdown(wait=True)
            self._journal.close()

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the lock entries of ``keys`` (posts whose source is gone)."""
        for key in keys:
            self.lock.posts.pop(key, None)

    def count_warnings(self, key: str, count: int) -> None:
        """Record that ``key``'s English post now has ``count`` translations with a warning (some were dismissed)."""
        record = self.lock.posts.get(key)
        if record is not None:
            self.lock.posts[key] = replace(record, warnings=count)

    def glossary_current(self, glossary_digest: str) -> None:
        """Record that every locked post follows the glossary with ``glossary_digest``."""
        self.lock.glossary_digest = glossary_digest

    def save(self) -> None:
        """Write the lock file; the journal it now contains goes (call after ``close``)."""
        self.lock.save()
        self._journal.remove()

    def _write(self, key: str, record: PostRecord, path: Path, data: bytes) -> bool:
        """On the writer thread: the file's bytes to disk, its entry to the journal, then the rename."""
        return write_atomic(path, data, before_replace=lambda: self._journal.append(key, record))

    def _drain(self, *, keep: int) -> None:
        """Handle queued posts in order: every one whose write is done, and more until ``keep`` are left.

        A post leaves the queue only once it is recorded, so an interruption while waiting for its
        write leaves it for ``close()`` to record (recording twice is harmless).
        """
        while self._queue:
            entry = self._queue[0]
            result = entry.outcome
            if entry.write is not None and entry.record is not None:
                if len(self._queue) <= keep and not entry.write.done():
                    return
                try:
                    changed = entry.write.result()
                except OSError as exc:
                    failure = f"{result.key}: cannot write {result.english_key}: {exc.strerror or exc}"
                    result = replace(result, state="failed", written=False, failures=(*result.failures, failure))
                else:
                    self.lock.posts[result.key] = entry.record
                    if not changed:
                        result = replace(result, written=False)
            self._queue.popleft()
            self.outcomes[result.key] = result
            if self.progress is not None:
                self.progress(result)

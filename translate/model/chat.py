"""The chat path: jobs batched into Chat Completions requests, sent on a few threads.

Jobs arrive post by post while later posts are still being planned, so requests overlap the
planning. A batch fills up to the token budget, possibly with the ends of several small posts (the
system prompt is then paid once for all of them). Ids in a request are renumbered ``1..n``.
Each worker thread runs one batch up the retry ladder (``retry``) and hands every request's
outcome back through a queue: the valid replies at once (so they reach the cache while the rest
of their request is retried), the failures once they are given up. Workers share nothing else.
"""

from __future__ import annotations

import queue
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING

from ..errors import LLMError
from . import retry
from .estimate import Batcher, estimate_tokens
from .prompt import BatchItem
from .translator import Delivery, JobResult, SegmentJob, Usage

if TYPE_CHECKING:
    from ..glossary.entry import GlossaryEntry
    from .client import ChatClient


class ChatTranslator:
    """A ``Translator`` over a ``ChatClient``: greedy batches, ``concurrency`` requests in flight."""

    def __init__(self, client: ChatClient, *, budget: int, concurrency: int) -> None:
        self._client = client
        self._batcher: Batcher[SegmentJob] = Batcher(budget)
        self._pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="translate-request")
        self._outbox: queue.SimpleQueue[Delivery] = queue.SimpleQueue()
        self._running: set[Future[None]] = set()

    def send(self, jobs: Sequence[SegmentJob]) -> None:
        """Queue ``jobs``; each batch that fills up is sent at once."""
        for job in jobs:
            full = self._batcher.add(job, estimate_tokens(job.segment.text))
            if full:
                self._start(full)

    def flush(self) -> None:
        """Send the partly filled batch."""
        rest = self._batcher.flush()
        if rest:
            self._start(rest)

    def receive(self, *, timeout: float) -> Delivery:
        """What the workers handed back since the last call, waiting up to ``timeout`` seconds for the first."""
        deliveries = []
        try:
            deliveries.append(self._outbox.get(timeout=timeout) if timeout > 0 else self._outbox.get_nowait())
            while True:
                deliveries.append(self._outbox.get_nowait())
        except queue.Empty:
            pass
        for future in [f for f in self._running if f.done()]:
            self._running.discard(future)
            future.result()  # a worker's bug surfaces here, not as a silent hang
        return Delivery.combine(deliveries)

    @property
    def busy(self) -> bool:
        """Whether a request is held back, running, or has a result not yet received."""
        return bool(self._running) or not self._outbox.empty() or bool(self._batcher.size)

    def close(self, *, cancel: bool = False) -> None:
        """Wait for the requests in flight (after ``cancel``: drop those not started); their results stay receivable."""
        if cancel:
            self._batcher.flush()  # dropped: never sent
        else:
            self.flush()
        self._pool.shutdown(wait=True, cancel_futures=cancel)
        self._running = {f for f in self._running if not f.cancelled()}

    def send_attempt(self, attempt: retry.Attempt) -> None:
        """Send ``attempt`` (a request already on the retry ladder, e.g. a failed line of a batch) and climb from there."""
        self._running.add(self._pool.submit(self._climb, attempt))

    def _start(self, jobs: list[SegmentJob]) -> None:
        self.send_attempt(retry.Attempt(jobs=tuple(jobs)))

    def _climb(self, first: retry.Attempt) -> None:
        """Run ``first`` and whatever the retry ladder makes of its failures (on a worker thread)."""
        from .client import EndpointUnusable

        attempts = [first]
        while attempts:
            attempt = attempts.pop(0)
            try:
                good, bad, usage = self._request(attempt)
            except EndpointUnusable as exc:  # the whole run stops: these jobs stay unanswered
                self._outbox.put(Delivery(stop=exc))
                return
            following, given_up = retry.climb(bad, attempt.stage)
            attempts[:0] = following
            self._outbox.put(Delivery(tuple(good) + tuple(given_up), usage))

    def _request(self, attempt: retry.Attempt) -> tuple[list[JobResult], list[retry.Failed], Usage]:
        """One request: the valid results, the failed jobs with their problems, and the cost."""
        from .client import EndpointError, EndpointUnusable, UnusableReply

        jobs = attempt.jobs
        items, entries, title = request_parts(jobs)
        try:
            reply = self._client.translate_batch(items, entries=entries, title=title, retry_note=attempt.note)
        except UnusableReply as exc:
            return [], [(job, [exc.message], None) for job in jobs], exc.usage
        except EndpointUnusable:
            raise
        except EndpointError as exc:
            if retry.splits_on(exc.status_code, len(jobs)):  # e.g. "context too long": try smaller
                return [], [(job, [exc.message], None) for job in jobs], Usage()
            return [JobResult(job, None, (exc.message,)) for job in jobs], [], Usage()
        except LLMError as exc:
            return [JobResult(job, None, (exc.message,)) for job in jobs], [], Usage()
        good, bad = retry.sort_replies(attempt, [reply.texts[item.id] for item in items])
        return good, bad, reply.usage


def request_parts(jobs: Sequence[SegmentJob]) -> tuple[list[BatchItem], tuple[GlossaryEntry, ...], str | None]:
    """What a request for ``jobs`` sends: the items (ids ``1..n``), the glossary entries in them, and the title of their one post."""
    posts = {job.post for job in jobs}
    title = jobs[0].title if len(posts) == 1 else None
    items = [BatchItem(id=str(n), text=job.segment.text, earlier=job.earlier) for n, job in enumerate(jobs, start=1)]
    return items, tuple({e.term: e for job in jobs for e in job.entries}.values()), title

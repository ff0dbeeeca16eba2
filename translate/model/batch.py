"""The Batch API path: a Translator whose requests are lines of batches that finish within 24 hours, at half the price.

A run hands it jobs as it does the chat path's; at ``flush`` the jobs no batch asks for already
are grouped into the chat path's requests (the same ``Batcher``, the same messages) and submitted
as batches (``batch_lines``, split to the provider's limits), each recorded in the cache folder
first (``store.batches``). The run does not wait for them unless told to (``wait``): their posts
stay pending, and a later run — on any machine that has the cache folder — finds the batches in
the state, collects those that finished, and hands their replies back judged like any other, so
they are cached and the posts written. A segment a recorded batch asks for is never submitted
again. Failed lines climb the same retry ladder (in a new batch, or on the chat path when
``batch_api_retry = "chat"``); lines an expired or cancelled batch never ran are submitted again.
A record is removed once its replies were handed out and taken (the next ``receive``), and its
failures submitted again: killed before that, the next run collects it again (free, and harmless).
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ConfigError
from . import retry
from .batch_api import BatchAPI, BatchInfo
from .batch_collect import collected
from .batch_lines import read_jsonl
from .batch_submit import submit
from .client import EndpointError
from .estimate import Batcher, estimate_tokens
from .translator import Delivery, JobResult, SegmentJob, Usage

if TYPE_CHECKING:
    from ..config import Settings
    from ..store.batches import BatchRecord, BatchStore
    from .chat import ChatTranslator

@dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where the batches in flight stand, after a poll."""

    batches: int
    """Batches not finished yet."""
    lines: int
    """Requests in them."""
    done: int
    """Of those, finished (as the provider counts them)."""
    oldest: float
    """Seconds since the oldest of them was submitted."""


class BatchTranslator:
    """A ``Translator`` over the Batch API (see the module docstring); ``wait`` polls until every batch is collected."""

    def __init__(self, settings: Settings, store: BatchStore, *, wait: bool = False, api: BatchAPI | None = None,
                 progress: Callable[[BatchProgress], None] | None = None) -> None:
        self._settings = settings
        self._store = store
        self._wait = wait
        self._api = api
        self._progress = progress
        self._batcher: Batcher[SegmentJob] = Batcher(settings.batch_tokens)
        self._sent: dict[str, SegmentJob] = {}
        """Cache key → the job this run sent for it (results name the run's own job)."""
        self._unplaced: list[SegmentJob] = []
        """Jobs sent since the last ``flush``."""
        self._answered: set[str] = set()
        """Cache keys of the results handed out in this run (their jobs are not submitted again)."""
        self._queue: list[tuple[str, retry.Attempt]] = []
        """(model, request) to submit at the next ``flush`` or poll."""
        self._records: dict[str, BatchRecord] = {}
        """Batches in flight, by record."""
        self._outbox: list[JobResult] = []
        self._usage = Usage()
        self._stop: ConfigError | None = None
        """Why no call to the endpoint can succeed in this run, once known (said once, by ``receive``)."""
        self._stop_said = False
        self._collected: list[str] = []
        """Records whose results wait in the outbox."""
        self._handed: list[str] = []
        """Records whose results were handed out: removed once taken (the next ``receive``) and their retries submitted."""
        self._chat: ChatTranslator | None = None
        self._begun = self._flushed = self._cancelled = False
        self._next_poll = 0.0
        self.submitted: list[BatchRecord] = []
        """The batches this run submitted."""
        self.collected: list[BatchRecord] = []
        """The batches this run collected."""

    def send(self, jobs: Sequence[SegmentJob]) -> None:
        """Take ``jobs``; they are placed in requests at ``flush`` (once finished batches are collected)."""
        self._begin()
        for job in jobs:
            self._sent[job.key] = job
            self._unplaced.append(job)

    def flush(self) -> None:
        """Group the jobs no batch asks for into requests and submit them, with the retries waiting."""
        self._begin()
        pending = self._pending()
        for job in self._unplaced:
            if job.key not in pending and job.key not in self._answered:
                full = self._batcher.add(job, estimate_tokens(job.segment.text))
                if full:
                    self._queue.append((self._settings.model, retry.Attempt(jobs=tuple(full))))
        self._unplaced = []
        rest = self._batcher.flush()
        if rest:
            self._queue.append((self._settings.model, retry.Attempt(jobs=tuple(rest))))
        self._flushed = True
        self._submit()

    def receive(self, *, timeout: float) -> Delivery:
        """The results collected since the last call; with ``wait``, polls the batches when it is time (sleeping up to ``timeout``)."""
        self._begin()
        self._retire()
        chat = Delivery()
        if self._wait and self._flushed and self._stop is None and self._records and not self._outbox:
            delay = self._next_poll - time.monotonic()
            if delay > 0 and timeout > 0:
                if self._chat is not None and self._chat.busy:
                    chat = self._chat.receive(timeout=min(timeout, delay))
                else:
                    time.sleep(min(timeout, delay))
            if time.monotonic() >= self._next_poll:
                self._poll()
        if self._chat is not None:
            chat = Delivery.combine([chat, self._chat.receive(timeout=0 if self._outbox or self._wait else timeout)])
        results, self._outbox = self._outbox, []
        self._handed.extend(self._collected)
        self._collected = []
        usage, self._usage = self._usage, Usage()
        stop = None if self._stop_said else self._stop
        self._stop_said = self._stop is not None
        return Delivery.combine([Delivery(tuple(results), usage, stop), chat])

    @property
    def busy(self) -> bool:
        """Whether results are still to come in this run: collected ones not yet received, chat retries, or (with ``wait``) batches."""
        if self._outbox or (self._chat is not None and self._chat.busy) or (self._stop is not None and not self._stop_said):
            return True
        return self._wait and self._stop is None and bool(self._records or self._queue)

    def close(self, *, cancel: bool = False) -> None:
        """Submit what is queued (unless ``cancel``); batches in flight go on at the provider and are collected later."""
        if cancel:
            self._cancelled = True
        elif self._begun and self._stop is None:
            self.flush()
            self._retire()
        if self._chat is not None:
            self._chat.close(cancel=cancel)

    @property
    def in_flight(self) -> list[BatchRecord]:
        """The batches not collected yet, oldest first."""
        return sorted(self._records.values(), key=lambda r: r.created)

    def _begin(self) -> None:
        """Once: read the state, and collect the batches that finished since the last run."""
        if self._begun:
            return
        self._begun = True
        try:
            self._records = {record.record: record for record in self._store.records()}
        except ConfigError as exc:
            self._stop = exc
            return
        if self._records:
            self._poll()

    def _pending(self) -> set[str]:
        """The cache keys a batch in flight, or a request waiting to be submitted, asks for."""
        keys = {key for record in self._records.values() for line in record.lines for key in line.keys}
        keys.update(job.key for _, attempt in self._queue for job in attempt.jobs)
        return keys

    def _client(self) -> BatchAPI | None:
        if self._api is None and self._stop is None:
            try:
                self._api = BatchAPI(self._settings)
            except ConfigError as exc:  # no key: said once, at the end of the run
                self._stop = exc
        return self._api

    def _poll(self) -> None:
        """Look at every batch in flight; collect those that finished; submit what they left to do (once flushed)."""
        api = self._client()
        if api is None:
            return
        for record in self.in_flight:
            try:
                info = self._look_up(api, record)
                seen = (record.status, record.done)
                record = dataclasses.replace(record, batch_id=info.id, status=info.status, done=info.done, checked=time.time())
                self._records[record.record] = record
                if info.finished:
                    self._collect(api, record, info)
                elif (info.status, info.done) != seen:  # for 'translate status'; a large record is not rewritten for nothing
                    self._store.save(record)
            except EndpointError as exc:
                if isinstance(exc, ConfigError):
                    self._stop = exc
                    return
                continue  # looked at again at the next poll, or by the next run
        self._next_poll = time.monotonic() + self._settings.batch_api_poll
        if self._flushed:
            self._submit()
        if self._progress is not None and self._records:
            records = self.in_flight
            self._progress(BatchProgress(len(records), sum(len(r.lines) for r in records), sum(r.done for r in records),
                                         records[0].age()))

    def _look_up(self, api: BatchAPI, record: BatchRecord) -> BatchInfo:
        """The batch of ``record``; one that a killed run uploaded but may not have created is found, or created now."""
        if record.batch_id is not None:
            return api.retrieve(record.batch_id)
        found = api.find(record.input_file_id)
        if found is None:
            found = api.create(record.input_file_id, record=record.record)
        self._store.save(dataclasses.replace(record, batch_id=found.id, status=found.status))
        return found

    def _collect(self, api: BatchAPI, record: BatchRecord, info: BatchInfo) -> None:
        """Judge every line of a finished batch: results out, failures up the ladder, lines never run queued again."""
        answers = {}
        for file_id in (info.error_file_id, info.output_file_id):  # a reply beats an error for the same line
            if file_id:
                answers.update(read_jsonl(api.content(file_id)))
        del self._records[record.record]
        done = collected(record, info, answers, self._pending())
        self._queue.extend((record.model, attempt) for attempt in done.again)
        for step in done.following:
            if self._settings.batch_api_retry == "chat":
                self._chat_translator().send_attempt(step)
            else:
                self._queue.append((record.model, step))
        self._hand_out(done.results, done.usage)
        self._collected.append(record.record)
        self.collected.append(record)

    def _hand_out(self, results: Sequence[JobResult], usage: Usage) -> None:
        own = self._sent
        self._answered.update(r.job.key for r in results)
        self._outbox.extend(dataclasses.replace(r, job=own[r.job.key]) if r.job.key in own else r for r in results)
        self._usage = self._usage + usage

    def _chat_translator(self) -> ChatTranslator:
        if self._chat is None:
            from .chat import ChatTranslator
            from .client import ChatClient

            self._chat = ChatTranslator(ChatClient(self._settings), budget=self._settings.batch_tokens,
                                        concurrency=self._settings.concurrency)
        return self._chat

    def _submit(self) -> None:
        """Submit the queued requests: one batch per model and per file the provider's limits allow."""
        if not self._queue or self._stop is not None or self._cancelled:
            return
        api = self._client()
        if api is None:
            return
        queue, self._queue = self._queue, []
        for model in dict.fromkeys(model for model, _ in queue):
            done = submit(api, self._store, self._settings, model, [attempt for m, attempt in queue if m == model])
            for record in done.records:
                self._records[record.record] = record
            self.submitted.extend(done.records)
            self._hand_out(done.failed, Usage())
            self._stop = self._stop or done.stop

    def _retire(self) -> None:
        """Remove the records whose results were taken by the run, once what they left to do is submitted."""
        if self._cancelled or self._queue:
            return
        for record in self._handed:
            self._store.remove(record)
        self._handed = []


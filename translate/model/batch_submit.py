"""Submitting requests as batches: input files split to the provider's limits, each recorded before its batch is created."""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..store.batches import BatchLine, BatchRecord
from .batch_lines import MAX_BYTES, MAX_LINES, request_line
from .client import EndpointError
from .translator import JobResult

if TYPE_CHECKING:
    from ..config import Settings
    from ..store.batches import BatchStore
    from .batch_api import BatchAPI
    from .retry import Attempt


@dataclass(frozen=True, slots=True)
class Submitted:
    """What submitting a list of requests came to."""

    records: tuple[BatchRecord, ...] = ()
    """The batches recorded (a record without a batch id is created by the next poll or run)."""
    failed: tuple[JobResult, ...] = ()
    """The jobs of files that could not be uploaded (they are submitted by a later run)."""
    stop: ConfigError | None = None
    """Why no call can succeed in this run, if one said so."""


def submit(api: BatchAPI, store: BatchStore, settings: Settings, model: str, attempts: Sequence[Attempt]) -> Submitted:
    """Submit ``attempts`` for ``model``: one batch per input file of at most the configured lines and bytes."""
    max_lines = min(settings.batch_api_lines, MAX_LINES)
    max_bytes = min(settings.batch_api_bytes, MAX_BYTES)
    files: list[tuple[str, list[bytes], list[Attempt]]] = []
    name, size = new_record(), 0
    lines: list[bytes] = []
    taken: list[Attempt] = []
    for attempt in attempts:
        line = request_line(f"{name}-{len(lines) + 1}", attempt, model=model, json_mode=settings.json_mode)
        if lines and (len(lines) >= max_lines or size + len(line) > max_bytes):
            files.append((name, lines, taken))
            name, lines, taken, size = new_record(), [], [], 0
            line = request_line(f"{name}-1", attempt, model=model, json_mode=settings.json_mode)
        lines.append(line)
        taken.append(attempt)
        size += len(line)
    if lines:
        files.append((name, lines, taken))
    records: list[BatchRecord] = []
    failed: list[JobResult] = []
    stop: ConfigError | None = None
    for file_name, file_lines, file_attempts in files:
        if stop is not None:
            failed.extend(JobResult(job, None, (f"not submitted: {stop.message}",)) for a in file_attempts for job in a.jobs)
            continue
        try:
            record, stop = _submit_file(api, store, model, file_name, file_lines, file_attempts)
            records.append(record)
        except EndpointError as exc:  # the upload failed: nothing recorded, the jobs wait for a later run
            stop = exc if isinstance(exc, ConfigError) else None
            failed.extend(JobResult(job, None, (f"the batch upload failed: {exc.message}",)) for a in file_attempts for job in a.jobs)
    return Submitted(tuple(records), tuple(failed), stop)


def _submit_file(api: BatchAPI, store: BatchStore, model: str, name: str, lines: Sequence[bytes],
                 attempts: Sequence[Attempt]) -> tuple[BatchRecord, ConfigError | None]:
    """Upload one input file, record it, then create its batch (a run killed in between leaves a record the next run mends)."""
    file_id = api.upload(b"".join(lines), name=f"translate-{name}.jsonl")
    record = BatchRecord(
        record=name, input_file_id=file_id, model=model, created=time.time(),
        lines=tuple(BatchLine(f"{name}-{n}", tuple(job.key for job in a.jobs), a.stage, a.note) for n, a in enumerate(attempts, start=1)),
        jobs={job.key: job for a in attempts for job in a.jobs},
    )
    store.save(record)
    try:
        info = api.create(file_id, record=name)
    except EndpointError as exc:  # recorded without a batch id: the next poll (or run) finds or creates it
        return record, exc if isinstance(exc, ConfigError) else None
    record = replace(record, batch_id=info.id, status=info.status)
    store.save(record)
    return record, None


def new_record() -> str:
    """A new record id: the name of its file in the state, and the prefix of its lines' ``custom_id``."""
    return uuid.uuid4().hex[:12]

"""Batches submitted to the Batch API and not yet collected: one JSON file each, in the cache folder.

The state travels with the cache folder (CI restores it on another machine), so each file holds
all a later run needs without planning again: the provider's ids, and for every line of the batch
(``custom_id``) the jobs it asks for, in order, with their segments, glossary entries and cache
keys. Files are written atomically. A record is written once its input file is uploaded and before
the batch is created, so a run killed in between leaves a record without a batch id, which the next
run matches to the batch by its input file (see ``model.batch``). It is removed once its replies
are cached and its failures sent again.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model.translator import SegmentJob
from ..source.post import write_atomic
from .job_json import entries_from_json, entries_json, job_from_json, job_json

BATCHES_FOLDER = "batches"
"""Below the cache folder."""
STATE_FORMAT = 1
"""Written in every record; bumped when its shape changes."""


class BatchStateError(ConfigError):
    """A record of the batch state cannot be read (exit status 2)."""


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One request of a batch (a line of its input file)."""

    custom_id: str
    """The line's ``custom_id``, unique among every batch (``<record>-<n>``)."""
    keys: tuple[str, ...]
    """The cache keys of its jobs, in the order of the request's ids ``1..n``."""
    stage: int = 0
    """Its step on the retry ladder (``model.retry``)."""
    note: str | None = None
    """The retry note sent in its prompt, if any."""


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """A batch in flight: what was submitted, and what became of it when last looked at."""

    record: str
    """Its local id, the name of its file and the prefix of its lines' ``custom_id``."""
    input_file_id: str
    """The uploaded JSONL file."""
    model: str
    """The model its requests name."""
    created: float
    """When it was uploaded (seconds since the epoch)."""
    lines: tuple[BatchLine, ...]
    """Its requests."""
    jobs: Mapping[str, SegmentJob] = field(default_factory=dict)
    """Cache key → job, for every key of its lines."""
    batch_id: str | None = None
    """The provider's batch id; None until the batch is known to be created."""
    status: str = "uploaded"
    """The provider's status when last retrieved (``validating``, ``in_progress``, ``completed``...), or ``uploaded``."""
    done: int = 0
    """Lines finished (completed or failed) when last retrieved."""
    checked: float | None = None
    """When it was last retrieved."""

    def age(self, now: float | None = None) -> float:
        """Seconds since it was submitted."""
        return (time.time() if now is None else now) - self.created


class BatchStore:
    """The batch records of a cache folder (the run's thread is their one writer)."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / BATCHES_FOLDER

    def records(self) -> list[BatchRecord]:
        """Every record, oldest first; raises BatchStateError naming a file that cannot be read."""
        if not self.folder.is_dir():
            return []
        found = [self._read(path) for path in sorted(self.folder.glob("*.json"))]
        return sorted(found, key=lambda r: (r.created, r.record))

    def save(self, record: BatchRecord) -> None:
        """Write ``record`` (atomically: a kill leaves the previous version or this one)."""
        write_atomic(self.folder / f"{record.record}.json", record_bytes(record))

    def remove(self, record: str) -> None:
        """Forget a record (its replies are cached, its failures sent again)."""
        (self.folder / f"{record}.json").unlink(missing_ok=True)

    def _read(self, path: Path) -> BatchRecord:
        try:
            return record_from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BatchStateError(f"{path}: unreadable batch record ({exc}); if the batch is lost, remove the file "
                                  "and its segments are sent again") from None


def record_bytes(record: BatchRecord) -> bytes:
    """The JSON file of ``record``."""
    data = {
        "format": STATE_FORMAT, "record": record.record, "batch_id": record.batch_id, "input_file_id": record.input_file_id,
        "model": record.model, "created": record.created, "status": record.status, "done": record.done, "checked": record.checked,
        "lines": [{"custom_id": line.custom_id, "keys": list(line.keys), "stage": line.stage, "note": line.note} for line in record.lines],
        "entries": entries_json(record.jobs.values()),
        "jobs": {key: job_json(job) for key, job in record.jobs.items()},
    }
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def record_from_json(data: dict[str, Any]) -> BatchRecord:
    """The record ``record_bytes`` wrote; raises ValueError, KeyError or TypeError when malformed."""
    if data.get("format") != STATE_FORMAT:
        raise ValueError(f"format {data.get('format')!r}, this version reads {STATE_FORMAT}")
    entries = entries_from_json(data["entries"])
    jobs = {str(key): job_from_json(str(key), job, entries) for key, job in data["jobs"].items()}
    lines = tuple(BatchLine(str(line["custom_id"]), tuple(str(k) for k in line["keys"]), int(line["stage"]), _text(line.get("note")))
                  for line in data["lines"])
    missing = [key for line in lines for key in line.keys if key not in jobs]
    if missing:
        raise ValueError(f"no job for key {missing[0]}")
    checked = data.get("checked")
    return BatchRecord(record=str(data["record"]), input_file_id=str(data["input_file_id"]), model=str(data["model"]),
                       created=float(data["created"]), lines=lines, jobs=jobs, batch_id=_text(data.get("batch_id")),
                       status=str(data.get("status", "uploaded")), done=int(data.get("done", 0)),
                       checked=None if checked is None else float(checked))


def pending_keys(records: Sequence[BatchRecord]) -> dict[str, BatchRecord]:
    """Cache key → the record whose batch asks for it."""
    return {key: record for record in records for line in record.lines for key in line.keys}


def _text(value: object) -> str | None:
    return None if value is None else str(value)

"""Parked segments: those that still failed after every retry, kept so they are not paid for again.

A parked segment is stored under its cache key, which changes with its source text, the model,
the prompt version and its glossary entries: so it is sent again exactly when one of those
changes (or when a run is given ``--retry-failed``), and never otherwise. Each record keeps the
last reply the model gave and why it was rejected, for the author to review, accept or replace.
It lives in the cache folder, beside the translations, so CI keeps it with the cache.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

PARKED_FOLDER = "parked"
"""Below the cache folder."""


@dataclass(frozen=True, slots=True)
class Parked:
    """A segment that failed after every retry."""

    key: str
    """Its cache key (see ``store.cache.cache_key``)."""
    post: str
    """The post it was found in (lock key); a segment shared by several posts is parked once."""
    segment_id: str
    """Its id in that post."""
    line: int
    """Its line in that post."""
    kind: str
    """Its segment kind (paragraph, heading, cell, field...)."""
    source: str
    """The masked Chinese text."""
    placeholders: tuple[tuple[str, str], ...]
    """(placeholder, what it stands for) pairs, so the text can be shown as the author wrote it."""
    reply: str | None
    """The last reply the model gave, masked (None when none could be used at all, e.g. cut off)."""
    problems: tuple[str, ...]
    """Why that reply was rejected."""
    when: float
    """When it was parked (seconds since the epoch)."""

    @property
    def where(self) -> str:
        """``post:line``, for messages."""
        return f"{self.post}:{self.line}"


def parked_from_json(data: dict[str, Any]) -> Parked:
    """A record from its stored JSON object."""
    return Parked(
        key=str(data["key"]), post=str(data["post"]), segment_id=str(data["segment_id"]), line=int(data["line"]),
        kind=str(data["kind"]), source=str(data["source"]),
        placeholders=tuple((str(a), str(b)) for a, b in data.get("placeholders", [])),
        reply=None if data.get("reply") is None else str(data["reply"]), problems=tuple(str(p) for p in data.get("problems", [])),
        when=float(data.get("when", 0.0)),
    )


class ParkedStore:
    """The parked segments of a cache folder (a small diskcache of JSON records)."""

    def __init__(self, cache_dir: Path) -> None:
        import diskcache

        self._store: Any = diskcache.Cache(str(cache_dir / PARKED_FOLDER))

    def get_many(self, keys: Iterable[str]) -> dict[str, Parked]:
        """The parked records among ``keys``."""
        found = {}
        for key in keys:
            raw = self._store.get(key)
            if isinstance(raw, str):
                found[key] = parked_from_json(json.loads(raw))
        return found

    def all(self) -> list[Parked]:
        """Every parked segment, oldest first."""
        records = []
        for key in self._store.iterkeys():
            raw = self._store.get(key)
            if isinstance(raw, str):
                records.append(parked_from_json(json.loads(raw)))
        return sorted(records, key=lambda r: (r.when, r.post, r.line))

    def park(self, records: Sequence[Parked]) -> None:
        """Keep ``records`` (one transaction)."""
        with self._store.transact():
            for record in records:
                self._store.set(record.key, json.dumps(asdict(record), ensure_ascii=False))

    def release(self, keys: Iterable[str]) -> None:
        """Forget the parked segments ``keys`` (answered, or to be sent again)."""
        for key in keys:
            self._store.delete(key)

    def __len__(self) -> int:
        return int(len(self._store))

    def close(self) -> None:
        """Close the database."""
        self._store.close()


def parked_record(key: str, post: str, segment_id: str, line: int, kind: str, source: str,
                  placeholders: Sequence[tuple[str, str]], reply: str | None, problems: Sequence[str]) -> Parked:
    """A new record, stamped now."""
    return Parked(key, post, segment_id, line, kind, source, tuple(placeholders), reply, tuple(problems), time.time())

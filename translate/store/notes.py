"""Warnings recorded per translated segment, kept under the cache folder beside the translations.

A reply with a warning (a glossary rendering missed after the retry that named it, Japanese the
source quotes kept as it is) is written all the same; the warning is stored under the segment's
cache key, so a post rebuilt from the cache shows it again, and it goes with the translation when
the source, model, prompt or glossary entries change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

NOTES_FOLDER = "warnings"
"""Below the cache folder."""


@dataclass(frozen=True, slots=True)
class Note:
    """The warnings of one cached translation, and where they were found."""

    key: str
    """The translation's cache key."""
    post: str
    """The post it was found in (lock key); a translation shared by several posts is noted once."""
    segment_id: str
    """The segment's id in that post."""
    line: int
    """The segment's line in that post."""
    warnings: tuple[str, ...]
    """What a person should look at."""


class NoteStore:
    """Cache key → the warnings of its translation (a small diskcache of JSON records)."""

    def __init__(self, cache_dir: Path) -> None:
        import diskcache

        self._store: Any = diskcache.Cache(str(cache_dir / NOTES_FOLDER))

    def keys(self) -> set[str]:
        """Every key with warnings (few: read once per run)."""
        return {str(key) for key in self._store.iterkeys()}

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The warnings of those ``keys`` that have some."""
        return {key: note.warnings for key, note in self.notes(keys).items()}

    def notes(self, keys: Iterable[str] | None = None) -> dict[str, Note]:
        """The records of ``keys`` (default: all of them)."""
        found = {}
        for key in self._store.iterkeys() if keys is None else keys:
            raw = self._store.get(key)
            if isinstance(raw, str):
                data = json.loads(raw)
                found[str(key)] = Note(str(key), str(data["post"]), str(data["segment_id"]), int(data["line"]),
                                       tuple(str(w) for w in data["warnings"]))
        return found

    def put_many(self, notes: Sequence[Note]) -> None:
        """Record ``notes`` (one with no warnings forgets its key's)."""
        with self._store.transact():
            for note in notes:
                if note.warnings:
                    self._store.set(note.key, json.dumps(asdict(note), ensure_ascii=False))
                else:
                    self._store.delete(note.key)

    def close(self) -> None:
        """Close the database."""
        self._store.close()

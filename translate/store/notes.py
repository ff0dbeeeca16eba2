"""Warnings recorded per translated segment, kept under the cache folder beside the translations.

A reply with a warning (a glossary rendering missed after the retry that named it, Japanese the
source quotes kept as it is) is written all the same; the warning is stored under the segment's
cache key, so a post rebuilt from the cache shows it again, and it goes with the translation when
the source, model, prompt or glossary entries change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

NOTES_FOLDER = "warnings"
"""Below the cache folder."""


class NoteStore:
    """Cache key → the warnings of its translation (a small diskcache of JSON lists)."""

    def __init__(self, cache_dir: Path) -> None:
        import diskcache

        self._store: Any = diskcache.Cache(str(cache_dir / NOTES_FOLDER))

    def keys(self) -> set[str]:
        """Every key with warnings (few: read once per run)."""
        return {str(key) for key in self._store.iterkeys()}

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The warnings of those ``keys`` that have some."""
        found = {}
        for key in keys:
            raw = self._store.get(key)
            if isinstance(raw, str):
                found[key] = tuple(str(w) for w in json.loads(raw))
        return found

    def put_many(self, items: Sequence[tuple[str, Sequence[str]]]) -> None:
        """Record warnings (an empty list forgets a key's warnings)."""
        with self._store.transact():
            for key, warnings in items:
                if warnings:
                    self._store.set(key, json.dumps(list(warnings), ensure_ascii=False))
                else:
                    self._store.delete(key)

    def close(self) -> None:
        """Close the database."""
        self._store.close()

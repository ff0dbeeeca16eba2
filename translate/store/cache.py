"""The translation cache: one diskcache entry per segment, valid replies only.

The key of a segment is the SHA-256 of everything that changes its translation, length-prefixed:

- ``CACHE_FORMAT`` (bumped when the stored value changes shape),
- the masked source text (placeholders, not what they stand for: a changed URL reuses the entry),
- the segment kind (a heading, a table cell and a paragraph are written differently),
- the model name and ``prompt.PROMPT_VERSION``,
- the fingerprints of exactly the glossary entries that occur in the segment, sorted.

So editing one glossary entry invalidates only the segments containing it, and the cache is shared
safely across branches, runs and CI. The value is the masked English text; the entry's diskcache tag
is the version of the reply checks it passed (``model.qa.QA_VERSION``; none, for entries stored
before versions were, counts as 0), so a reply passed by an older, weaker check is validated again
before it is used.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .digest import digest

CACHE_FORMAT = 2
_KEYS_PER_QUERY = 500  # well under SQLite's limit on query parameters (999 before 3.32)


def cache_key(*, text: str, kind: str, model: str, prompt_version: str, fingerprints: Sequence[str]) -> str:
    """The cache key of one segment translation (see the module docstring)."""
    parts = [str(CACHE_FORMAT), text, kind, model, prompt_version, *sorted(fingerprints)]
    # Length-prefixed, so no two different lists of parts give the same string.
    return digest("".join(f"{len(part)}:{part}" for part in parts), size=64)


class TranslationCache:
    """A diskcache.Cache of masked English texts, counting hits and misses."""

    def __init__(self, directory: Path) -> None:
        import diskcache

        self.directory = directory
        self._cache: Any = diskcache.Cache(str(directory))
        self.word_bounds: Any = diskcache.Cache(str(directory / "word-bounds"))
        """Word boundaries jieba found in source texts (see Glossary.remember_word_bounds)."""
        self.hits = 0
        self.misses = 0

    def get_many(self, keys: Sequence[str], *, version: int = 0, older: dict[str, str] | None = None) -> dict[str, str]:
        """The cached translations among ``keys`` (key → text) that checks of ``version`` or later passed.

        Translations stored by older checks are left out, or put in ``older`` when it is given (to be
        validated again). Keys are looked up a few hundred per query: a rebuild from the cache asks for
        every segment of every post, and one query per post instead of one per segment is most of what
        such a run spends outside segmenting. It reads the rows as ``diskcache.Cache.get`` does (string
        keys are stored raw; see ``Disk.put``). Translations put in ``older`` count as hits.
        """
        found: dict[str, str] = {}
        aside = {} if older is None else older
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), _KEYS_PER_QUERY):
            chunk = unique[start : start + _KEYS_PER_QUERY]
            marks = ",".join("?" * len(chunk))
            rows = self._cache._sql(
                f"SELECT key, mode, filename, value, tag FROM Cache WHERE raw = 1 AND key IN ({marks})"
                " AND (expire_time IS NULL OR expire_time > ?)",
                (*chunk, time.time()),
            ).fetchall()
            for key, mode, filename, value, tag in rows:
                try:
                    text = self._cache.disk.fetch(mode, filename, value, False)
                except OSError:  # removed since the query (e.g. by a concurrent ``cache clear``)
                    continue
                if isinstance(text, str):
                    (found if _version(tag) >= version else aside)[key] = text
        hits = sum(1 for key in keys if key in found or key in aside)
        self.hits += hits
        self.misses += len(keys) - hits
        return found

    def put(self, key: str, text: str, *, version: int = 0) -> None:
        """Store a translation that checks of ``version`` passed (written through at once, so a crash keeps it)."""
        self._cache.set(key, text, tag=version)

    def put_many(self, items: Sequence[tuple[str, str]], *, version: int = 0) -> None:
        """Store several translations that checks of ``version`` passed, in one transaction (one reply's worth)."""
        with self._cache.transact():
            for key, text in items:
                self._cache.set(key, text, tag=version)

    def discard(self, keys: Sequence[str]) -> None:
        """Remove entries (translations that turned out to break their post)."""
        for key in keys:
            self._cache.delete(key)

    def stats(self) -> dict[str, int]:
        """Entries and size on disk."""
        return {"entries": len(self._cache), "size_bytes": int(self._cache.volume())}

    def clear(self) -> int:
        """Remove every entry; returns how many translations there were."""
        self.word_bounds.clear()
        return int(self._cache.clear())

    def close(self) -> None:
        """Close the underlying databases."""
        self.word_bounds.close()
        self._cache.close()


def _version(tag: object) -> int:
    """The checks version a diskcache tag records: 0 when there is none (stored before versions were)."""
    return tag if isinstance(tag, int) else 0


def write_run_stats(directory: Path, stats: dict[str, Any]) -> None:
    """Remember the last run's hits, misses and failures (for ``cache stats`` and ``status``)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "last-run.json").write_text(json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def read_run_stats(directory: Path) -> dict[str, Any]:
    """The last run's stats, or an empty dict."""
    try:
        data = json.loads((directory / "last-run.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}

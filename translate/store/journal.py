"""The lock's journal: each lock entry made durable before its English post is renamed into place.

A run records posts in the lock file only when it ends. In between, each entry is appended to
this journal (one JSON line, flushed to disk) after the English post's bytes are on disk under a
temporary name and before the rename that publishes them. So after kill -9 at any moment, every
English post the run put in place has its entry here. ``load_lock`` replays the journal over the
lock file, keeping an entry only when the English post on disk is exactly the one it describes (a
kill between the append and the rename leaves the previous post, and its previous entry, valid).
Saving the lock at the end of a run removes the journal.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO

from .digest import digest
from .lock import Lock, PostRecord, record_from_json, record_json


def journal_path(lock_file: Path) -> Path:
    """The journal beside ``lock_file`` (hidden, and removed once the lock is saved)."""
    return lock_file.with_name(f".{lock_file.name}.journal")


class Journal:
    """Appends lock entries durably; used by one thread at a time (the run's writer)."""

    def __init__(self, lock_file: Path) -> None:
        self.path = journal_path(lock_file)
        self._handle: IO[str] | None = None

    def append(self, key: str, record: PostRecord) -> None:
        """Add the entry of ``key``, on disk when this returns."""
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a", encoding="utf-8")
        self._handle.write(json.dumps({"key": key, "record": record_json(record)}, ensure_ascii=False) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        """Close the file (the entries stay until ``remove``)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def remove(self) -> None:
        """Drop the journal: the lock file now holds everything in it."""
        self.close()
        self.path.unlink(missing_ok=True)


def load_lock(lock_file: Path, *, root: Path) -> Lock:
    """The lock file with the journal of an interrupted run replayed over it (English paths are relative to ``root``)."""
    lock = Lock.load(lock_file)
    try:
        lines = journal_path(lock_file).read_text(encoding="utf-8").splitlines()
    except (FileNotFoundError, UnicodeDecodeError):
        return lock
    for line in lines:
        try:
            entry = json.loads(line)
            key, record = str(entry["key"]), record_from_json(entry["record"])
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # a line cut short by the kill: its post was not renamed into place yet
        try:
            on_disk = digest((root / record.english).read_bytes())
        except OSError:
            continue
        if on_disk == record.english_hash:
            lock.posts[key] = record
    return lock

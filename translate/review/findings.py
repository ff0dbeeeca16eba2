"""What runs leave for a person to review: parked segments and per-segment warnings.

This is the one place the review pages read them from. Both live in the cache folder, keyed by
cache key: parked segments (``store.parked``) carry their post and segment; warnings
(``store.notes``: a reply written all the same, e.g. a glossary rendering missed after the retry
that named it) do not, so they are found by planning the posts the lock says have some, every
segment as a job, and looking up each segment's key.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..config import Settings
from ..store.parked import PARKED_FOLDER, Parked, ParkedStore
from .catalog import PostFile


@dataclass(frozen=True, slots=True)
class SegmentWarning:
    """A problem found in a translation that was written anyway, for a person to look at."""

    post: str
    """The source post's lock key."""
    segment_id: str
    """The segment's id in that post."""
    line: int
    """The segment's line in that post."""
    message: str
    """What is wrong, as a sentence."""
    key: str = ""
    """The cache key of the translation it is about, when known."""

    @property
    def where(self) -> str:
        """``post:line``, for messages."""
        return f"{self.post}:{self.line}"


def parked_segments(settings: Settings) -> list[Parked]:
    """Every parked segment of the project's cache folder, oldest first (none when there is no such folder)."""
    with parked_store(settings, create=False) as store:
        return store.all() if store is not None else []


def segment_warnings(settings: Settings, posts: Iterable[PostFile] | None = None) -> list[SegmentWarning]:
    """The warnings recorded for the segments of ``posts`` (default: those the lock counts warnings for), in order."""
    from ..store.journal import load_lock
    from ..store.notes import NOTES_FOLDER, NoteStore

    cache_dir = settings.path(settings.cache_dir)
    if not (cache_dir / NOTES_FOLDER).is_dir():
        return []
    if posts is None:
        lock = load_lock(settings.path(settings.lock_file), root=settings.root)
        wanted = {key for key, record in lock.posts.items() if record.warnings}
    else:
        wanted = {post.key for post in posts}
    notes = NoteStore(cache_dir)
    try:
        found = [note for note in notes.notes().values() if note.post in wanted]
    finally:
        notes.close()
    return [SegmentWarning(n.post, n.segment_id, n.line, message, n.key)
            for n in sorted(found, key=lambda n: (n.post, n.line)) for message in n.warnings]


@contextmanager
def parked_store(settings: Settings, *, create: bool = True) -> Iterator[ParkedStore | None]:
    """The project's parked store, closed afterwards; None when it does not exist and ``create`` is off.

    Pages only read, so they never create the cache folder; actions do.
    """
    cache_dir = settings.path(settings.cache_dir)
    if not create and not (cache_dir / PARKED_FOLDER).is_dir():
        yield None
        return
    store = ParkedStore(cache_dir)
    try:
        yield store
    finally:
        store.close()

"""What runs leave for a person to review: parked segments and per-segment warnings.

This is the one place the review pages read them from. Parked segments live in the cache folder
(``store.parked``). Warnings (a reply that was written but flagged, see DESIGN invariant 3) are
not recorded by runs yet: ``segment_warnings`` returns none until they are, and the pages already
show them (attention list, and the row of their segment in the side-by-side view).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..config import Settings
from ..store.parked import PARKED_FOLDER, Parked, ParkedStore


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


def segment_warnings(settings: Settings) -> list[SegmentWarning]:
    """Every recorded warning, in post and line order (runs do not record any yet)."""
    return []


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

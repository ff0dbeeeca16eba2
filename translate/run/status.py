"""``translate status``: each post's state, decided as a run would decide it, without sending or writing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..store.cache import read_run_stats
from ..store.digest import digest
from ..store.journal import load_lock
from ..store.parked import PARKED_FOLDER, ParkedStore
from .pipeline import RunOptions, plan_posts

_STATES = {"changed": "stale", "up to date": "up to date", "new": "new", "failed": "failed"}


@dataclass(frozen=True, slots=True)
class PostStatus:
    """One row of ``translate status``."""

    post: str
    """The source post's lock key."""
    state: str
    """``up to date``, ``stale``, ``new`` or ``failed``, with ``edited by hand``, warnings, parked segments,
    ``waiting for a batch`` and ``failed last time`` added when so."""
    detail: str = ""
    """Which segments are stale, or why the post fails."""


def post_statuses(settings: Settings, inputs: Sequence[Path]) -> list[PostStatus]:
    """The status of every post under ``inputs``."""
    from ..glossary.model import load_glossary

    lock = load_lock(settings.path(settings.lock_file), root=settings.root)
    failed_last_time = read_run_stats(settings.path(settings.cache_dir)).get("failed", {})
    glossary = load_glossary(settings.path(settings.glossary))
    parked: dict[str, int] = {}
    if (settings.path(settings.cache_dir) / PARKED_FOLDER).is_dir():
        store = ParkedStore(settings.path(settings.cache_dir))
        try:
            for segment in store.all():
                parked[segment.post] = parked.get(segment.post, 0) + 1
        finally:
            store.close()
    from ..store.batches import BatchStore, pending_keys

    in_batches = pending_keys(BatchStore(settings.path(settings.cache_dir)).records())
    rows = []
    for plan in plan_posts(settings, inputs, lock, glossary, RunOptions()):
        record = lock.posts.get(plan.key)
        state = _STATES[plan.state]
        detail = ""
        if plan.state == "changed":
            detail = ("segments " + ", ".join(f"{j.segment.id} (line {j.segment.line})" for j in plan.jobs) if plan.jobs
                      else plan.reason or "settings or glossary")
        if plan.state == "failed":
            detail = "; ".join(plan.failures)
        if record and plan.english.is_file() and digest(plan.english.read_bytes()) != record.english_hash:
            state += ", edited by hand"
        if record and record.warnings and plan.state == "up to date":
            state += f", {record.warnings} warnings"
        if plan.key in parked:
            state += f", {parked[plan.key]} parked"
        if in_batches and any(job.key in in_batches for job in plan.jobs):
            state += ", waiting for a batch"
        if plan.key in failed_last_time:
            state += ", failed last time"
        unlinked = sorted(key for key, english in record.links.items() if not english) if record else []
        if unlinked:
            # Kept as they are in the English post: they lead to the Chinese edition until those posts are translated.
            detail = "; ".join(filter(None, [detail, f"links to posts with no English edition: {', '.join(unlinked)}"]))
        rows.append(PostStatus(plan.key, state, detail))
    return rows

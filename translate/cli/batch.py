"""What ``run --batch`` and ``status`` print about batches: the progress of ``--wait``, what was submitted, what is pending."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from ..config import Settings
    from ..model.batch import BatchProgress, BatchTranslator
    from ..store.batches import BatchRecord


def batch_translator_for(settings: Settings, *, batch: bool, wait: bool, dry_run: bool, offline: bool,
                         no_cache: bool) -> BatchTranslator | None:
    """The Batch API translator with ``--batch`` (printing a progress line at each look when it waits); None for the chat path.

    A dry run gets none: it only prices at the batch rate.
    """
    if wait and not batch:
        raise click.UsageError("--wait goes with --batch: 'translate run --batch --wait'")
    if batch and (offline or no_cache):
        raise click.UsageError(f"--batch sends through the network and keeps its state in the cache: drop {'--offline' if offline else '--no-cache'}")
    if not batch or dry_run:
        return None
    from ..model.batch import BatchTranslator
    from ..store.batches import BatchStore

    store = BatchStore(settings.path(settings.cache_dir))
    return BatchTranslator(settings, store, wait=wait, progress=_progress_line if wait else None)


def _progress_line(progress: BatchProgress) -> None:
    click.echo(f"waiting for {progress.batches} batch{'es' if progress.batches != 1 else ''}: {progress.done}/{progress.lines} "
               f"requests done, the oldest submitted {age_text(progress.oldest)} ago", err=True)


def echo_batches(translator: BatchTranslator, *, pending: int) -> None:
    """Say what a run collected and submitted, and what is still in flight for how many ``pending`` posts (on stderr)."""
    if translator.collected:
        click.echo(f"Collected {_batches(translator.collected)}.", err=True)
    if translator.submitted:
        ids = ", ".join(r.batch_id or f"(uploaded as {r.input_file_id})" for r in translator.submitted)
        click.echo(f"Submitted {_batches(translator.submitted)}: {ids}.", err=True)
    if translator.in_flight:
        posts = f"{pending} post{'s' if pending != 1 else ''} wait for them; " if pending else ""
        click.echo(f"{_batches(translator.in_flight)} in flight; {posts}a later 'translate run --batch' collects them "
                   "and writes the posts (or wait for them with --wait).", err=True)


def batch_json(translator: BatchTranslator | None) -> dict[str, Any]:
    """``{"batches": ...}``, the batches a run submitted, collected and left in flight, for ``--json`` (nothing without --batch)."""
    if translator is None:
        return {}
    return {"batches": {"submitted": [r.batch_id for r in translator.submitted], "collected": [r.batch_id for r in translator.collected],
                        "in_flight": [record_json(r) for r in translator.in_flight]}}


def echo_pending_batches(settings: Settings) -> None:
    """``translate status``: the batches in flight and their age, as last seen (no network)."""
    from ..store.batches import BatchStore

    records = BatchStore(settings.path(settings.cache_dir)).records()
    if not records:
        return
    click.echo(f"{_batches(records)} in flight ('translate run --batch' collects them):")
    now = time.time()
    for r in records:
        click.echo(f"  {r.batch_id or '(not created yet)'}  {r.status}  {r.done}/{len(r.lines)} requests done  "
                   f"{_segments(r)} segments  submitted {age_text(r.age(now))} ago")


def record_json(record: BatchRecord) -> dict[str, Any]:
    """A batch in flight, for ``--json``."""
    return {"batch_id": record.batch_id, "status": record.status, "requests": len(record.lines), "done": record.done,
            "segments": _segments(record), "age_seconds": round(record.age(), 1)}


def age_text(seconds: float) -> str:
    """``45 s``, ``12 min``, ``3 h 5 min``, ``2 d 4 h``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} h {minutes % 60} min"
    return f"{hours // 24} d {hours % 24} h"


def _batches(records: Sequence[BatchRecord]) -> str:
    lines = sum(len(r.lines) for r in records)
    return f"{len(records)} batch{'es' if len(records) != 1 else ''} ({lines} requests, {sum(_segments(r) for r in records)} segments)"


def _segments(record: BatchRecord) -> int:
    return sum(len(line.keys) for line in record.lines)

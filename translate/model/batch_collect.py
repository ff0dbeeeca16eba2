"""What a finished batch gives: each line's reply judged, and what is left to submit (a rung up the ladder, or the line again)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import retry
from .batch_lines import line_outcome
from .translator import JobResult, Usage

if TYPE_CHECKING:
    from ..store.batches import BatchRecord
    from .batch_api import BatchInfo


@dataclass(frozen=True, slots=True)
class Collected:
    """The lines of one finished batch, judged."""

    results: tuple[JobResult, ...] = ()
    """Valid results; failures given up on (final), or not to retry in this run (a batch refused as a whole)."""
    usage: Usage = Usage()
    """What its replies cost."""
    again: tuple[retry.Attempt, ...] = ()
    """Lines the batch never ran (it expired or was cancelled first), to submit as they were."""
    following: tuple[retry.Attempt, ...] = ()
    """The next rung of the ladder for the jobs whose reply was rejected."""


def collected(record: BatchRecord, info: BatchInfo, answers: Mapping[str, Mapping[str, Any]], elsewhere: Set[str]) -> Collected:
    """Judge every line of ``record``'s finished batch (``answers``: its output and error files by ``custom_id``).

    Jobs whose key is in ``elsewhere`` (asked for by a batch in flight) are not submitted again: a
    record collected a second time, after a run was killed before removing it, leaves nothing to do twice.
    """
    results: list[JobResult] = []
    usage = Usage()
    again: list[retry.Attempt] = []
    following: list[retry.Attempt] = []
    for line in record.lines:
        attempt = retry.Attempt(jobs=tuple(record.jobs[key] for key in line.keys), stage=line.stage, note=line.note)
        if info.status == "failed":
            refused = "; ".join(info.errors) or "no reason given"
            problem = f"the Batch API refused batch {info.id} ({refused}); the next run submits it again"
            results.extend(JobResult(job, None, (problem,)) for job in attempt.jobs)
            continue
        outcome = line_outcome(attempt, answers.get(line.custom_id))
        if outcome.again:
            again.extend(_not_in(elsewhere, [attempt]))
            continue
        steps, given_up = retry.climb(outcome.failed, attempt.stage)
        following.extend(_not_in(elsewhere, steps))
        results.extend([*outcome.results, *given_up])
        usage = usage + outcome.usage
    return Collected(tuple(results), usage, tuple(again), tuple(following))


def _not_in(keys: Set[str], attempts: Sequence[retry.Attempt]) -> list[retry.Attempt]:
    """``attempts`` without the jobs whose cache key is in ``keys`` (an attempt that loses some loses its retry note too)."""
    kept = []
    for attempt in attempts:
        jobs = tuple(job for job in attempt.jobs if job.key not in keys)
        if jobs:
            kept.append(attempt if len(jobs) == len(attempt.jobs) else retry.Attempt(jobs=jobs, stage=attempt.stage))
    return kept

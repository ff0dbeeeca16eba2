"""The retry ladder for segments whose reply was rejected, shared by every translator.

A request whose replies fail validation is not simply repeated: the failing segments go again
in two halves (stage 1), then each alone (stages 2 and 3), every time with the failure named in
the prompt. After the last stage a segment fails for good.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .prompt import retry_note
from .translator import JobResult, SegmentJob

LAST_STAGE = 3
"""After a failure at this stage, a segment is given up on."""
GLOSSARY_ACCEPTED_FROM = 1
"""From this stage on (the first retry, which names the missed renderings), a reply whose only
problem is the glossary is accepted with a warning: a name rendered another way does not break the
page, while holding back the post and asking again and again would."""
SPLIT_STATUSES = (400, 413)
"""HTTP statuses that can mean "too long": the request is retried in smaller pieces."""


@dataclass(frozen=True, slots=True)
class Attempt:
    """One request to make: which jobs, how far up the ladder, and what went wrong before."""

    jobs: tuple[SegmentJob, ...]
    """The segments of the request, in order (numbered 1..n on the wire)."""
    stage: int = 0
    """0 for the first try; see the module docstring."""
    note: str | None = None
    """What was wrong with each segment last time, for the prompt."""


Failed = tuple[SegmentJob, Sequence[str], "str | None"]
"""A job, the problems of its last reply, and that reply (None when there was none, e.g. a cut-off reply)."""


def next_attempts(failed: Sequence[Failed], stage: int) -> list[Attempt]:
    """The attempts that follow ``failed`` segments of a request at ``stage``; empty when they are given up."""
    if stage >= LAST_STAGE or not failed:
        return []
    if stage == 0 and len(failed) > 1:
        half = len(failed) // 2
        return [_attempt(part, 1) for part in (failed[:half], failed[half:])]
    return [_attempt([one], max(stage, 1) + 1) for one in failed]


def climb(failed: Sequence[Failed], stage: int) -> tuple[list[Attempt], list[JobResult]]:
    """What follows ``failed`` segments of a request at ``stage``: the next attempts, or (at the top) their final results."""
    following = next_attempts(failed, stage)
    if following or not failed:
        return following, []
    return [], [JobResult(job, None, tuple(problems), reply, final=True) for job, problems, reply in failed]


def sort_replies(attempt: Attempt, replies: Sequence[str]) -> tuple[list[JobResult], list[Failed]]:
    """Each job of ``attempt`` judged on its reply (in order): the valid results, and the failures for the next step."""
    from .qa import judge

    good: list[JobResult] = []
    bad: list[Failed] = []
    for job, reply in zip(attempt.jobs, replies):
        text, found = judge(job.segment, reply, job.entries)
        if found.errors or (found.glossary and attempt.stage < GLOSSARY_ACCEPTED_FROM):
            bad.append((job, [*found.errors, *found.glossary], text))
        else:  # glossary renderings still missed after the retry that named them: written, flagged
            good.append(JobResult(job, text, warnings=(*found.glossary, *found.warnings)))
    return good, bad


def splits_on(status_code: int | None, size: int) -> bool:
    """Whether an endpoint error with ``status_code`` on a request of ``size`` segments is worth retrying smaller."""
    return status_code in SPLIT_STATUSES and size > 1


def _attempt(part: Sequence[Failed], stage: int) -> Attempt:
    return Attempt(jobs=tuple(job for job, _, _ in part), stage=stage, note=retry_note([problems for _, problems, _ in part]))

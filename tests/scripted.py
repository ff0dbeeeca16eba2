"""An in-process Translator for run tests that do not test HTTP: answers come from a function, a few receives late."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fakellm import pseudo_translate

from translate.model.translator import Delivery, JobResult, SegmentJob, Usage

Answer = Callable[[SegmentJob], "str | tuple[str, ...]"]
"""A job's English text, or the problems that make it fail."""


def pseudo_english(job: SegmentJob) -> str:
    """The fake server's deterministic translation, with the job's glossary entries applied."""
    return pseudo_translate(job.segment.text, [(e.term, e.rendering or e.term) for e in job.entries])


class ScriptedTranslator:
    """Implements the ``Translator`` protocol with no network and no threads."""

    def __init__(self, answer: Answer = pseudo_english, *, delay: int = 0) -> None:
        self.answer = answer
        self.delay = delay
        """How many ``receive`` calls a result waits before it is handed out."""
        self.sent: list[SegmentJob] = []
        """Every job received, in order."""
        self.flushed = 0
        self.closed = False
        self._waiting: list[tuple[int, JobResult]] = []

    def send(self, jobs: Sequence[SegmentJob]) -> None:
        self.sent.extend(jobs)
        for job in jobs:
            answer = self.answer(job)
            result = JobResult(job, answer, ()) if isinstance(answer, str) else JobResult(job, None, tuple(answer))
            self._waiting.append((self.delay, result))

    def flush(self) -> None:
        self.flushed += 1

    def receive(self, *, timeout: float) -> Delivery:
        ready = [result for wait, result in self._waiting if wait <= 0]
        self._waiting = [(wait - 1, result) for wait, result in self._waiting if wait > 0]
        return Delivery(tuple(ready), Usage(requests=1 if ready else 0, prompt_tokens=10 * len(ready), completion_tokens=5 * len(ready)))

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def close(self, *, cancel: bool = False) -> None:
        self.closed = True

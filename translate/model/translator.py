"""The seam between a run and the model: segment jobs go in, results come back as values.

A ``Translator`` takes frozen ``SegmentJob`` records and hands back ``Delivery`` values: the
results of the requests that finished and what they cost. It never touches a post, the cache or
the lock; the run decides what a result means. The chat path (``chat.ChatTranslator``) is one
implementation; another way of sending (a batch endpoint, a scripted translator in tests) is one
more class with these four methods.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ..errors import ConfigError

if TYPE_CHECKING:
    from ..glossary.model import GlossaryEntry
    from ..source.segment import Segment


@dataclass(frozen=True, slots=True)
class SegmentJob:
    """One segment to translate, with everything its request and its cache entry need."""

    key: str
    """The cache key of its translation, computed once when the job is made (``store.cache.cache_key``)."""
    segment: Segment
    """The source segment: masked text, kind, placeholders, line."""
    entries: tuple[GlossaryEntry, ...]
    """The approved glossary entries occurring in it."""
    post: str
    """The post it belongs to (its lock key), for messages and for grouping a request's context."""
    title: str | None = None
    """The post's title in Chinese, sent as context when a request holds segments of one post only."""

    @property
    def where(self) -> str:
        """``post:line`` of the segment, for messages."""
        return f"{self.post}:{self.segment.line}"


@dataclass(frozen=True, slots=True)
class JobResult:
    """What became of one job: a valid translation, or the reasons it has none."""

    job: SegmentJob
    """The job answered."""
    text: str | None
    """The masked English text, validated; None when the job failed."""
    problems: tuple[str, ...] = ()
    """Why it failed (empty when ``text`` is set)."""
    rejected: str | None = None
    """The last reply that was rejected for it (when it failed on a reply, not on the endpoint)."""
    warnings: tuple[str, ...] = ()
    """What a person should look at in a valid ``text`` (it is written all the same)."""
    final: bool = False
    """It failed on every reply the retries allowed: the run parks it rather than pay for it again."""


@dataclass(frozen=True, slots=True)
class Usage:
    """Requests and tokens spent."""

    requests: int = 0
    """Chat completion calls (retries made by the SDK itself not counted)."""
    prompt_tokens: int = 0
    """Prompt tokens, including those of replies that were rejected."""
    completion_tokens: int = 0
    """Completion tokens, including those of replies that were rejected."""

    def __add__(self, other: Usage) -> Usage:
        return Usage(self.requests + other.requests, self.prompt_tokens + other.prompt_tokens,
                     self.completion_tokens + other.completion_tokens)


@dataclass(frozen=True, slots=True)
class Delivery:
    """Results handed back by a translator, and what obtaining them cost."""

    results: tuple[JobResult, ...] = ()
    """Finished jobs, valid or failed."""
    usage: Usage = Usage()
    """Spent on them (or on replies that were rejected and retried)."""
    stop: ConfigError | None = None
    """Why no request can succeed in this run (authentication, unknown model, unreachable endpoint), if so."""

    @staticmethod
    def combine(deliveries: Iterable[Delivery]) -> Delivery:
        """One delivery holding the results and usage of ``deliveries`` (and the first reason to stop)."""
        results: list[JobResult] = []
        usage = Usage()
        stop = None
        for delivery in deliveries:
            results.extend(delivery.results)
            usage = usage + delivery.usage
            stop = stop or delivery.stop
        return Delivery(tuple(results), usage, stop)


class Translator(Protocol):
    """Jobs in, results out. Used from one thread (the run's); it may work on others meanwhile.

    Every job sent gets exactly one result, in some later ``receive``, unless the translator says
    it will come in a later run (``busy`` is False while results are outstanding), or a delivery
    says the run must ``stop``.
    """

    def send(self, jobs: Sequence[SegmentJob]) -> None:
        """Take ``jobs`` (cache keys unique within the run); work may start at once."""

    def flush(self) -> None:
        """No more jobs are coming soon: start on everything held back (e.g. a partly filled batch)."""

    def receive(self, *, timeout: float) -> Delivery:
        """The results that finished since the last call, waiting up to ``timeout`` seconds for the first."""

    @property
    def busy(self) -> bool:
        """Whether results are still to come in this run."""

    def close(self, *, cancel: bool = False) -> None:
        """Finish the work in flight (with ``cancel``, drop work not yet started) and stop.

        Results of the work finished meanwhile are still handed out by ``receive``.
        """

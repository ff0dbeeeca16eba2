"""Posts in flight: which jobs each waits for, and the one place the translation cache is written.

The ``JobBoard`` is used from the run's own thread only. A post's jobs are looked up in the
cache; the rest go to the translator, except that a job whose cache key is already on its way
(an identical segment of another post, or of the same one) waits for that one and takes its
answer, or its failure. As results come in, valid texts are cached before any post using them
is finished, and each post whose last job is answered comes out as a frozen ``FinishedPost``.

Every text is cached with the version of the checks it passed (``qa.QA_VERSION``). A cached text
that older checks passed is validated again against its job before it is used: it is then cached
anew at the current version, or dropped from the cache and its job sent again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model.qa import QA_VERSION
from ..model.translator import JobResult, SegmentJob
from .plan import PostPlan

if TYPE_CHECKING:
    from ..store.cache import TranslationCache
    from ..store.notes import NoteStore
    from ..store.parked import Parked, ParkedStore


@dataclass(frozen=True, slots=True)
class FinishedPost:
    """A post whose every job is answered: ready to be composed and written, or failed."""

    plan: PostPlan
    """What was planned for it."""
    translations: Mapping[str, str]
    """Segment id → masked English text, for every job that succeeded."""
    cached: int = 0
    """Jobs answered from the cache, or by an identical segment sent in this run."""
    sent: int = 0
    """Jobs answered by the model in this run."""
    fresh: int = 0
    """Translations obtained from the model in this run (directly or through an identical segment)."""
    failures: tuple[str, ...] = ()
    """``path:line: reason`` for each failure, the plan's own included."""
    warnings: tuple[str, ...] = ()
    """``path:line: warning`` for each translation written with a warning."""
    parked: int = 0
    """Jobs that failed after every retry, in this run or an earlier one (see ``store.parked``)."""

    @property
    def ok(self) -> bool:
        """Whether the post can be written."""
        return not self.failures


@dataclass(slots=True)
class _Open:
    """A post still waiting for jobs (owned by the board; never handed out)."""

    plan: PostPlan
    translations: dict[str, str]
    cached: int
    waiting: int
    sent: int = 0
    fresh: int = 0
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parked: int = 0

    def finished(self) -> FinishedPost:
        return FinishedPost(self.plan, dict(self.translations), self.cached, self.sent, self.fresh,
                            (*self.plan.failures, *self.failures), tuple(self.warnings), self.parked)


def unanswered(plan: PostPlan, found: Mapping[str, str]) -> list[SegmentJob]:
    """The jobs of ``plan`` that ``found`` (cache key → text) does not answer."""
    return [job for job in plan.jobs if job.key not in found]


def finished_now(plan: PostPlan, found: Mapping[str, str], failures: Sequence[str] = ()) -> FinishedPost:
    """A post that waits for nothing: answered from ``found`` as far as it goes, with ``failures`` added."""
    translations = {job.segment.id: found[job.key] for job in plan.jobs if job.key in found}
    return FinishedPost(plan, translations, cached=len(translations), failures=(*plan.failures, *failures))


class JobBoard:
    """Tracks the jobs of posts in flight and writes valid translations to the cache (see the module docstring).

    It also keeps, beside the cache, the warnings of translations (``store.notes``) and the jobs
    that failed after every retry (``store.parked``): a parked job is not sent again, unless it is
    released (``--retry-failed``, or an answer from the review page).
    """

    def __init__(self, cache: TranslationCache | None, *, notes: NoteStore | None = None,
                 parked: ParkedStore | None = None, retry_parked: bool = False) -> None:
        self.cache = cache
        self.notes = notes
        self.parked_store = parked
        self._warned = notes.keys() if notes is not None else set()
        """Cache keys whose translation has warnings (few)."""
        self._parked = {p.key: p for p in parked.all()} if parked is not None else {}
        """Cache key → parked record, of the jobs not to send."""
        if retry_parked:
            self._parked = {}
        self._posts: dict[str, _Open] = {}
        self._waiters: dict[str, list[SegmentJob]] = {}
        """Cache key → the jobs waiting for it (the first one is the one sent)."""
        self._answers: dict[str, tuple[str | None, str]] = {}
        """Cache key → the text its job got (None if it failed) and where that job is."""
        self._unstored: list[tuple[str, str]] = []
        """Valid (key, text) pairs not yet in the cache (kept for a retry after an interruption)."""
        self._parked_now: set[str] = set()
        """Cache keys parked in this run."""

    def open(self, plan: PostPlan, found: Mapping[str, str]) -> tuple[list[SegmentJob], FinishedPost | None]:
        """Take ``plan`` with the cache's ``found`` texts: the jobs to send, and the post if it is already finished."""
        post = _Open(plan, {}, cached=0, waiting=0)
        self._posts[plan.key] = post
        to_send = []
        for job in plan.jobs:
            text = found.get(job.key)
            if text is not None:
                post.translations[job.segment.id] = text
                post.cached += 1
                if job.key in self._warned and self.notes is not None:
                    post.warnings.extend(f"{job.where}: {w}" for w in self.notes.get_many([job.key]).get(job.key, ()))
            elif job.key in self._parked:
                parked = self._parked[job.key]
                post.parked += 1
                post.failures.append(f"{job.where}: parked since an earlier run ({'; '.join(parked.problems)}); "
                                     "answer it with 'translate review', or send it again with --retry-failed")
            elif job.key in self._answers:
                self._follow(post, job)
            else:
                post.waiting += 1
                waiters = self._waiters.setdefault(job.key, [])
                if not waiters:
                    to_send.append(job)
                waiters.append(job)
        return to_send, self._finish_if_done(plan.key)

    def revalidated(self, plan: PostPlan, older: Mapping[str, str]) -> dict[str, str]:
        """The texts among ``older`` (cache key → text cached by older checks) that pass today's checks for ``plan``.

        Those are cached again at the current version; the others are dropped from the cache, so
        their jobs are sent again. A text shared by several jobs passes only if it passes for each.
        """
        from ..model.qa import assess

        passed: dict[str, str] = {}
        failed: set[str] = set()
        for job in plan.jobs:
            text = older.get(job.key)
            if text is None or job.key in failed:
                continue
            if assess(job.segment, text, job.entries).errors:  # glossary misses were accepted with a warning
                failed.add(job.key)
                passed.pop(job.key, None)
            else:
                passed[job.key] = text
        self._unstored.extend(passed.items())
        self.store()
        if self.cache is not None and failed:
            self.cache.discard(sorted(failed))
        return passed

    def accept(self, results: Sequence[JobResult]) -> list[FinishedPost]:
        """Take the translator's results: cache the valid ones, answer every job waiting for them; the posts now finished."""
        self._unstored.extend((r.job.key, r.text) for r in results if r.text is not None)
        self.store()
        self._note(results)
        done: list[FinishedPost] = []
        for result in results:
            self._answers[result.job.key] = (result.text, result.job.where)
            if result.text is None and result.final:
                self._parked_now.add(result.job.key)
            for n, job in enumerate(self._waiters.pop(result.job.key, [])):
                post = self._posts[job.post]
                post.waiting -= 1
                if n == 0:
                    self._take(post, job, result)
                else:
                    self._follow(post, job)
                finished = self._finish_if_done(job.post)
                if finished is not None:
                    done.append(finished)
        return done

    def keep(self, results: Sequence[JobResult]) -> None:
        """Cache the valid ``results`` without finishing any post (after the run was interrupted)."""
        self._unstored.extend((r.job.key, r.text) for r in results if r.text is not None)
        self.store()
        self._note(results)

    def _note(self, results: Sequence[JobResult]) -> None:
        """Record warnings of valid results; park the jobs that failed on every reply; release answered ones."""
        if self.notes is not None:
            from ..store.notes import Note

            notes = [Note(r.job.key, r.job.post, r.job.segment.id, r.job.segment.line, _warnings(r))
                     for r in results if r.text is not None and (_warnings(r) or r.job.key in self._warned)]
            if notes:
                self.notes.put_many(notes)
                self._warned.update(note.key for note in notes if note.warnings)
        if self.parked_store is None:
            return
        answered = [r.job.key for r in results if r.text is not None]
        if answered:
            self.parked_store.release(answered)
        failed = [r for r in results if r.text is None and r.final]
        if failed:
            self.parked_store.park([_parked(r) for r in failed])

    def store(self) -> None:
        """Write the valid translations received so far to the cache (again, after an interruption)."""
        if self.cache is not None and self._unstored:
            self.cache.put_many(self._unstored, version=QA_VERSION)  # one transaction: interrupted, it is tried again later
        self._unstored = []

    def discard(self, post: FinishedPost) -> None:
        """Drop ``post``'s translations from the cache (they broke the post: never serve them again)."""
        if self.cache is not None:
            self.cache.discard([job.key for job in post.plan.jobs if job.segment.id in post.translations])

    def abandon(self) -> list[PostPlan]:
        """The posts still waiting for jobs, given up on (the run stops without their answers)."""
        plans = [post.plan for post in self._posts.values()]
        self._posts.clear()
        self._waiters.clear()
        return plans

    def _take(self, post: _Open, job: SegmentJob, result: JobResult) -> None:
        if result.text is not None:
            post.translations[job.segment.id] = result.text
            post.sent += 1
            post.fresh += 1
            post.warnings.extend(f"{job.where}: {w}" for w in _warnings(result))
        else:
            parked = "; parked: not sent again until it changes (answer it with 'translate review', or use --retry-failed)"
            post.failures.append(f"{job.where}: {'; '.join(result.problems)}{parked if result.final else ''}")
            post.parked += result.final

    def _follow(self, post: _Open, job: SegmentJob) -> None:
        """Give ``job`` the answer its identical predecessor got: its translation or its failure."""
        text, where = self._answers[job.key]
        if text is not None:
            post.translations[job.segment.id] = text
            post.cached += 1
            post.fresh += 1
        else:
            post.failures.append(f"{job.where}: same text as {where}, which failed")
            post.parked += job.key in self._parked_now

    def _finish_if_done(self, key: str) -> FinishedPost | None:
        post = self._posts[key]
        if post.waiting:
            return None
        del self._posts[key]
        return post.finished()


def _parked(result: JobResult) -> Parked:
    """The parked record of a job that failed after every retry."""
    from ..store.parked import parked_record

    seg = result.job.segment
    return parked_record(result.job.key, result.job.post, seg.id, seg.line, seg.kind, seg.text,
                         [(p.token, p.original) for p in seg.placeholders], result.rejected, result.problems)


def _warnings(result: JobResult) -> tuple[str, ...]:
    """The warnings of a valid result, a superseded hand edit included (kept for review until dismissed)."""
    if result.job.earlier is None:
        return result.warnings
    return (*result.warnings, f"the source changed under a hand edit; your earlier English, sent as context, was: {result.job.earlier}")

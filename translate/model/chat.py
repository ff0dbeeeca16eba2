"""Send segments to the model: batches across posts, concurrent requests, validation, retries.

Segments arrive post by post while later posts are still being planned, so requests overlap the
planning. A batch fills up to the token budget, possibly with the ends of several small posts (the
system prompt is then paid once for all of them). Ids in a request are renumbered ``1..n``.
Every reply is validated per segment; valid ones are cached by the calling thread as soon as it
sees the request done, before any post using them is written (and by the worker itself after an
abort, so an interrupted run keeps them); invalid ones are retried in a smaller batch, then alone,
with the failure named in the prompt.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

from ..errors import LLMError, PlaceholderError
from ..run.plan import PostPlan
from ..source.segment import Segment, structure_problems
from .estimate import estimate_tokens

if TYPE_CHECKING:
    from .client import LLM

STORE_SECONDS = 1.0
"""While waiting for requests, valid replies received are cached at least this often."""
Work = tuple[PostPlan, Segment]
Store = Callable[[Sequence[tuple[PostPlan, Segment, str]]], None]


class Dispatcher:
    """Collects segments to translate, sends them in batches, and reports posts as they finish.

    A segment whose cache key equals one already queued in this run is not sent again: it waits
    for that one and takes its translation (or its failure).
    """

    def __init__(self, llm: LLM, *, budget: int, concurrency: int, store: Store, finish: Callable[[PostPlan], None],
                 key: Callable[[PostPlan, Segment], str]) -> None:
        self.llm = llm
        self.budget = budget
        self.store = store
        self.finish = finish
        self.key = key
        self.pool = ThreadPoolExecutor(max_workers=concurrency)
        self._counting = threading.Lock()
        self.pending: list[Work] = []
        self.pending_tokens = 0
        self.futures: dict[Future[None], list[Work]] = {}
        self.unresolved: dict[int, int] = {}
        """Plan id → segments of it not yet translated or failed."""
        self.leaders: dict[str, Work] = {}
        """Cache key → the first segment with it in this run."""
        self.followers: dict[str, list[Work]] = {}
        """Cache key → later segments with the same key, waiting for the leader."""
        self.answers: dict[str, tuple[str | None, str]] = {}
        """Cache key → the leader's translation (None if it failed) and where the leader is."""
        self.unstored: list[tuple[PostPlan, Segment, str]] = []
        """Valid replies the workers received that are not yet in the cache."""
        self.aborted = False
        """Set by abort(): workers then cache their replies themselves."""

    def add(self, plan: PostPlan) -> None:
        """Queue every segment of ``plan.todo``; full batches are sent at once."""
        self.unresolved[id(plan)] = len(plan.todo) + 1  # +1: not finished before every segment is queued
        for seg in plan.todo:
            key = self.key(plan, seg)
            leader = self.leaders.get(key)
            if leader is not None:
                if key in self.answers:
                    self._follow(key, (plan, seg))
                else:
                    self.followers.setdefault(key, []).append((plan, seg))
                continue
            self.leaders[key] = (plan, seg)
            tokens = estimate_tokens(seg.text)
            if self.pending and self.pending_tokens + tokens > self.budget:
                self._send()
            self.pending.append((plan, seg))
            self.pending_tokens += tokens
        self._resolved(plan)
        self.collect(block=False)

    def _send(self) -> None:
        group, self.pending, self.pending_tokens = self.pending, [], 0
        self.futures[self.pool.submit(self._translate, group)] = group

    def collect(self, *, block: bool) -> None:
        """Handle finished requests; with ``block``, wait until every request is done."""
        if block and self.pending:
            self._send()
        while self.futures:
            # A blocking wait still wakes up now and then: a request being retried may hold replies
            # that were valid the first time, and they should not wait for it to reach the cache.
            done, _ = wait(list(self.futures), timeout=STORE_SECONDS if block else 0, return_when=FIRST_COMPLETED)
            self._store()
            if not done:
                if block:
                    continue
                return
            for future in done:
                group = self.futures.pop(future)
                future.result()
                keys = [self.key(plan, seg) for plan, seg in group]  # before _resolved may release a plan
                for key, (plan, seg) in zip(keys, group):
                    self.answers[key] = (plan.translations.get(seg.id), f"{plan.key}:{seg.line}")
                for key, (plan, seg) in zip(keys, group):
                    self._resolved(plan)
                    for follower in self.followers.pop(key, []):
                        self._follow(key, follower)

    def _store(self) -> None:
        """Cache the valid replies received so far, before any post using them is written.

        This runs on the calling thread, not the workers: each cache write lets go of the
        interpreter lock, and a worker would wait to get it back while the calling thread
        segments the next posts, which stalled every request behind its reply's cache writes.
        """
        with self._counting:
            replies, self.unstored = self.unstored, []
        if replies:
            try:
                self.store(replies)
            except BaseException:  # e.g. Ctrl-C mid-transaction: abort() tries again (storing twice is harmless)
                with self._counting:
                    self.unstored[:0] = replies
                raise

    def _follow(self, key: str, follower: Work) -> None:
        """Give ``follower`` the answer its identical leader got: its translation or its failure."""
        translation, where = self.answers[key]
        follower_plan, follower_seg = follower
        if translation is not None:
            follower_plan.translations[follower_seg.id] = translation
            follower_plan.cached += 1
            follower_plan.fresh += 1
        else:
            follower_plan.fail(f"same text as {where}, which failed", line=follower_seg.line)
        self._resolved(follower_plan)

    def _resolved(self, plan: PostPlan) -> None:
        self.unresolved[id(plan)] -= 1
        if self.unresolved[id(plan)] == 0:
            plan.todo = [s for s in plan.todo if s.id not in plan.translations]
            self.finish(plan)

    def close(self) -> None:
        """Wait for every request, then stop the worker threads."""
        self.collect(block=True)
        self.pool.shutdown(wait=True)

    def abort(self) -> None:
        """Stop without waiting: requests not started are cancelled (after an error elsewhere).

        Replies already received are cached; requests still running cache their own replies.
        """
        with self._counting:
            self.aborted = True
        self._store()
        self.pool.shutdown(wait=False, cancel_futures=True)

    def _translate(self, group: list[Work], *, stage: int = 0, note: str | None = None) -> None:
        """Translate ``group``; failures go to a smaller batch (stage 1), then alone (stages 2–3)."""
        from . import qa
        from .client import BadReply, EndpointError, TruncatedReply
        from .prompt import BatchItem

        entries = tuple({e.term: e for plan, seg in group for e in plan.entries.get(seg.id, ())}.values())
        plans = {id(plan) for plan, _ in group}
        title = _title(group[0][0]) if len(plans) == 1 else None
        items = [BatchItem(id=str(n), text=seg.text) for n, (_, seg) in enumerate(group, start=1)]
        try:
            reply = self.llm.translate_batch(items, entries=entries, title=title, retry_note=note)
        except (TruncatedReply, BadReply) as exc:
            self._retry([(work, [exc.message]) for work in group], stage)
            return
        except EndpointError as exc:
            if exc.status_code in (400, 413) and len(group) > 1:  # e.g. "context too long": try smaller
                self._retry([(work, [exc.message]) for work in group], stage)
                return
            for plan, seg in group:
                plan.fail(exc.message, line=seg.line)
            return
        except LLMError as exc:
            for plan, seg in group:
                plan.fail(exc.message, line=seg.line)
            return
        bad: list[tuple[Work, list[str]]] = []
        good: list[tuple[PostPlan, Segment, str]] = []
        for item, (plan, seg) in zip(items, group):
            text = reply.texts[item.id]
            problems = qa.problems(seg, text, plan.entries.get(seg.id, ()))
            if not problems:
                problems = _render_problems(seg, text)
            if problems:
                bad.append(((plan, seg), problems))
            else:
                good.append((plan, seg, text))
        if good:
            with self._counting:  # plans spanning several batches are updated from several threads
                for plan, seg, text in good:
                    plan.translations[seg.id] = text
                    plan.sent += 1
                    plan.fresh += 1
                if not self.aborted:
                    self.unstored.extend(good)
                    good = []
            if good:
                self.store(good)  # after an abort no one else will: what was paid for is kept
        if bad:
            self._retry(bad, stage)

    def _retry(self, bad: list[tuple[Work, list[str]]], stage: int) -> None:
        if stage >= 3:
            for (plan, seg), problems in bad:
                plan.fail("; ".join(problems), line=seg.line)
            return
        if stage == 0 and len(bad) > 1:
            half = len(bad) // 2
            for part in (bad[:half], bad[half:]):
                self._translate([work for work, _ in part], stage=1, note=_note(part))
            return
        for entry in bad:
            self._translate([entry[0]], stage=max(stage, 1) + 1, note=_note([entry]))


def _note(bad: Sequence[tuple[Work, list[str]]]) -> str:
    """The retry note: what was wrong with each segment, numbered as in the new request."""
    return "; ".join(f"segment {n}: {', '.join(problems)}" for n, (_, problems) in enumerate(bad, start=1))


def _title(plan: PostPlan) -> str | None:
    first = plan.segments[0] if plan.segments else None
    return first.text if first is not None and first.kind == "field" else None


def _render_problems(seg: Segment, text: str) -> list[str]:
    try:
        return structure_problems(seg, text)
    except PlaceholderError as exc:
        return [exc.message]
    except ValueError:
        return ["the reply is the untranslated source text"]

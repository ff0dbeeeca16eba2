"""plan → translate → validate → write, for many posts.

Posts are planned one by one (most are up to date and never parsed); the segments still missing
after the cache are batched per post and sent concurrently; every reply is validated, valid ones
are cached at once (an interrupted run keeps them), failed ones are retried in a smaller batch and
then alone with the failure named in the prompt. A post is written only when every segment is
valid, atomically, and the lock is updated after it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .cache import TranslationCache, cache_key, write_run_stats
from .config import Settings
from .errors import PlaceholderError
from .lock import Lock
from .paths import english_path, find_posts
from .plan import PostPlan, plan_post, record_for
from .post import write_atomic
from .segment import Segment, render
from .tokens import estimate_tokens
from .writer import english_text

if TYPE_CHECKING:
    from .glossary import Glossary
    from .llm import LLM

PROMPT_OVERHEAD_TOKENS = 350
"""Estimated tokens of the system prompt and JSON framing per request, for --dry-run."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How ``translate run`` behaves beyond the settings."""

    force: bool = False
    """Re-translate every segment (still through the cache unless ``no_cache``)."""
    adopt: bool = False
    """Take existing English posts that are not in the lock as their translations."""
    dry_run: bool = False
    """Plan and estimate only; no network, nothing written."""
    offline: bool = False
    """Lock and cache only; a segment that needs the model is an error."""
    no_cache: bool = False
    """Neither read nor write the cache."""


@dataclass
class RunReport:
    """What a run did, for the summary table and ``--json``."""

    posts: list[PostPlan] = field(default_factory=list)
    """Every post considered."""
    requests: int = 0
    """Requests sent (or, for a dry run, planned)."""
    prompt_tokens: int = 0
    """Prompt tokens used (estimated for a dry run)."""
    completion_tokens: int = 0
    """Completion tokens used (estimated for a dry run)."""
    cost: float | None = None
    """USD, when the model has a price in the settings."""
    seconds: float = 0.0
    """Wall time of the run."""

    @property
    def failed(self) -> list[PostPlan]:
        """Posts that failed."""
        return [p for p in self.posts if p.state == "failed"]


Progress = Callable[[PostPlan], None]


def plan_posts(settings: Settings, inputs: Sequence[Path], lock: Lock, glossary: Glossary, options: RunOptions) -> list[PostPlan]:
    """A plan for every post under ``inputs``."""
    plans = []
    for source, root in find_posts(settings, inputs):
        english = english_path(settings, source, input_root=root)
        plan = PostPlan(
            source=source,
            key=_relative(settings, source),
            english=english,
            english_key=_relative(settings, english),
            pointer=source.relative_to(root).as_posix() if source.is_relative_to(root) else source.name,
        )
        plan_post(settings, lock, glossary, plan, force=options.force, adopt=options.adopt)
        plans.append(plan)
    return plans


def _relative(settings: Settings, path: Path) -> str:
    absolute = path.resolve()
    root = settings.root.resolve()
    return absolute.relative_to(root).as_posix() if absolute.is_relative_to(root) else absolute.as_posix()


def run(settings: Settings, inputs: Sequence[Path], options: RunOptions, *, progress: Progress | None = None) -> RunReport:
    """Translate every post under ``inputs`` that needs it; the report says what happened."""
    from .glossary import load_glossary

    started = time.monotonic()
    lock = Lock.load(settings.path(settings.lock_file))
    glossary = load_glossary(settings.path(settings.glossary))
    report = RunReport(posts=plan_posts(settings, inputs, lock, glossary, options))
    cache = None if options.no_cache else TranslationCache(settings.path(settings.cache_dir))
    try:
        pending = [p for p in report.posts if p.state in ("new", "changed")]
        if cache is not None:
            for plan in pending:
                _from_cache(settings, cache, plan)
        if options.dry_run:
            _estimate(settings, report, pending)
            return report
        finish = _finisher(settings, lock, progress)
        for plan in pending:
            if options.offline:
                for seg in plan.todo:
                    plan.fail("not in the cache and --offline forbids the network; run without --offline", line=seg.line)
            if not plan.todo:
                finish(plan)
        waiting = [p for p in pending if p.todo and p.state != "failed"]
        if waiting:
            _translate(settings, report, waiting, cache, finish)
        if not report.failed:
            lock.glossary_digest = glossary.digest()
        _drop_orphans(settings, lock, report)
        lock.save()
    finally:
        report.seconds = time.monotonic() - started
        if cache is not None:
            write_run_stats(
                cache.directory,
                {"hits": cache.hits, "misses": cache.misses, "failed": {p.key: p.failures for p in report.failed}},
            )
            cache.close()
    return report


def _key(settings: Settings, seg: Segment, plan: PostPlan) -> str:
    from .prompt import PROMPT_VERSION

    entries = plan.entries.get(seg.id, ())
    return cache_key(
        text=seg.text, kind=seg.kind, model=settings.model, prompt_version=PROMPT_VERSION,
        fingerprints=[e.fingerprint() for e in entries],
    )


def _from_cache(settings: Settings, cache: TranslationCache, plan: PostPlan) -> None:
    remaining = []
    for seg in plan.todo:
        text = cache.get(_key(settings, seg, plan))
        if text is None:
            remaining.append(seg)
        else:
            plan.translations[seg.id] = text
            plan.cached += 1
    plan.todo = remaining


def _estimate(settings: Settings, report: RunReport, pending: Sequence[PostPlan]) -> None:
    from .prompt import BatchItem
    from .llm import plan_batches

    for plan in pending:
        items = [BatchItem(id=s.id, text=s.text) for s in plan.todo]
        batches = plan_batches(items, budget=settings.batch_tokens)
        report.requests += len(batches)
        source_tokens = sum(estimate_tokens(s.text) for s in plan.todo)
        report.prompt_tokens += source_tokens + PROMPT_OVERHEAD_TOKENS * len(batches)
        report.completion_tokens += int(source_tokens * 1.3)
    report.cost = _cost(settings, report.prompt_tokens, report.completion_tokens)


def _cost(settings: Settings, prompt_tokens: int, completion_tokens: int) -> float | None:
    price = settings.prices.get(settings.model)
    if price is None:
        return None
    return (prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000


def _finisher(settings: Settings, lock: Lock, progress: Progress | None) -> Callable[[PostPlan], None]:
    """Writes a post once all its segments are translated, records it, reports progress."""
    last_save = [time.monotonic()]

    def finish(plan: PostPlan) -> None:
        if plan.state != "failed":
            _write(settings, lock, plan)
            # The lock follows the written posts closely, so an interrupted run leaves them consistent.
            if plan.written and time.monotonic() - last_save[0] > 1.0:
                lock.save()
                last_save[0] = time.monotonic()
        if progress is not None:
            progress(plan)

    return finish


def _translate(settings: Settings, report: RunReport, plans: Sequence[PostPlan], cache: TranslationCache | None,
               finish: Callable[[PostPlan], None]) -> None:
    from .llm import LLM, make_client, plan_batches
    from .prompt import BatchItem

    llm = LLM(settings, client=make_client(settings))
    try:
        with ThreadPoolExecutor(max_workers=settings.concurrency) as pool:
            futures: dict[Future[None], PostPlan] = {}
            remaining: dict[int, int] = {}
            for plan in plans:
                by_id = {s.id: s for s in plan.todo}
                batches = plan_batches([BatchItem(id=s.id, text=s.text) for s in plan.todo], budget=settings.batch_tokens)
                remaining[id(plan)] = len(batches)
                for batch in batches:
                    group = [by_id[item.id] for item in batch]
                    futures[pool.submit(_translate_group, settings, llm, cache, plan, group)] = plan
            for future in as_completed(futures):
                plan = futures[future]
                future.result()
                remaining[id(plan)] -= 1
                if remaining[id(plan)] == 0:
                    plan.todo = [s for s in plan.todo if s.id not in plan.translations]
                    finish(plan)
    finally:
        report.requests += llm.requests
        report.prompt_tokens += llm.prompt_tokens
        report.completion_tokens += llm.completion_tokens
        report.cost = _cost(settings, report.prompt_tokens, report.completion_tokens)


def _translate_group(settings: Settings, llm: LLM, cache: TranslationCache | None, plan: PostPlan,
                     group: list[Segment], *, stage: int = 0, note: str | None = None) -> None:
    """Translate ``group``; retry failures in a smaller batch (stage 1), then alone (stages 2–3)."""
    from .llm import BadReply, TruncatedReply
    from .errors import LLMError
    from .prompt import BatchItem
    from . import qa

    entries = tuple({e.term: e for s in group for e in plan.entries.get(s.id, ())}.values())
    title = plan.segments[0].text if plan.segments and plan.segments[0].kind == "field" else None
    try:
        reply = llm.translate_batch([BatchItem(id=s.id, text=s.text) for s in group], entries=entries, title=title, retry_note=note)
    except (TruncatedReply, BadReply) as exc:
        _retry(settings, llm, cache, plan, [(s, [str(exc)]) for s in group], stage)
        return
    except LLMError as exc:
        for seg in group:
            plan.fail(str(exc), line=seg.line)
        return
    bad: list[tuple[Segment, list[str]]] = []
    for seg in group:
        text = reply.texts[seg.id]
        problems = qa.problems(seg, text, plan.entries.get(seg.id, ()))
        if not problems:
            try:
                render(seg, text)
            except PlaceholderError as exc:
                problems = [exc.message]
            except ValueError:
                problems = ["the reply is the untranslated source text"]
        if problems:
            bad.append((seg, problems))
            continue
        plan.translations[seg.id] = text
        plan.sent += 1
        if cache is not None:
            cache.put(_key(settings, seg, plan), text)
    if bad:
        _retry(settings, llm, cache, plan, bad, stage)


def _retry(settings: Settings, llm: LLM, cache: TranslationCache | None, plan: PostPlan,
           bad: list[tuple[Segment, list[str]]], stage: int) -> None:
    if stage >= 3:
        for seg, problems in bad:
            plan.fail("; ".join(problems), line=seg.line)
        return
    if stage == 0 and len(bad) > 1:
        half = len(bad) // 2
        for part in (bad[:half], bad[half:]):
            note = "; ".join(f"segment {s.id}: {', '.join(p)}" for s, p in part)
            _translate_group(settings, llm, cache, plan, [s for s, _ in part], stage=1, note=note)
        return
    for seg, problems in bad:
        note = f"segment {seg.id}: {', '.join(problems)}"
        _translate_group(settings, llm, cache, plan, [seg], stage=max(stage, 1) + 1, note=note)


def _write(settings: Settings, lock: Lock, plan: PostPlan) -> None:
    """Write the English post of a fully translated plan and record it in the lock."""
    assert plan.post is not None
    try:
        text = english_text(settings, plan)
    except PlaceholderError as exc:
        plan.fail(exc.message)
        return
    data = plan.post.to_bytes(text)
    plan.written = write_atomic(plan.english, data)
    lock.posts[plan.key] = record_for(settings, plan, data)


def _drop_orphans(settings: Settings, lock: Lock, report: RunReport) -> None:
    """Forget lock entries whose source post no longer exists."""
    for key in list(lock.posts):
        if not (settings.root / key).exists():
            del lock.posts[key]


def summary_rows(report: RunReport) -> list[dict[str, Any]]:
    """One row per post for the summary table and ``--json``."""
    return [
        {
            "post": p.key,
            "english": p.english.as_posix(),
            "state": p.state,
            "written": p.written,
            "kept": len(p.kept),
            "cached": p.cached,
            "sent": p.sent,
            "failures": p.failures,
        }
        for p in report.posts
    ]

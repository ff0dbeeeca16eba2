"""plan → translate → validate → write, for many posts.

Posts are planned one by one (most are up to date and never parsed); the segments still missing
after the cache go to the dispatcher, which batches them across posts and sends them while later
posts are still being planned (see dispatch.py for validation and retries). A post is written only
when every segment is valid, atomically, and the lock is updated after it.
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..store.cache import TranslationCache, write_run_stats
from ..config import Settings
from ..model.chat import Dispatcher
from ..errors import ConfigError
from ..store.lock import Lock
from ..paths import ProjectKeys, english_path, find_posts
from .parallel import parse_ahead
from .plan import PostPlan, plan_parsed, read_source, segment_cache_key
from .publish import Publisher
from ..source.segment import Segment
from ..model.estimate import estimate_tokens

if TYPE_CHECKING:
    from ..glossary.model import Glossary

COMPLETION_RATIO = 1.3
"""Estimated English tokens per source token, for --dry-run cost reports."""


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
    return list(_plans(settings, inputs, lock, glossary, options))


def _plans(settings: Settings, inputs: Sequence[Path], lock: Lock, glossary: Glossary, options: RunOptions) -> Iterator[PostPlan]:
    keys = ProjectKeys(settings)
    found = list(find_posts(settings, inputs))

    def jobs() -> Iterator[tuple[PostPlan, bytes | None, Path]]:
        for source, root in found:
            english = english_path(settings, source, input_root=root)
            plan = PostPlan(
                source=source,
                key=keys(source),
                english=english,
                english_key=keys(english),
                pointer=source.relative_to(root).as_posix() if source.is_relative_to(root) else source.name,
            )
            yield plan, read_source(settings, lock, glossary, plan, force=options.force), source

    parsed_jobs = parse_ahead(jobs(), fields=settings.fields, math=settings.math, count=len(found), workers=settings.parse_workers)
    try:
        for plan, parsed in parsed_jobs:
            if parsed is not None:
                plan_parsed(settings, lock, glossary, plan, parsed, force=options.force, adopt=options.adopt)
            yield plan
    finally:
        parsed_jobs.close()  # stops the parsing workers now, even if an error is on its way up


def run(settings: Settings, inputs: Sequence[Path], options: RunOptions, *, progress: Progress | None = None) -> RunReport:
    """Translate every post under ``inputs`` that needs it; the report says what happened."""
    from ..glossary.model import load_glossary

    started = time.monotonic()
    lock = Lock.load(settings.path(settings.lock_file))
    glossary = load_glossary(settings.path(settings.glossary))
    report = RunReport()
    cache_dir = settings.path(settings.cache_dir)
    # A dry run reads the cache if there is one and writes nothing.
    use_cache = not options.no_cache and not (options.dry_run and not cache_dir.is_dir())
    cache = TranslationCache(cache_dir) if use_cache else None
    if cache is not None and not options.dry_run:
        glossary.remember_word_bounds(cache.word_bounds)
    publisher = Publisher(settings, lock, cache, progress)
    finish = publisher.finish
    dispatcher: Dispatcher | None = None
    no_client: ConfigError | None = None
    try:
        for plan in _plans(settings, inputs, lock, glossary, options):
            report.posts.append(plan)
            if plan.state not in ("new", "changed"):
                if not options.dry_run:
                    publisher.report(plan)
                continue
            if cache is not None:
                _from_cache(settings, cache, plan)
            if options.dry_run:
                continue
            if options.offline:
                for seg in plan.todo:
                    plan.fail("not in the cache and --offline forbids the network; run without --offline", line=seg.line)
            if dispatcher is not None:
                dispatcher.collect(block=False)  # replies that came in are cached now, not at the end
            if not plan.todo or plan.state == "failed":
                finish(plan)
                continue
            if dispatcher is None and no_client is None:
                try:
                    dispatcher = _dispatcher(settings, cache, finish)
                except ConfigError as exc:  # e.g. no key: posts the cache covers are still written
                    no_client = exc
            if dispatcher is None:
                plan.fail(f"{len(plan.todo)} segments need the model, but: {no_client}", line=plan.todo[0].line)
                finish(plan)
                continue
            dispatcher.add(plan)
        if dispatcher is not None:
            dispatcher.close()
        publisher.close()
        if options.dry_run:
            _estimate(settings, report, [p for p in report.posts if p.todo])
            return report
        planned = {p.key for p in report.posts}
        if not report.failed and set(lock.posts) <= planned:
            # Only a run that saw every locked post may say they all follow the current glossary.
            lock.glossary_digest = glossary.digest()
        for key in lock.orphans(settings.root):  # forget posts whose source is gone
            del lock.posts[key]
        if no_client is not None:
            raise no_client  # a configuration error: exit 2, after everything possible was written
    finally:
        _wind_up(settings, options, report, lock, cache, dispatcher, publisher)
        report.seconds = time.monotonic() - started
    return report


def _wind_up(settings: Settings, options: RunOptions, report: RunReport, lock: Lock, cache: TranslationCache | None,
             dispatcher: Dispatcher | None, publisher: Publisher) -> None:
    """After a run, finished or not: keep what was paid for, record what was written, save the lock.

    Each step runs even if one before it fails (a second Ctrl-C, a full disk): the lock must
    describe the English posts already written. The steps are pushed last first.
    """
    with ExitStack() as steps:
        if cache is not None:
            steps.callback(cache.close)
            if not options.dry_run:
                steps.callback(lambda: write_run_stats(cache.directory, {
                    "hits": cache.hits, "misses": cache.misses, "failed": {p.key: p.failures for p in report.failed}}))
        if not options.dry_run:
            steps.callback(lock.save)
        steps.callback(publisher.close)  # a no-op after the close in run(); after an error, records what reached the disk
        if dispatcher is not None:
            steps.callback(_stop_dispatcher, settings, report, dispatcher)


def _stop_dispatcher(settings: Settings, report: RunReport, dispatcher: Dispatcher) -> None:
    dispatcher.abort()  # a no-op after close(); after an error, caches the replies received
    report.requests = dispatcher.llm.requests
    report.prompt_tokens = dispatcher.llm.prompt_tokens
    report.completion_tokens = dispatcher.llm.completion_tokens
    report.cost = _cost(settings, report.prompt_tokens, report.completion_tokens)


def _dispatcher(settings: Settings, cache: TranslationCache | None, finish: Callable[[PostPlan], None]) -> Dispatcher:
    from ..model.client import LLM, make_client

    def store(replies: Sequence[tuple[PostPlan, Segment, str]]) -> None:
        if cache is not None:
            cache.put_many([(segment_cache_key(settings, plan, seg), text) for plan, seg, text in replies])

    llm = LLM(settings, client=make_client(settings))
    return Dispatcher(llm, budget=settings.batch_tokens, concurrency=settings.concurrency, store=store, finish=finish,
                      key=lambda plan, seg: segment_cache_key(settings, plan, seg))


def _from_cache(settings: Settings, cache: TranslationCache, plan: PostPlan) -> None:
    keys = [segment_cache_key(settings, plan, seg) for seg in plan.todo]
    found = cache.get_many(keys)
    remaining = []
    for seg, key in zip(plan.todo, keys):
        text = found.get(key)
        if text is None:
            remaining.append(seg)
        else:
            plan.translations[seg.id] = text
            plan.cached += 1
    plan.todo = remaining


def _estimate(settings: Settings, report: RunReport, pending: Sequence[PostPlan]) -> None:
    """Requests, tokens and cost the pending segments would take, batched as a real run would."""
    from ..model.client import plan_batches
    from ..model.prompt import BatchItem, build_messages
    from ..model.estimate import estimate_messages

    items = [BatchItem(id=str(n), text=s.text) for n, s in enumerate((s for p in pending for s in p.todo), start=1)]
    batches = plan_batches(items, budget=settings.batch_tokens)
    report.requests = len(batches)
    # Glossary lines are left out: they depend on the batch and are a small share of the prompt.
    report.prompt_tokens = sum(estimate_messages(build_messages(batch, entries=())) for batch in batches)
    report.completion_tokens = int(sum(estimate_tokens(item.text) for item in items) * COMPLETION_RATIO)
    report.cost = _cost(settings, report.prompt_tokens, report.completion_tokens)


def _cost(settings: Settings, prompt_tokens: int, completion_tokens: int) -> float | None:
    price = settings.prices.get(settings.model)
    if price is None:
        return None
    return (prompt_tokens * price[0] + completion_tokens * price[1]) / 1_000_000


def summary_rows(report: RunReport) -> list[dict[str, Any]]:
    """One row per post for the summary table and ``--json``."""
    return [
        {
            "post": p.key,
            "english": p.english.as_posix(),
            "state": p.state,
            "written": p.written,
            "kept": p.kept_count,
            "cached": p.cached,
            "sent": p.sent,
            "failures": p.failures,
        }
        for p in report.posts
    ]

"""plan → look up → translate → compose → publish, for many posts: wiring only.

Posts are planned one by one (most are up to date and never parsed). A plan's jobs are looked up
in the cache; the board (``jobs.JobBoard``) sends the rest to the translator, which works while
later posts are still being planned. Results come back as values on this thread, are cached, and
each post whose last job is answered is composed and handed to the publisher, which writes it
atomically and records it in the lock. A post is written only when every segment is valid.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import ConfigError, PlaceholderError
from ..model.estimate import estimate_usage
from ..model.prices import Price, price_for
from ..model.qa import QA_VERSION
from ..model.translator import Translator, Usage
from ..paths import ProjectKeys, find_posts
from ..store.cache import TranslationCache, write_run_stats
from ..store.guard import RunGuard
from ..store.journal import load_lock
from ..store.ledger import Spend, append_spend, endpoint_host, utc_now
from ..store.notes import NoteStore
from ..store.parked import ParkedStore
from ..store.lock import Lock
from .compose import compose
from .jobs import FinishedPost, JobBoard, finished_now, unanswered
from .parallel import parse_ahead
from .plan import PostPlan, new_plan, plan_parsed, read_source
from .publish import Progress, Publisher
from .report import RunReport, outcome
from .termbook import TermBook

if TYPE_CHECKING:
    from ..glossary.model import Glossary
    from ..site.edition import Edition
    from ..model.client import ChatClient
    from ..terms.table import TermTable

STORE_SECONDS = 1.0
"""While waiting for requests, valid replies received are cached at least this often."""


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
    retry_failed: bool = False
    """Send parked segments (those that failed after every retry in an earlier run) again."""
    batch: bool = False
    """Send through the Batch API (``model.batch``; the translator is given to ``run``): costs are reckoned at its price."""


def plan_posts(settings: Settings, inputs: Sequence[Path], lock: Lock, glossary: Glossary, options: RunOptions, *,
               idle: Callable[[], None] | None = None, terms: TermTable | None = None, found: Sequence[tuple[Path, Path]] | None = None,
               edition: Edition | None = None) -> Iterator[PostPlan]:
    """A plan for every post under ``inputs``, in order; posts that must be parsed are parsed a few posts ahead.

    ``idle`` runs now and then while a parse is awaited; ``terms`` is the term table (read from the settings' file when not given);
    ``found`` is ``find_posts(settings, inputs)`` when the caller has it; ``edition`` says which posts have English
    editions (a post whose links would change is stale).
    """
    from ..terms.table import load_term_table
    from ..terms.usage import site_url_fields

    table = load_term_table(settings.path(settings.terms)) if terms is None else terms
    url_fields = site_url_fields(settings)
    keys = ProjectKeys(settings)
    found = list(find_posts(settings, inputs)) if found is None else found
    has_english = edition.english_exists if edition is not None else None

    def sources() -> Iterator[tuple[PostPlan, bytes | None, Path]]:
        for source, root in found:
            plan, raw = read_source(settings, lock, glossary, new_plan(settings, keys, source, root), force=options.force, terms=table,
                                    url_fields=url_fields, english=has_english)
            yield plan, raw, source

    parsed_posts = parse_ahead(sources(), fields=settings.fields, math=settings.math, count=len(found), workers=settings.parse_workers,
                               idle=idle)
    try:
        for plan, parsed in parsed_posts:
            yield plan if parsed is None else plan_parsed(settings, lock, glossary, plan, parsed, force=options.force, adopt=options.adopt,
                                                          url_fields=url_fields)
    finally:
        parsed_posts.close()  # stops the parsing workers now, even if an error is on its way up


Spent = Callable[[Usage], None]
"""Told what the run has spent so far, each time replies that cost something come in."""


def run(settings: Settings, inputs: Sequence[Path], options: RunOptions, *, progress: Progress | None = None,
        translator: Translator | None = None, spent: Spent | None = None) -> RunReport:
    """Translate every post under ``inputs`` that needs it; the report says what happened.

    ``translator`` defaults to the chat path, made only once a segment needs the model; ``spent``
    hears the running usage as replies come in.
    """
    started = time.monotonic()
    with ExitStack() as held:
        if not options.dry_run:  # a dry run writes nothing: it may look while another run works
            held.enter_context(RunGuard(settings.path(settings.lock_file)))
        return _run(settings, inputs, options, progress, translator, started, spent)


def _run(settings: Settings, inputs: Sequence[Path], options: RunOptions, progress: Progress | None,
         translator: Translator | None, started: float, spent: Spent | None = None) -> RunReport:
    from ..glossary.model import load_glossary
    from ..terms.table import load_term_table
    from ..terms.usage import site_url_fields

    lock = load_lock(settings.path(settings.lock_file), root=settings.root)
    glossary = load_glossary(settings.path(settings.glossary))
    terms = TermBook(settings, load_term_table(settings.path(settings.terms)), offline=options.offline)
    cache_dir = settings.path(settings.cache_dir)
    # A dry run reads the cache if there is one and writes nothing.
    use_cache = not options.no_cache and not (options.dry_run and not cache_dir.is_dir())
    cache = TranslationCache(cache_dir) if use_cache else None
    if cache is not None and not options.dry_run:
        glossary.remember_word_bounds(cache.word_bounds)
    found = list(find_posts(settings, inputs))
    edition = run_edition(settings, lock, found)
    wiring = _Run(settings, options, cache, Publisher(settings, lock, progress, url_fields=site_url_fields(settings)), translator, terms,
                  edition, spent)
    try:
        wiring.translate(plan_posts(settings, inputs, lock, glossary, options, idle=wiring.idle, terms=terms.table, found=found,
                                    edition=edition))
        if options.dry_run:
            wiring.usage = estimate_usage(list(wiring.to_send.values()), budget=settings.batch_tokens)
            if wiring.terms.wanted:  # asked in a request of their own
                wiring.usage = wiring.usage + estimate_usage(wiring.terms.wanted, budget=settings.batch_tokens)
            return wiring.report(started)
        unfinished = any(o.state in ("failed", "pending") for o in wiring.publisher.outcomes.values())
        if not unfinished and set(lock.posts) <= set(wiring.order):
            # Only a run that saw every locked post may say they all follow the current glossary.
            wiring.publisher.glossary_current(glossary.digest())
        wiring.publisher.forget(lock.orphans(settings.root))  # posts whose source is gone
        if wiring.unavailable is not None:
            raise wiring.unavailable  # once, exit 2, after everything the cache covers was written
        return wiring.report(started)
    finally:
        wiring.wind_up()


class _Run:
    """The state of one run, owned by the run's own thread: the translator's results come back to it as values."""

    def __init__(self, settings: Settings, options: RunOptions, cache: TranslationCache | None, publisher: Publisher,
                 translator: Translator | None, terms: TermBook, edition: Edition | None = None, spent: Spent | None = None) -> None:
        self.settings = settings
        self.price: Price | None = price_for(settings.model, settings.prices, batch=options.batch)
        """What the model costs (the ``prices`` setting, else its list price), if known."""
        self.spent = spent
        self.terms = terms
        self.edition = edition
        self.options = options
        self.cache = cache
        self.publisher = publisher
        self.translator = translator
        kept = None if options.dry_run else cache  # a dry run writes nothing, beside the cache either
        self.notes = NoteStore(kept.directory) if kept is not None else None
        self.parked = ParkedStore(kept.directory) if kept is not None else None
        self.board = JobBoard(kept, notes=self.notes, parked=self.parked, retry_parked=options.retry_failed)
        self.usage = Usage()
        self.order: list[str] = []
        """Every post's key, in the order found."""
        self.to_send: dict[str, str] = {}
        """Dry run: cache key → masked text of every segment that would be sent."""
        self.unavailable: ConfigError | None = None
        """Why the model cannot be used in this run (no key, authentication, unreachable...), once that is known."""

    def translate(self, plans: Iterator[PostPlan]) -> None:
        """Plan, look up, send and publish every post, then wait for the translator."""
        for plan in plans:
            self.order.append(plan.key)
            if plan.state in ("new", "changed"):
                self._start(plan)
            else:
                self.publisher.report(outcome(plan))
            if self.translator is not None:
                self._collect(timeout=0)  # replies that came in are cached now, not at the end
        self._resolve_terms()
        if self.translator is not None:
            self.translator.flush()
            while self.translator.busy:
                self._collect(timeout=STORE_SECONDS)
            self.translator.close()
        for plan in self.board.abandon():  # only after the run had to stop
            self.publisher.report(outcome(plan, pending=True))
        self.publisher.close()

    def idle(self) -> None:
        """While the run waits for something else: take in (and cache) the replies that came in."""
        if self.translator is not None:
            self._collect(timeout=0)

    def _start(self, plan: PostPlan) -> None:
        found = self._cached(plan)
        missing = unanswered(plan, found)
        self.terms.want(plan)
        if self.options.dry_run:
            self.to_send.update((job.key, job.segment.text) for job in missing)
            self.publisher.report(outcome(plan, finished_now(plan, found), todo=len(missing)))
            return
        if missing and self.options.offline:
            reason = "not in the cache and --offline forbids the network; run without --offline"
            self._publish(finished_now(plan, found, [f"{job.where}: {reason}" for job in missing]))
            return
        translator = self._translator() if missing else self.translator
        if missing and (translator is None or self.unavailable is not None):
            self.publisher.report(outcome(plan, pending=True))  # the reason is reported once, at the end
            return
        to_send, done = self.board.open(plan, found)
        if done is not None:
            self._publish(done)
        if to_send and translator is not None:
            translator.send(to_send)

    def _cached(self, plan: PostPlan) -> dict[str, str]:
        """The cached translations of ``plan``'s jobs; those older checks passed only if they pass today's."""
        if self.cache is None or not plan.jobs:
            return {}
        older: dict[str, str] = {}
        found = self.cache.get_many([job.key for job in plan.jobs], version=QA_VERSION, older=older)
        if older:
            found.update(self.board.revalidated(plan, older))
        return found

    def _translator(self) -> Translator | None:
        if self.translator is None and self.unavailable is None:
            try:
                self.translator = _chat_translator(self.settings)
            except ConfigError as exc:  # e.g. no key: posts the cache covers are still written
                self.unavailable = exc
        return self.translator

    def _collect(self, *, timeout: float) -> None:
        assert self.translator is not None
        delivery = self.translator.receive(timeout=timeout)
        self._add_usage(delivery.usage)
        for done in self.board.accept(delivery.results):
            self._publish(done)
        if delivery.stop is not None and self.unavailable is None:
            self.unavailable = delivery.stop
            self.translator.close(cancel=True)  # requests not started would fail the same way

    def _resolve_terms(self) -> None:
        """Once every post is planned: ask the model for the terms no rendering was found for, then publish the posts held for them."""
        if self.options.dry_run or self.options.offline:
            return
        try:
            held = self.terms.resolve(lambda: _chat_client(self.settings))
        except ConfigError as exc:  # e.g. no key: said once at the end; the posts wait
            self.unavailable = self.unavailable or exc
            held = self.terms.release()
        self._add_usage(self.terms.usage)
        for done in held:
            self._publish(done)

    def _add_usage(self, usage: Usage) -> None:
        """Count ``usage`` in, and tell ``spent`` when it cost something."""
        if usage == Usage():
            return
        self.usage = self.usage + usage
        if self.spent is not None:
            self.spent(self.usage)

    def _publish(self, done: FinishedPost) -> None:
        """Compose ``done``'s English post and hand it to the publisher, or report why it cannot be written."""
        if done.ok and done.plan.terms.fields:
            ready = self.terms.complete(done)
            if ready is None:  # held for the model's renderings, or (asked already) it cannot be used in this run
                if self.terms.asked:
                    self.publisher.report(outcome(done.plan, pending=True))
                return
            done = ready
        if not done.ok:
            self.publisher.report(outcome(done.plan, done))
            return
        assert done.plan.post is not None
        try:
            composed = compose(self.settings, done, self.edition)
        except PlaceholderError as exc:
            self.board.discard(done)
            self.publisher.report(outcome(done.plan, done, failures=(f"{done.plan.key}: {exc.message}",)))
            return
        self.publisher.publish(done, done.plan.post.to_bytes(composed.text), composed.digests, composed.links)

    def report(self, started: float) -> RunReport:
        """The report of the posts handled so far."""
        outcomes = self.publisher.outcomes
        return RunReport(posts=[outcomes[key] for key in self.order if key in outcomes], usage=self.usage,
                         cost=self.price.cost(self.usage) if self.price is not None else None, price=self.price,
                         seconds=time.monotonic() - started, new_terms=len(self.terms.wanted))

    def wind_up(self) -> None:
        """After a run, finished or not: keep what was paid for, record what was written and spent, save the lock.

        Each step runs even if one before it fails (a second Ctrl-C, a full disk): the lock must
        describe the English posts already written. The steps are pushed last first: what was spent
        is recorded last, once the replies that came in while the translator stopped are counted.
        """
        with ExitStack() as steps:
            if not self.options.dry_run:
                steps.callback(self._record_spend)
            if self.cache is not None:
                steps.callback(self.cache.close)
                for store in (self.notes, self.parked):
                    if store is not None:
                        steps.callback(store.close)
                if not self.options.dry_run:
                    steps.callback(self._write_stats, self.cache)
            if not self.options.dry_run:
                steps.callback(self.publisher.save)
            steps.callback(self.publisher.close)  # a no-op after a normal end; after an error, records what reached the disk
            if self.translator is not None:
                steps.callback(self._stop_translator)

    def _write_stats(self, cache: TranslationCache) -> None:
        failed = {o.key: list(o.failures) for o in self.publisher.outcomes.values() if o.failures}
        write_run_stats(cache.directory, {"hits": cache.hits, "misses": cache.misses, "failed": failed})

    def _record_spend(self) -> None:
        """Append this run's spending to the ledger in the cache folder, if it sent any request."""
        if self.usage.requests == 0:
            return
        spend = Spend(at=utc_now(), model=self.settings.model, host=endpoint_host(self.settings.base_url),
                      requests=self.usage.requests, prompt_tokens=self.usage.prompt_tokens,
                      completion_tokens=self.usage.completion_tokens,
                      cost=round(self.price.cost(self.usage), 8) if self.price is not None else None,
                      price=self.price.record() if self.price is not None else None)
        append_spend(self.settings.path(self.settings.cache_dir), spend)

    def _stop_translator(self) -> None:
        """Stop the translator; replies that arrive meanwhile are cached (they were paid for), not published."""
        assert self.translator is not None
        try:
            self.translator.close(cancel=True)
        finally:
            delivery = self.translator.receive(timeout=0)
            self._add_usage(delivery.usage)
            self.board.keep(delivery.results)


def run_edition(settings: Settings, lock: Lock, found: Sequence[tuple[Path, Path]]) -> Edition:
    """The blog's English edition as this run will leave it: the posts it writes count as having one."""
    from ..site.edition import blog_edition

    keys = ProjectKeys(settings)
    return blog_edition(settings, lock, frozenset(keys(source) for source, _ in found))


def _chat_client(settings: Settings) -> ChatClient:
    from ..model.client import ChatClient

    return ChatClient(settings)


def _chat_translator(settings: Settings) -> Translator:
    from ..model.chat import ChatTranslator
    from ..model.client import ChatClient

    return ChatTranslator(ChatClient(settings), budget=settings.batch_tokens, concurrency=settings.concurrency)

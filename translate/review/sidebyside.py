"""One post, segment by segment: the Chinese, the English it has or is waiting for, and what is wrong.

The post is planned as a run would plan it (``run.pipeline.plan_posts``): the segments the plan
keeps have their English in the English post; the others are jobs, each with its cache key, and
may already be answered in the cache (waiting for the post's other segments), be parked, or
still need the model. The English post's segments are lined up with the source's the way the
plan lines them up: through the lock's record of what each English segment was made from.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import TranslateError
from ..source.post import read_post
from ..source.protect import prose_needs_translation
from ..source.segment import Segment, segment
from ..store.journal import load_lock
from ..store.lock import PostRecord
from ..store.parked import Parked
from .catalog import PostFile
from .findings import parked_segments, segment_warnings

if TYPE_CHECKING:
    from ..glossary.model import Glossary, GlossaryEntry
    from ..model.translator import SegmentJob
    from ..run.plan import PostPlan

STATES = ("parked", "missing", "stale", "translated", "done", "as is")
"""A row's state: parked (failed after every retry), missing (needs the model), stale (its source changed
since its English was made: needs the model), translated (in the cache, waiting for the post to be
written), done (its English is in the post), as is (nothing to translate: copied unchanged)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One source segment and everything known about its English."""

    source: Segment
    """The Chinese segment."""
    state: str
    """One of ``STATES``."""
    english: Segment | None = None
    """The English post's segment made from it (for a stale row: made from its previous text)."""
    translation: str | None = None
    """A masked English text in the cache, not yet in the post (it uses the source's placeholders)."""
    job: SegmentJob | None = None
    """When the segment needs a translation: its job (cache key and glossary entries)."""
    parked: Parked | None = None
    """Its parked record, with the last rejected reply."""
    entries: tuple[GlossaryEntry, ...] = ()
    """The approved glossary entries occurring in it."""
    problems: tuple[str, ...] = ()
    """What is wrong with its English (why it was parked; glossary entries its English breaks)."""
    warnings: tuple[str, ...] = ()
    """Warnings recorded for it."""
    warned_key: str = ""
    """The cache key its warnings are kept under (for dismissing them)."""

    @property
    def actionable(self) -> bool:
        """Whether a translation can be saved for it (it is a job of the current plan)."""
        return self.job is not None


@dataclass(frozen=True, slots=True)
class PostView:
    """A post as the side-by-side page shows it."""

    post: PostFile
    """Which post."""
    state: str
    """The plan's state: ``up to date``, ``new``, ``changed`` or ``failed``."""
    rows: tuple[Row, ...] = ()
    """One per source segment, in order."""
    failures: tuple[str, ...] = ()
    """Why the post cannot be written, as the plan says (``path:line: reason``)."""
    outdated: tuple[Parked, ...] = ()
    """Parked records of this post that no longer match a segment (its source or glossary changed since)."""
    glossary: Glossary | None = field(default=None, repr=False)
    """The glossary the view was made with."""

    def count(self, state: str) -> int:
        """How many rows are in ``state``."""
        return sum(1 for row in self.rows if row.state == state)


def post_view(settings: Settings, post: PostFile) -> PostView:
    """The side-by-side view of ``post`` (see the module docstring)."""
    from ..glossary.model import load_glossary
    from ..run.pipeline import RunOptions, plan_posts

    lock = load_lock(settings.path(settings.lock_file), root=settings.root)
    glossary = load_glossary(settings.path(settings.glossary))
    plans = plan_posts(settings, [post.source], lock, glossary, RunOptions())
    try:
        plan = next(iter(plans))
    finally:
        plans.close()  # type: ignore[attr-defined]
    try:
        source = read_post(post.source)
        segments = plan.segments or tuple(segment(source, fields=settings.fields, math=settings.math, all_text=True))
    except TranslateError:
        return PostView(post, plan.state, failures=plan.failures or (f"{post.key}: cannot be read",), glossary=glossary)
    english = _english_by_id(settings, post, lock.posts.get(post.key), segments)
    parked = [p for p in parked_segments(settings) if p.post == post.key]
    warned: dict[str, list[str]] = {}
    warned_keys: dict[str, str] = {}
    for warning in segment_warnings(settings, [post]):
        if warning.post == post.key:
            warned.setdefault(warning.segment_id, []).append(warning.message)
            warned_keys[warning.segment_id] = warning.key
    rows, used = _rows(settings, plan, segments, english, parked, glossary)
    rows = [row if row.source.id not in warned else _with_warnings(row, warned[row.source.id], warned_keys[row.source.id])
            for row in rows]
    outdated = tuple(p for p in parked if p.key not in used)
    return PostView(post, plan.state, tuple(rows), plan.failures, outdated, glossary)


def _with_warnings(row: Row, messages: Sequence[str], key: str) -> Row:
    from dataclasses import replace

    return replace(row, warnings=(*row.warnings, *messages), warned_key=key)


def _rows(settings: Settings, plan: PostPlan, segments: Sequence[Segment], english: Mapping[str, Segment],
          parked: Sequence[Parked], glossary: Glossary) -> tuple[list[Row], set[str]]:
    """A row per segment, and the keys of the parked records they use."""
    jobs = {job.segment.id: job for job in plan.jobs}
    cached = _cached(settings, [job.key for job in plan.jobs])
    parked_by_key = {p.key: p for p in parked}
    rows: list[Row] = []
    used: set[str] = set()
    for seg in segments:
        entries = glossary.entries_in(seg.text) if prose_needs_translation(seg.text) else ()
        job = jobs.get(seg.id)
        if job is not None:
            record = parked_by_key.get(job.key)
            if record is not None:
                used.add(record.key)
                rows.append(Row(seg, "parked", english.get(seg.id), cached.get(job.key), job, record, entries, record.problems))
            elif job.key in cached:
                rows.append(Row(seg, "translated", english.get(seg.id), cached[job.key], job, entries=entries))
            else:
                rows.append(Row(seg, "stale" if seg.id in english else "missing", english.get(seg.id), job=job, entries=entries))
        elif not prose_needs_translation(seg.text):
            rows.append(Row(seg, "as is", english.get(seg.id)))
        else:
            found = english.get(seg.id)
            rows.append(Row(seg, "done" if found is not None else "missing", found, entries=entries,
                            problems=_glossary_problems(entries, found)))
    return rows, used


def _glossary_problems(entries: Sequence[GlossaryEntry], english: Segment | None) -> tuple[str, ...]:
    if english is None or not entries:
        return ()
    from ..glossary.audit import visible_text
    from ..glossary.matching import find_violations

    return tuple(v.message for v in find_violations(entries, visible_text(english)))


def _cached(settings: Settings, keys: Sequence[str]) -> dict[str, str]:
    """The translations the cache holds for ``keys`` (none when there is no cache folder: a page never makes one)."""
    cache_dir = settings.path(settings.cache_dir)
    if not keys or not cache_dir.is_dir():
        return {}
    from ..store.cache import TranslationCache

    cache = TranslationCache(cache_dir)
    try:
        return cache.get_many(keys)
    finally:
        cache.close()


def _english_by_id(settings: Settings, post: PostFile, record: PostRecord | None, segments: Sequence[Segment]) -> dict[str, Segment]:
    """Source segment id → the English post's segment made from it (or from its previous text)."""
    if not post.english.is_file():
        return {}
    try:
        english = segment(read_post(post.english), fields=settings.fields, math=settings.math, all_text=True)
    except TranslateError:
        return {}
    if record is not None and len(record.segments) == len(english):
        from ..run.plan import segment_digest

        # As the plan does, but on the source alone: a segment whose glossary entries changed still shows its English.
        matcher = difflib.SequenceMatcher(a=[r.source for r in record.segments], b=[segment_digest(s) for s in segments],
                                          autojunk=False)
        return {segments[block.b + k].id: english[block.a + k]
                for block in matcher.get_matching_blocks() for k in range(block.size)}
    if len(english) == len(segments) and all(e.kind == s.kind for e, s in zip(english, segments)):
        return {s.id: e for s, e in zip(segments, english)}  # not in the lock (yet): by position, as --adopt does
    return {}

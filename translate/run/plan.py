"""Decide, per post, what is up to date, what English text is kept and which segments need translating.

A post whose source bytes, settings and glossary entries are unchanged since the lock is not even
parsed. Otherwise its segments are matched against the lock's records of the English post (by the
digest of each source segment, in order, so an inserted paragraph shifts nothing): a matched segment
keeps its English text byte for byte, hand edits included; only the others are translated.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..source.align import align
from ..store.cache import cache_key
from ..config import Settings
from ..errors import TranslateError
from ..store.digest import digest
from ..store.lock import Lock, PostRecord, SegmentRecord, options_digest, stale_reason
from ..source.post import Post, parse_post, read_post
from ..source.protect import prose_needs_translation
from ..source.segment import Segment, segment

if TYPE_CHECKING:
    from ..glossary.model import Glossary, GlossaryEntry


@dataclass
class PostPlan:
    """Everything known about one post during a run."""

    source: Path
    """The Chinese post."""
    key: str
    """The post's path relative to the project root, forward slashes (its lock key)."""
    english: Path
    """Where its English edition goes."""
    english_key: str
    """The English post's path relative to the project root, forward slashes."""
    pointer: str
    """The value of the English post's source field (path relative to the input folder)."""
    source_hash: str = ""
    """Digest of the source bytes."""
    state: str = "up to date"
    """``up to date``, ``new``, ``changed``, ``failed``."""
    post: Post | None = None
    """The parsed source (None when up to date)."""
    segments: list[Segment] = field(default_factory=list)
    """All text segments of the source (``segment(all_text=True)``)."""
    kept: dict[str, str] = field(default_factory=dict)
    """Segment id → English source text kept from the existing English post."""
    kept_count: int = 0
    """How many segments are kept (still known after ``release``)."""
    entries: dict[str, tuple[GlossaryEntry, ...]] = field(default_factory=dict)
    """Segment id → the approved glossary entries occurring in it, for each segment that needs translating."""
    mentioned: tuple[GlossaryEntry, ...] = ()
    """Approved entries with a spelling anywhere in the source (see ``Glossary.mentioned_in``)."""
    records: list[SegmentRecord] = field(default_factory=list)
    """What each segment is made from, in order, as the lock will record it."""
    translations: dict[str, str] = field(default_factory=dict)
    """Segment id → masked English text (from the cache or the model)."""
    todo: list[Segment] = field(default_factory=list)
    """Segments still to be sent to the model."""
    cached: int = 0
    """Segments answered from the cache, or by an identical segment sent in the same run."""
    fresh: int = 0
    """Translations obtained in this run from the model (directly or through an identical segment)."""
    sent: int = 0
    """Segments answered by the model in this run."""
    failures: list[str] = field(default_factory=list)
    """``path:line: reason`` for each failure."""
    written: bool = False
    """Whether the English post was (re)written."""

    def release(self) -> None:
        """Drop the post's text and segments once it is done; the counts and failures stay."""
        self.post = None
        self.segments, self.records, self.todo = [], [], []
        self.kept, self.translations, self.entries, self.mentioned = {}, {}, {}, ()

    def fail(self, message: str, *, line: int | None = None) -> None:
        """Record a failure of this post."""
        self.state = "failed"
        self.failures.append(f"{self.key}:{line}: {message}" if line else f"{self.key}: {message}")


def segment_digest(seg: Segment) -> str:
    """Digest of what a source segment says, including what its placeholders stand for."""
    return digest("\0".join([seg.kind, seg.text, *(p.original for p in seg.placeholders)]))


def segment_cache_key(settings: Settings, plan: PostPlan, seg: Segment) -> str:
    """The cache key of ``seg``'s translation (see cache.py): its text and kind, the model, the prompt, its entries."""
    from ..model.prompt import PROMPT_VERSION

    return cache_key(text=seg.text, kind=seg.kind, model=settings.model, prompt_version=PROMPT_VERSION,
                     fingerprints=[e.fingerprint() for e in plan.entries.get(seg.id, ())])


def entries_digest(entries: Sequence[GlossaryEntry]) -> str:
    """Digest of a set of glossary entries ("" for none)."""
    return digest("\0".join(sorted(e.fingerprint() for e in entries))) if entries else ""


def _up_to_date(settings: Settings, lock: Lock, glossary: Glossary, plan: PostPlan, raw: bytes) -> bool:
    """Whether nothing changed for the post since the lock (decided without parsing)."""
    record = lock.posts.get(plan.key)
    return record is not None and plan.english.is_file() and not stale_reason(settings, lock, glossary, record, raw)


@dataclass(frozen=True, slots=True)
class Parsed:
    """A source post parsed and segmented, or the reason it could not be."""

    post: Post | None = None
    """The parsed post (None on error)."""
    segments: tuple[Segment, ...] = ()
    """All its text segments, in source order."""
    error: str | None = None
    """Why the post could not be parsed."""
    line: int | None = None
    """Where, when known."""


def parse_source(raw: bytes, path: Path, fields: Sequence[str], math: bool) -> Parsed:
    """Parse and segment a source post; needs nothing but its arguments, so worker processes can run it."""
    try:
        post = parse_post(raw, path=path)
        return Parsed(post=post, segments=tuple(segment(post, fields=fields, math=math, all_text=True)))
    except TranslateError as exc:  # returned, not raised: an exception may not survive the trip between processes
        return Parsed(error=exc.message, line=exc.line)


def read_source(settings: Settings, lock: Lock, glossary: Glossary, plan: PostPlan, *, force: bool) -> bytes | None:
    """The post's bytes when it must be parsed; None when it is up to date or unreadable (``plan`` says which)."""
    try:
        raw = plan.source.read_bytes()
    except OSError as exc:
        plan.fail(f"cannot read: {exc.strerror}")
        return None
    plan.source_hash = digest(raw)
    if not force and _up_to_date(settings, lock, glossary, plan, raw):
        return None  # its state stays "up to date"
    plan.state = "changed" if plan.key in lock.posts else "new"
    return raw


def plan_parsed(settings: Settings, lock: Lock, glossary: Glossary, plan: PostPlan, parsed: Parsed, *, force: bool, adopt: bool) -> None:
    """Fill ``plan`` from its parsed source: match against the English post and lock, find the segments to translate."""
    if parsed.post is None:
        plan.fail(parsed.error or "cannot be parsed", line=parsed.line)
        return
    plan.post = parsed.post
    plan.segments = list(parsed.segments)
    plan.mentioned = glossary.mentioned_in(parsed.post.text)
    for seg in plan.segments:
        if prose_needs_translation(seg.text):
            plan.entries[seg.id] = glossary.entries_in(seg.text)
    plan.records = [SegmentRecord(segment_digest(s), entries_digest(plan.entries.get(s.id, ()))) for s in plan.segments]
    old = [] if force else _existing_english(settings, plan, lock.posts.get(plan.key), adopt=adopt)
    if old is None:
        return
    new_keys = [(r.source, r.glossary) for r in plan.records]
    old_keys = [(r.source, r.glossary) for r, _ in old]
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            plan.kept[plan.segments[block.b + k].id] = old[block.a + k][1]
    plan.kept_count = len(plan.kept)
    plan.todo = [s for s in plan.segments if s.id not in plan.kept and s.id in plan.entries]


def _existing_english(settings: Settings, plan: PostPlan, record: PostRecord | None, *, adopt: bool) -> list[tuple[SegmentRecord, str]] | None:
    """(record, English source text) for each segment of the existing English post, in order."""
    if not plan.english.is_file():
        return []
    try:
        english = read_post(plan.english)
    except TranslateError as exc:
        plan.fail(f"the English post {plan.english} cannot be read ({exc.message}); fix it or pass --force")
        return None
    if record is not None and record.options == options_digest(settings):
        english_segments = segment(english, fields=settings.fields, math=settings.math, all_text=True)
        texts = [english.text[e.start : e.end] for e in english_segments]
        if len(record.segments) == len(english_segments):
            return list(zip(record.segments, texts))
        plan.fail(
            f"the English post {plan.english} was restructured by hand ({len(english_segments)} segments, "
            f"the lock knows {len(record.segments)}); re-translate it with --force"
        )
        return None
    if adopt and plan.post is not None:
        pairs = align(plan.post, english, fields=settings.fields, math=settings.math)
        if pairs is None:
            plan.fail(f"cannot adopt {plan.english}: its blocks do not line up with the source; fix it or pass --force")
            return None
        return [(record, english.text[p.english.start : p.english.end]) for record, p in zip(plan.records, pairs)]
    if english.front_matter is not None and english.front_matter.data.get(settings.source_field) == plan.pointer:
        return []  # written by this tool but not yet locked (an interrupted run): translate again, from the cache
    plan.fail(f"{plan.english} exists and is not in the lock; pass --adopt to keep it as the translation, or --force to replace it")
    return None


def record_for(settings: Settings, plan: PostPlan, english_bytes: bytes) -> PostRecord:
    """The lock entry for a post whose English edition was just produced."""
    used = {entry.term: entry.fingerprint() for entry in plan.mentioned}
    for entries in plan.entries.values():
        for entry in entries:
            used[entry.term] = entry.fingerprint()
    return PostRecord(
        english=plan.english_key,
        source_hash=plan.source_hash,
        english_hash=digest(english_bytes),
        options=options_digest(settings),
        glossary=used,
        segments=tuple(plan.records),
    )


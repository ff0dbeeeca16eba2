"""Decide, per post, what is up to date, what English text is kept and which segments need translating.

A post whose source bytes, settings and glossary entries are unchanged since the lock is not even
parsed. Otherwise its segments are matched against the lock's records of the English post (by the
digest of each source segment, in order, so an inserted paragraph shifts nothing): a matched segment
keeps its English text byte for byte, hand edits included; only the others become jobs.

Every function here returns a new frozen ``PostPlan``; nothing is changed in place.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import TranslateError
from ..model.translator import SegmentJob
from ..paths import ProjectKeys, english_path
from ..source.align import align
from ..source.post import Post, read_post
from ..source.protect import prose_needs_translation
from ..source.segment import Segment, segment
from ..site.links import Link
from ..store.cache import cache_key
from ..store.digest import digest
from ..store.lock import Lock, PostRecord, SegmentRecord
from ..store.staleness import options_digest, stale_reason
from ..terms.usage import PostTerms
from .parallel import Parsed

if TYPE_CHECKING:
    from ..glossary.model import Glossary, GlossaryEntry
    from ..terms.table import TermTable


@dataclass(frozen=True, slots=True)
class PostPlan:
    """Everything decided about one post before anything is sent."""

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
    state: str = "up to date"
    """``up to date``, ``new``, ``changed`` or ``failed``."""
    source_hash: str = ""
    """Digest of the source bytes."""
    post: Post | None = None
    """The parsed source (None when up to date or failed)."""
    segments: tuple[Segment, ...] = ()
    """All text segments of the source (``segment(all_text=True)``)."""
    links: tuple[Link, ...] = ()
    """The source's link destinations (offsets in ``post.text``)."""
    kept: Mapping[str, str] = field(default_factory=dict)
    """Segment id → English source text kept from the existing English post."""
    kept_english: Mapping[str, str] = field(default_factory=dict)
    """Segment id → digest of the English this tool once wrote for a kept segment (a different ``kept`` text is a hand edit)."""
    records: tuple[SegmentRecord, ...] = ()
    """What each segment is made from, in order, as the lock will record it."""
    glossary_used: Mapping[str, str] = field(default_factory=dict)
    """Term → fingerprint of every approved entry the source mentions or a segment uses, as the lock records it."""
    jobs: tuple[SegmentJob, ...] = ()
    """The segments that need a translation (not kept), with their entries and cache keys."""
    failures: tuple[str, ...] = ()
    """``path:line: reason`` for each failure."""
    reason: str = ""
    """Why a post in the lock is planned again (``staleness.stale_reason``), for ``translate status``."""
    terms: PostTerms = field(default_factory=PostTerms)
    """Its term fields (tags, categories…), which the English post writes from the term table."""
    term_renderings: Mapping[str, str] = field(default_factory=dict)
    """Term → English for every term of ``terms``, once all are known (``run.termbook``)."""

    def failed(self, message: str, *, line: int | None = None) -> PostPlan:
        """This plan, failed for ``message``."""
        failure = f"{self.key}:{line}: {message}" if line else f"{self.key}: {message}"
        return dataclasses.replace(self, state="failed", failures=(*self.failures, failure))


def new_plan(settings: Settings, keys: ProjectKeys, source: Path, root: Path) -> PostPlan:
    """The plan of ``source``, found under the input folder ``root``, before its bytes are read."""
    english = english_path(settings, source, input_root=root)
    pointer = source.relative_to(root).as_posix() if source.is_relative_to(root) else source.name
    return PostPlan(source=source, key=keys(source), english=english, english_key=keys(english), pointer=pointer)


def rewrite_refusal(settings: Settings, source: Path, root: Path, record: PostRecord | None) -> str | None:
    """Why a run planning ``source`` again would refuse to rewrite its existing English post; None when it would not.

    A run refuses an English post edited by hand outside its translated text, one restructured by
    hand, and one not in the lock that it cannot take as its own: a person must decide. ``record``
    is the post's lock entry. The source is parsed only when the lock cannot say how the two line up.
    """
    from ..terms.usage import site_url_fields

    plan = new_plan(settings, ProjectKeys(settings), source, root)
    url_fields = site_url_fields(settings)
    if record is None or record.options != options_digest(settings, url_fields=url_fields):
        try:
            plan = dataclasses.replace(plan, post=read_post(source))
        except TranslateError:
            return None  # the run fails the post for its source, and says why
    found = _existing_english(settings, plan, record, adopt=False, url_fields=url_fields)
    return found if isinstance(found, str) else None


def segment_digest(seg: Segment) -> str:
    """Digest of what a source segment says, including what its placeholders stand for."""
    return digest("\0".join([seg.kind, seg.text, *(p.original for p in seg.placeholders)]))


def entries_digest(entries: Sequence[GlossaryEntry]) -> str:
    """Digest of a set of glossary entries ("" for none)."""
    return digest("\0".join(sorted(e.fingerprint() for e in entries))) if entries else ""


def read_source(settings: Settings, lock: Lock, glossary: Glossary, plan: PostPlan, *, force: bool, terms: TermTable,
                url_fields: frozenset[str] = frozenset(), english: Callable[[str], bool] | None = None) -> tuple[PostPlan, bytes | None]:
    """The plan with its state decided from the bytes, and the bytes when the post must be parsed.

    ``english`` says whether a post (by lock key) has, or is about to have, an English edition.
    """
    try:
        raw = plan.source.read_bytes()
    except OSError as exc:
        return plan.failed(f"cannot read: {exc.strerror}"), None
    plan = dataclasses.replace(plan, source_hash=digest(raw))
    record = lock.posts.get(plan.key)
    reason = ""
    if not force and record is not None and plan.english.is_file():
        reason = stale_reason(settings, lock, glossary, record, raw, terms=terms, url_fields=url_fields, english=english) or ""
        if not reason:
            return plan, None  # up to date: never parsed
    return dataclasses.replace(plan, state="changed" if record is not None else "new", reason=reason), raw


def plan_parsed(settings: Settings, lock: Lock, glossary: Glossary, plan: PostPlan, parsed: Parsed, *,
                force: bool, adopt: bool, url_fields: frozenset[str] = frozenset()) -> PostPlan:
    """The plan of a parsed post: matched against its English post and the lock, with a job per segment to translate."""
    if parsed.post is None:
        return plan.failed(parsed.error or "cannot be parsed", line=parsed.line)
    from ..model.prompt import PROMPT_VERSION
    from ..terms.usage import post_terms

    post, segments = parsed.post, parsed.segments
    plan = dataclasses.replace(plan, terms=post_terms(settings, post, plan.key, url_fields=url_fields))
    _warn_untranslated(plan.terms)
    entries = {s.id: glossary.entries_in(s.text) for s in segments if prose_needs_translation(s.text)}
    records = tuple(SegmentRecord(segment_digest(s), entries_digest(entries.get(s.id, ()))) for s in segments)
    used = {e.term: e.fingerprint() for e in glossary.mentioned_in(post.text)}
    used.update((e.term, e.fingerprint()) for found in entries.values() for e in found)
    plan = dataclasses.replace(plan, post=post, segments=segments, links=parsed.links, records=records, glossary_used=used)
    old = [] if force else _existing_english(settings, plan, lock.posts.get(plan.key), adopt=adopt, url_fields=url_fields)
    if isinstance(old, str):
        return plan.failed(old)
    matcher = difflib.SequenceMatcher(a=[(r.source, r.glossary) for r, _ in old],
                                      b=[(r.source, r.glossary) for r in records], autojunk=False)
    kept: dict[str, str] = {}
    kept_english: dict[str, str] = {}
    earlier: dict[str, str] = {}
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        for k in range(min(a2 - a1, b2 - b1) if tag in ("equal", "replace") else 0):
            record, text = old[a1 + k]
            seg_id = segments[b1 + k].id
            if tag == "equal":
                kept[seg_id] = text
                kept_english[seg_id] = record.english or digest(text)
            elif record.english and digest(text) != record.english:
                earlier[seg_id] = text  # the source changed under a hand edit: the author's English goes along
    title = segments[0].text if segments and segments[0].kind == "field" else None
    jobs = tuple(
        SegmentJob(key=cache_key(text=s.text, kind=s.kind, model=settings.model, prompt_version=PROMPT_VERSION,
                                 fingerprints=[e.fingerprint() for e in entries[s.id]]
                                 + ([f"earlier:{digest(earlier[s.id])}"] if s.id in earlier else [])),
                   segment=s, entries=entries[s.id], post=plan.key, title=title, earlier=earlier.get(s.id))
        for s in segments if s.id in entries and s.id not in kept
    )
    oversized = oversized_segments(settings, jobs)
    if oversized:
        return dataclasses.replace(plan, state="failed", failures=(*plan.failures, *oversized))
    return dataclasses.replace(plan, kept=kept, kept_english=kept_english, jobs=jobs)


def _warn_untranslated(terms: PostTerms) -> None:
    """Name each front matter field not translated: a field of the wrong kind per post, a URL field once per command."""
    import warnings

    from ..errors import InputWarning
    from ..terms.usage import url_fields_note

    for message in (*terms.warnings, *map(url_fields_note, terms.kept_for_urls)):
        warnings.warn(message, InputWarning, stacklevel=1)  # said once per distinct message (see cli.app)


def oversized_segments(settings: Settings, jobs: Sequence[SegmentJob]) -> list[str]:
    """``path:line: reason`` for each job too large to send (``Settings.segment_token_limit``): sent alone it would be cut off."""
    from ..model.estimate import HAN_WEIGHT, estimate_tokens

    limit = settings.segment_token_limit()
    found = []
    for job in jobs:
        if len(job.segment.text) * HAN_WEIGHT + 1 <= limit:
            continue  # no character weighs more than a Han one: it cannot be over; spare the estimate

        tokens = estimate_tokens(job.segment.text)
        if tokens > limit:
            found.append(f"{job.post}:{job.segment.line}: this {job.segment.kind} is about {tokens} tokens, more than "
                         f"max_segment_tokens ({limit}), and would be cut off; split it into shorter paragraphs, "
                         "or raise max_segment_tokens")
    return found


def _existing_english(settings: Settings, plan: PostPlan, record: PostRecord | None, *,
                      adopt: bool, url_fields: frozenset[str]) -> list[tuple[SegmentRecord, str]] | str:
    """(record, English source text) for each segment of the existing English post, in order; or why it cannot be used."""
    if not plan.english.is_file():
        return []
    try:
        english = read_post(plan.english)
    except TranslateError as exc:
        return f"the English post {plan.english} cannot be read ({exc.message}); fix it or pass --force"
    if record is not None and record.options == options_digest(settings, url_fields=url_fields):
        try:
            english_segments = segment(english, fields=settings.fields, math=settings.math, all_text=True)
        except TranslateError as exc:
            return f"the English post {plan.english} cannot be read ({exc.message}); fix it or pass --force"
        if len(record.segments) == len(english_segments):
            pairs = [(r, english.text[e.start : e.end]) for r, e in zip(record.segments, english_segments)]
            if _edited_outside_segments(english, record, pairs):
                return (f"{plan.english_key} was edited by hand outside its translated text (front matter, code...), which "
                        "rewriting it would lose; undo it there and make the change in the Chinese post instead (the "
                        "next run carries it over), or pass --force to replace the English post")
            return pairs
        return (f"the English post {plan.english} was restructured by hand ({len(english_segments)} segments, "
                f"the lock knows {len(record.segments)}); re-translate it with --force")
    ours = english.front_matter is not None and english.front_matter.data.get(settings.source_field) == plan.pointer
    if (adopt or ours) and plan.post is not None:
        # An English post of ours with no lock entry (a lost or deleted lock) is adopted as it is, so
        # a hand edit in it is never lost to a rebuild from the cache.
        aligned = align(plan.post, english, fields=settings.fields, math=settings.math)
        if aligned is not None:
            return [(r, english.text[p.english.start : p.english.end]) for r, p in zip(plan.records, aligned)]
        if adopt:
            return f"cannot adopt {plan.english}: its blocks do not line up with the source; fix it or pass --force"
        return (f"{plan.english} is not in the lock and its blocks do not line up with the source (edited by hand?); "
                "fix it, or pass --force to replace it")
    return f"{plan.english} exists and is not in the lock; pass --adopt to keep it as the translation, or --force to replace it"


def _edited_outside_segments(english: Post, record: PostRecord, pairs: Sequence[tuple[SegmentRecord, str]]) -> bool:
    """Whether the English post differs from what this tool wrote although every segment holds what it wrote.

    Then the change lies outside the segments, where a rewrite takes the text from the source. (A
    post edited both inside and outside its segments cannot be told apart from one edited inside.)
    """
    if not all(r.english for r, _ in pairs):
        return False  # written before the lock recorded segment digests: nothing to compare with
    # The post as read encodes back to the file's bytes exactly (BOM and line endings kept): no second read.
    return digest(english.to_bytes()) != record.english_hash and all(digest(text) == r.english for r, text in pairs)


def lock_record(settings: Settings, plan: PostPlan, english_bytes: bytes, *, warnings: int = 0,
                english: Sequence[str] = (), url_fields: frozenset[str] = frozenset(),
                links: Mapping[str, bool] | None = None) -> PostRecord:
    """The lock entry for a post whose English edition was just produced.

    ``warnings`` counts translations flagged; ``english`` is the digest of each segment's English as written.
    """
    return PostRecord(
        english=plan.english_key,
        source_hash=plan.source_hash,
        english_hash=digest(english_bytes),
        options=options_digest(settings, url_fields=url_fields),
        glossary=dict(plan.glossary_used),
        segments=tuple(SegmentRecord(r.source, r.glossary, e) for r, e in zip(plan.records, english)) if english else plan.records,
        warnings=warnings,
        links=dict(links or {}),
        terms={term: digest(rendering) for term, rendering in plan.term_renderings.items()},
    )

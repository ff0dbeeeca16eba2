"""What the review page changes, each through the part of the tool that owns it.

A translation a person saves (typed, or a rejected reply accepted) goes into the cache under the
segment's cache key through the ``JobBoard`` (the one writer of the cache), so every later run
takes it as it takes any cached reply; the segment's parked record is released; then the post is
run offline, which writes the English post (and its lock entry, through the publisher) once no
segment of it waits for anything. Retranslating releases the parked record and runs the post with
the model. Glossary decisions go through ``glossary.editing``, which keeps the file's comments.

Every action re-plans the post first and acts only when the segment the page showed (its id
and cache key) is still one waiting for a translation: a page shown before the post changed
cannot put a translation in the wrong place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import TranslateError
from .catalog import PostFile
from .findings import parked_store

if TYPE_CHECKING:
    from ..model.translator import SegmentJob, Translator

MAX_TRANSLATION_CHARS = 20_000
"""Longer texts are refused (no segment is that long: see max_segment_tokens)."""
MAX_RENDERING_CHARS = 200


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action did, for the page to say."""

    ok: bool
    """Whether it was done (a translation saved, a decision recorded)."""
    message: str
    """One or two sentences for the person."""
    problems: tuple[str, ...] = ()
    """Why a translation was refused (nothing was saved)."""
    written: bool = False
    """Whether the English post was written."""


def save_translation(settings: Settings, post: PostFile, segment_id: str, key: str, text: str,
                     *, translator: Translator | None = None) -> Outcome:
    """Check ``text`` as a reply is checked (``qa.reply_problems``); if it passes, save it and write the post."""
    from ..model.qa import judge, reply_problems

    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > MAX_TRANSLATION_CHARS:
        return Outcome(False, f"Not saved: the translation is longer than {MAX_TRANSLATION_CHARS} characters.")
    job = _job(settings, post, segment_id, key)
    if isinstance(job, Outcome):
        return job
    text, _ = judge(job.segment, text, job.entries)  # the fixes by rule a reply gets (full-width punctuation...)
    problems = reply_problems(job.segment, text, job.entries)
    if problems:
        return Outcome(False, "Not saved: the translation has problems; fix them and save again.", tuple(problems))
    return _keep(settings, post, job, text, "Translation saved", translator)


def accept_reply(settings: Settings, post: PostFile, segment_id: str, key: str,
                 *, translator: Translator | None = None) -> Outcome:
    """Take a parked segment's rejected reply as its translation, unless it would break or add to the post."""
    from ..model.qa import integrity_problems

    job = _job(settings, post, segment_id, key)
    if isinstance(job, Outcome):
        return job
    with parked_store(settings, create=False) as store:
        record = store.get_many([job.key]).get(job.key) if store is not None else None
    if record is None or record.reply is None:
        return Outcome(False, f"{post.key}:{job.segment.line}: no rejected reply is kept for this segment; edit it or retranslate it.")
    problems = integrity_problems(job.segment, record.reply)
    if problems:
        return Outcome(False, "Not accepted: this reply would break the post or add to it; edit it instead.", tuple(problems))
    return _keep(settings, post, job, record.reply, "Reply accepted", translator)


def retranslate(settings: Settings, post: PostFile, segment_id: str, key: str, *, translator: Translator | None = None) -> Outcome:
    """Release the segment's parked record and run the post now, with the model."""
    job = _job(settings, post, segment_id, key)
    if isinstance(job, Outcome):
        return job
    with parked_store(settings) as store:
        assert store is not None
        store.release([job.key])
    return _run(settings, post, f"Sent {post.key}:{job.segment.line} again", offline=False, translator=translator,
                unrun="Released for retranslation, but the post was not run")


def forget_parked(settings: Settings, key: str) -> Outcome:
    """Drop a parked record that no longer matches any segment (its source or glossary changed since)."""
    with parked_store(settings, create=False) as store:
        if store is None or not store.get_many([key]):
            return Outcome(False, "That parked segment is already gone.")
        store.release([key])
    return Outcome(True, "Parked segment forgotten; the next run sends its current text if it still needs one.")


def dismiss_warnings(settings: Settings, post: PostFile, key: str) -> Outcome:
    """Forget the warnings kept under ``key`` (a person has looked), and count the post's warnings in the lock anew."""
    from ..run.publish import Publisher
    from ..store.guard import RunGuard
    from ..store.journal import load_lock
    from ..store.notes import NOTES_FOLDER, NoteStore
    from .findings import segment_warnings

    cache_dir = settings.path(settings.cache_dir)
    if not key or not (cache_dir / NOTES_FOLDER).is_dir():
        return Outcome(False, "There are no warnings to dismiss.")
    notes = NoteStore(cache_dir)
    try:
        note = notes.notes([key]).get(key)
        if note is None:
            return Outcome(False, "Those warnings are already gone.")
        notes.put_many([replace(note, warnings=())])
    finally:
        notes.close()
    left = sum(1 for w in segment_warnings(settings, [post]) if w.post == post.key)
    try:
        with RunGuard(settings.path(settings.lock_file)):
            lock = load_lock(settings.path(settings.lock_file), root=settings.root)
            publisher = Publisher(settings, lock, None)
            try:
                publisher.count_warnings(post.key, left)
            finally:
                publisher.close()
            publisher.save()
    except TranslateError as exc:
        return Outcome(True, f"Warnings dismissed; the lock will count them at the next run ({exc})")
    return Outcome(True, f"Warnings dismissed for {post.key}; {left} left in the post.")


def decide_term(settings: Settings, term: str, decision: str, rendering: str) -> Outcome:
    """Approve (with ``rendering``, or kept as is when it is empty), reject, or set the rendering of a proposed entry."""
    from ..glossary.editing import decide, set_rendering
    from ..glossary.model import load_glossary

    rendering = rendering.strip()
    if "\n" in rendering or "\r" in rendering or len(rendering) > MAX_RENDERING_CHARS:
        return Outcome(False, f"{term}: a rendering is one line of at most {MAX_RENDERING_CHARS} characters.")
    path = settings.path(settings.glossary)
    try:
        current = load_glossary(path)
        entry = current.get(term)
        if entry is None or entry.status != "proposed":
            return Outcome(False, f"{term}: no proposed entry by that name (it was decided meanwhile?); reload the page.")
        if decision == "approve":
            decide(path, current, entry.term, "approved", rendering or None)
            shown = f"{entry.term} → {rendering}" if rendering and rendering != entry.term else f"{entry.term} (kept as is)"
            return Outcome(True, f"Approved {shown}; the next run re-translates the segments that use it.")
        if decision == "reject":
            decide(path, current, entry.term, "rejected", None)
            return Outcome(True, f"Rejected {entry.term}.")
        if decision == "rendering":
            set_rendering(path, current, entry.term, rendering)
            return Outcome(True, f"{entry.term}: rendering set to {rendering}; still proposed.")
    except TranslateError as exc:
        return Outcome(False, str(exc))
    return Outcome(False, f"unknown decision {decision!r}")


def _job(settings: Settings, post: PostFile, segment_id: str, key: str) -> SegmentJob | Outcome:
    """The job of segment ``segment_id`` in the post's current plan, if it still has cache key ``key``."""
    from ..glossary.model import load_glossary
    from ..run.pipeline import RunOptions, plan_posts
    from ..store.journal import load_lock

    try:
        lock = load_lock(settings.path(settings.lock_file), root=settings.root)
        plans = plan_posts(settings, [post.source], lock, load_glossary(settings.path(settings.glossary)), RunOptions())
        try:
            plan = next(iter(plans))
        finally:
            plans.close()  # type: ignore[attr-defined]
    except TranslateError as exc:
        return Outcome(False, str(exc))
    job = next((j for j in plan.jobs if j.segment.id == segment_id), None)
    if job is None or job.key != key:
        return Outcome(False, f"{post.key}: this segment no longer waits for a translation (the post, the glossary or the "
                              "English changed since the page was shown); reload the page.")
    return job


def _keep(settings: Settings, post: PostFile, job: SegmentJob, text: str, done: str, translator: Translator | None) -> Outcome:
    """Cache ``text`` as ``job``'s translation, release its parked record, and write the post if nothing else is missing.

    The board writes the translation, releases the parked record and forgets the warnings of an
    earlier translation under that key, as it does for a model's answer.
    """
    from contextlib import ExitStack

    from ..model.translator import JobResult
    from ..run.jobs import JobBoard
    from ..store.cache import TranslationCache
    from ..store.notes import NoteStore
    from ..store.parked import ParkedStore

    cache_dir = settings.path(settings.cache_dir)
    with ExitStack() as stores:
        cache = TranslationCache(cache_dir)
        stores.callback(cache.close)
        notes = NoteStore(cache_dir)
        stores.callback(notes.close)
        parked = ParkedStore(cache_dir)
        stores.callback(parked.close)
        JobBoard(cache, notes=notes, parked=parked).keep([JobResult(job, text)])
    done = f"{done} for {post.key}:{job.segment.line}"
    return _run(settings, post, done, offline=True, translator=translator, unrun=f"{done}, but the post was not run")


def _run(settings: Settings, post: PostFile, done: str, *, offline: bool, translator: Translator | None, unrun: str) -> Outcome:
    """Run the post (offline: from the lock and the cache only) and say what became of it (``unrun`` when it could not run)."""
    from ..run.pipeline import RunOptions, run

    try:
        report = run(settings, [post.source], RunOptions(offline=offline), translator=translator)
    except TranslateError as exc:  # another run holds the project, no key, the endpoint refused...
        return Outcome(offline, f"{unrun}: {exc}")  # offline runs follow a saved translation: that much was done
    result = next((p for p in report.posts if p.key == post.key), None)
    if result is None:
        return Outcome(True, f"{done}; the post was not found by the run.")
    if result.written:
        return Outcome(True, f"{done}; English post written: {result.english_key}.", written=True)
    if result.failures:
        return Outcome(True, f"{done}; the English post is not written yet: {_failures(result.failures)}")
    return Outcome(True, f"{done}; the English post {result.english_key} was already current.")


def _failures(failures: Sequence[str]) -> str:
    shown = "; ".join(failures[:3])
    more = len(failures) - 3
    return shown + (f"; and {more} more" if more > 0 else "")

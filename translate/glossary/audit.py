"""The glossary over the blog's posts: English posts checked against it, Chinese posts read for mining."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import PostError
from ..paths import english_path, find_posts, shown_path
from ..source.post import read_post
from ..source.protect import PLACEHOLDER_RE, needs_translation
from ..source.segment import Segment, segment
from .matching import Violation, find_violations
from .model import Glossary

if TYPE_CHECKING:
    from ..source.align import Pair
    from .parallel import SentencePair


@dataclass(frozen=True, slots=True)
class LineViolation:
    """A glossary violation at one place in an English post."""

    line: int
    """1-based line of the English segment that breaks the entry."""
    violation: Violation
    """The entry and how it is broken."""


@dataclass(frozen=True, slots=True)
class CheckedPost:
    """An English post checked against the glossary."""

    source: Path
    """The Chinese post."""
    english: Path
    """Its English edition."""
    violations: tuple[LineViolation, ...] | None
    """Where it breaks an approved entry, in order; None when its segments cannot be paired with the source's."""


def check_posts(settings: Settings, glossary: Glossary, inputs: Iterable[Path]) -> Iterator[CheckedPost]:
    """Every English post of the Chinese posts under ``inputs``, checked against ``glossary`` segment by segment.

    A post without an English edition is left out. Only segments whose source has Chinese outside its
    placeholders are checked, with the entries that occur in the source and the text a reader sees.
    """
    for post, root in find_posts(settings, inputs):
        english = english_path(settings, post, input_root=root)
        if not english.is_file():
            continue
        pairs = _align(settings, post, english)
        if pairs is None:
            yield CheckedPost(post, english, None)
            continue
        found: list[LineViolation] = []
        for pair in pairs:
            if not needs_translation(PLACEHOLDER_RE.sub(" ", pair.source.text)):
                continue
            for v in find_violations(glossary.entries_in(pair.source.text), visible_text(pair.english)):
                found.append(LineViolation(pair.english.line, v))
        yield CheckedPost(post, english, tuple(found))


def _align(settings: Settings, post: Path, english: Path) -> list[Pair] | None:
    from ..source.align import align

    return align(read_post(post), read_post(english), fields=settings.fields, math=settings.math)


def visible_text(seg: Segment) -> str:
    """A segment's text as a reader sees it: link texts and inline code kept, other markup blanked."""
    originals = {p.token: p.original for p in seg.placeholders}

    def shown(match: re.Match[str]) -> str:
        original = originals.get(match.group(), "")
        link = re.match(r"!?\[([^\]]*)\]\(", original)
        if link:
            return f" {link.group(1)} "
        code = re.fullmatch(r"(`+)([^`].*?)\1", original, re.S)
        return f" {code.group(2)} " if code else " "

    return PLACEHOLDER_RE.sub(shown, seg.text)


def segmented_post(settings: Settings, post: Path) -> tuple[str, list[Segment]] | str:
    """A post's name and segments for term extraction, or a warning when it cannot be read."""
    try:
        segments = segment(read_post(post), fields=settings.fields, math=settings.math)
    except PostError as exc:
        where = f"{shown_path(post)}:{exc.line}" if exc.line else shown_path(post)
        return f"Warning: {where}: {exc.message}; skipped"
    return shown_path(post), segments


def english_editions(settings: Settings, inputs: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(Chinese post, English edition) for the posts under ``inputs`` that have one on disk: where the lock
    says it was written, else where this tool would write it (an edition the author wrote by hand)."""
    from ..store.lock import Lock

    lock = Lock.load(settings.path(settings.lock_file))
    root = settings.root.resolve()
    for post, input_root in find_posts(settings, inputs):
        resolved = post.resolve()
        record = lock.posts.get(resolved.relative_to(root).as_posix()) if resolved.is_relative_to(root) else None
        english = settings.root / record.english if record is not None else english_path(settings, post, input_root=input_root)
        if english.is_file():
            yield post, english


def paired_sentences(settings: Settings, inputs: Iterable[Path], *, warn: Callable[[str], object]) -> list[SentencePair]:
    """The sentences of every post under ``inputs`` paired with those of its English edition (none without editions)."""
    from .parallel import parallel_sentences

    pairs: list[SentencePair] = []
    for post, english in english_editions(settings, inputs):
        try:
            pairs += parallel_sentences(read_post(post), read_post(english), names=(shown_path(post), shown_path(english)),
                                        fields=settings.fields, math=settings.math)
        except PostError as exc:
            warn(f"Warning: {shown_path(english)}: {exc.message}; its English is not used for renderings")
    return pairs

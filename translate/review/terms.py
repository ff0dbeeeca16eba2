"""Proposed glossary entries as the review shows them: how often each occurs, and sentences using it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Settings
from ..errors import TranslateError
from ..source.post import read_post
from .catalog import PostFile

EXAMPLE_CHARS = 90
"""Characters shown on each side of the term in an example sentence."""


@dataclass(frozen=True, slots=True)
class Example:
    """A sentence of a post that uses a term, as a reader sees it."""

    post: str
    """The post's lock key."""
    line: int
    """The segment's line in the post."""
    text: str
    """The text around the term (plain text: markup blanked, link texts and code kept)."""


@dataclass(frozen=True, slots=True)
class ProposedTerm:
    """A proposed glossary entry and where it occurs."""

    term: str
    """The entry's term."""
    aliases: tuple[str, ...]
    """Its other spellings."""
    rendering: str
    """The rendering proposed so far ("" when none)."""
    hint: str
    """What ``glossary extract`` noted about it, or the entry's note."""
    posts: int
    """How many posts mention it."""
    occurrences: int
    """How many times it occurs in all posts."""
    examples: tuple[Example, ...] = ()
    """A few sentences using it."""


def proposed_terms(settings: Settings, posts: Iterable[PostFile], *, examples: int = 3) -> list[ProposedTerm]:
    """Every proposed entry of the glossary, in file order, counted over ``posts`` with up to ``examples`` sentences each."""
    from ..glossary.editing import entry_comment
    from ..glossary.model import load_glossary

    path = settings.path(settings.glossary)
    proposed = [e for e in load_glossary(path).entries if e.status == "proposed"]
    if not proposed:
        return []
    texts = {}
    for post in posts:
        try:
            texts[post.key] = (post, read_post(post.source).text)
        except TranslateError:
            continue
    found = []
    for entry in proposed:
        counts = {key: sum(_count(text, s, entry.ignore_case) for s in entry.spellings) for key, (_, text) in texts.items()}
        using = [key for key, n in counts.items() if n]
        shown = _examples(settings, [texts[key][0] for key in using], entry.spellings, examples) if examples else ()
        found.append(ProposedTerm(entry.term, entry.aliases, "" if entry.keep else entry.rendering,
                                  (entry_comment(path, entry.term) if path.is_file() else "") or entry.note,
                                  len(using), sum(counts.values()), shown))
    return found


def _count(text: str, spelling: str, ignore_case: bool) -> int:
    if not spelling:
        return 0
    return text.lower().count(spelling.lower()) if ignore_case else text.count(spelling)


def _examples(settings: Settings, posts: Iterable[PostFile], spellings: tuple[str, ...], limit: int) -> tuple[Example, ...]:
    """Up to ``limit`` sentences using one of ``spellings``, at most one per post while other posts have some."""
    from ..glossary.audit import visible_text
    from ..source.segment import segment

    per_post: list[list[Example]] = []
    for post in posts:
        try:
            segments = segment(read_post(post.source), fields=settings.fields, math=settings.math)
        except TranslateError:
            continue
        found = []
        for seg in segments:
            text = " ".join(visible_text(seg).split())
            spot = min((i for i in (text.find(s) for s in spellings if s) if i >= 0), default=-1)
            if spot >= 0:
                start, end = max(0, spot - EXAMPLE_CHARS), spot + EXAMPLE_CHARS
                found.append(Example(post.key, seg.line, ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")))
        per_post.append(found)
    picked: list[Example] = []
    depth = 0
    while len(picked) < limit and any(len(found) > depth for found in per_post):
        picked.extend(found[depth] for found in per_post if len(found) > depth)
        depth += 1
    return tuple(picked[:limit])

"""What mining gathers about one term: where it occurs, how, and two sentences a reviewer can read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..source.protect import PLACEHOLDER_RE
from ..source.segment import Segment

EXAMPLES = 2
"""Example sentences kept per term."""
_SENTENCE_END = "。！？!?；;\n"
"""Characters that end a sentence in Chinese or English text."""
_EXAMPLE_WIDTH = 60
"""At most this many characters of a long sentence are kept on each side of the term."""
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\(")
_CODE_RE = re.compile(r"(`+)([^`].*?)\1", re.S)


@dataclass(frozen=True, slots=True)
class Example:
    """One occurrence of a term in a sentence a reviewer can read."""

    post: str
    """The post's name, as shown."""
    line: int
    """1-based line of the segment it is in."""
    text: str
    """The sentence, with link texts and code shown and other markup left out."""

    def __str__(self) -> str:
        return f"{self.post}:{self.line}: {self.text}"


@dataclass(slots=True)
class Tally:
    """The evidence for one spelling, added up while posts are mined (one owner: the miner, then the merge)."""

    kinds: set[str] = field(default_factory=set)
    """Kinds of evidence seen (``link``, ``latin``, ``name``, ``new``, ``code``, ``term``)."""
    count: int = 0
    """Occurrences."""
    posts: set[str] = field(default_factory=set)
    """Posts it occurs in."""
    examples: list[Example] = field(default_factory=list)
    """Up to ``EXAMPLES`` occurrences, from different posts where possible."""
    idf: float = 0.0
    """Its rarity in general Chinese text, when jieba knows it."""
    tag: str = ""
    """jieba's part-of-speech tag (``nr``, ``ns``, ``n`` …), or the tagger's for a new word."""
    nested: int = 0
    """Occurrences as the last word of a longer Latin name (``Lightning`` in ``TiDB Lightning``)."""

    def add_example(self, example: Example) -> None:
        """Keep ``example`` when fewer than two are kept, or when it comes from a post not shown yet."""
        if len(self.examples) < EXAMPLES:
            if not any(e.post == example.post and e.line == example.line for e in self.examples):
                self.examples.append(example)
        elif self.examples[0].post == self.examples[-1].post != example.post:
            self.examples[-1] = example

    def absorb(self, other: Tally) -> None:
        """Add ``other``'s evidence to this one."""
        self.kinds |= other.kinds
        self.count += other.count
        self.posts |= other.posts
        self.idf = self.idf or other.idf
        self.tag = self.tag or other.tag
        self.nested += other.nested
        for example in other.examples:
            self.add_example(example)


def readable(seg: Segment) -> str:
    """A segment's text as a reader sees it: link and image texts and inline code kept, other markup left out."""
    originals = {p.token: p.original for p in seg.placeholders}

    def shown(match: re.Match[str]) -> str:
        original = originals.get(match.group(), "")
        link = _LINK_RE.match(original)
        if link and original.endswith(")"):
            return link.group(1)
        if _CODE_RE.fullmatch(original):
            return original
        return ""

    return " ".join(PLACEHOLDER_RE.sub(shown, seg.text).split())


def sentence_with(text: str, term: str) -> str:
    """The sentence of ``text`` around the first occurrence of ``term`` (a long one cut short with …)."""
    at = text.find(term)
    if at < 0:
        at = text.lower().find(term.lower())
    if at < 0:
        return text[: 2 * _EXAMPLE_WIDTH] + ("…" if len(text) > 2 * _EXAMPLE_WIDTH else "")
    start = max((text.rfind(c, 0, at) for c in _SENTENCE_END), default=-1) + 1
    ends = [i for i in (text.find(c, at + len(term)) for c in _SENTENCE_END) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    head = "…" if at - start > _EXAMPLE_WIDTH else ""
    tail = "…" if end - at - len(term) > _EXAMPLE_WIDTH else ""
    start = max(start, at - _EXAMPLE_WIDTH)
    end = min(end, at + len(term) + _EXAMPLE_WIDTH)
    return head + text[start:end].strip() + tail

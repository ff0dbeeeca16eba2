"""The author's English next to the Chinese: sentences of each post paired with those of its English edition.

An English edition this tool wrote has the source's structure, and ``source.align`` pairs its
segments by position. One the author wrote by hand may not (a paragraph split or left out): its
segments are then paired by a monotone alignment on what both sides share unchanged: link
destinations, code, Latin words and numbers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..source.post import Post
from ..source.segment import Segment, segment
from .evidence import readable

_ANCHOR_RE = re.compile(r"[A-Za-z][A-Za-z0-9_.+#-]*[A-Za-z0-9+#]|\d+(?:\.\d+)?")
_DESTINATION_RE = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:href|src)=[\"']([^\"']+)")
_CHINESE_END_RE = re.compile(r"[。！？]+")
_ENGLISH_END_RE = re.compile(r"[.!?]+(?=\s+[A-Z0-9\"'(])")
CUT_TOLERANCE = 0.08
"""Sentence ends of a paragraph and of its translation pair up when their shares of the length differ by less than this."""
MIN_SIMILARITY = 0.34
"""Two segments are paired by anchors when at least this share of the smaller anchor set is common."""


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A Chinese segment and the English segment that says the same, as readable text."""

    source: str
    """The Chinese text (link texts and code shown)."""
    english: str
    """The English text."""
    where: str
    """``source.md:12 ↔ english.md:12``, for the evidence shown to the reviewer."""


def parallel_sentences(source: Post, english: Post, *, names: tuple[str, str], fields: Sequence[str], math: bool = False) -> list[SentencePair]:
    """Pairs of segments of ``source`` and its English edition ``english`` (``names``: how both are shown)."""
    chinese = segment(source, fields=fields, math=math, all_text=True)
    translated = segment(english, fields=fields, math=math, all_text=True)
    if len(chinese) == len(translated) and all(a.kind == b.kind for a, b in zip(chinese, translated)):
        matched = list(zip(chinese, translated))
    else:
        matched = align_by_anchors(chinese, translated)
    pairs = []
    for a, b in matched:
        where = f"{names[0]}:{a.line} ↔ {names[1]}:{b.line}"
        pairs += [SentencePair(zh, en, where) for zh, en in sentence_pairs(readable(a), readable(b))]
    return pairs


def sentence_pairs(chinese: str, english: str) -> list[tuple[str, str]]:
    """A paragraph and its translation cut into pairs of sentences (or runs of them) at the sentence ends both
    have at about the same share of their length; the two whole when none agree."""
    left = [m.end() for m in _CHINESE_END_RE.finditer(chinese) if m.end() < len(chinese.rstrip())]
    right = [m.end() for m in _ENGLISH_END_RE.finditer(english) if m.end() < len(english.rstrip())]
    cuts: list[tuple[int, int]] = []
    for r in right:
        share = r / len(english)
        l = min(left, key=lambda x: abs(x / len(chinese) - share), default=None)
        if l is not None and abs(l / len(chinese) - share) < CUT_TOLERANCE and (not cuts or (l > cuts[-1][0] and r > cuts[-1][1])):
            cuts.append((l, r))
    bounds = [(0, 0), *cuts, (len(chinese), len(english))]
    return [(chinese[a:c].strip(), english[b:d].strip()) for (a, b), (c, d) in zip(bounds, bounds[1:])]


def anchors(seg: Segment) -> set[str]:
    """What a translation keeps unchanged: masked markup (URLs, code) and Latin words and numbers."""
    kept = set()
    for placeholder in seg.placeholders:  # a link's destination, whether its text was masked with it or not
        destinations = [m.group(1) or m.group(2) for m in _DESTINATION_RE.finditer(placeholder.original)]
        kept.update(destinations or ([placeholder.original] if len(placeholder.original) > 3 else []))
    return kept | {m.group().casefold() for m in _ANCHOR_RE.finditer(readable(seg))}


def similarity(a: set[str], b: set[str]) -> float:
    """The share of the smaller anchor set found in the other, 0 when either is empty."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def align_by_anchors(chinese: Sequence[Segment], english: Sequence[Segment]) -> list[tuple[Segment, Segment]]:
    """A monotone pairing of two segment lists maximising shared anchors; a segment between two
    paired ones on each side, alone in its gap, is paired too (plain Chinese has no anchors)."""
    left, right = [anchors(s) for s in chinese], [anchors(s) for s in english]
    rows, cols = len(chinese), len(english)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            score = similarity(left[i], right[j])
            take = best[i + 1][j + 1] + score if score >= MIN_SIMILARITY else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    matched: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        score = similarity(left[i], right[j])
        if score >= MIN_SIMILARITY and best[i][j] == best[i + 1][j + 1] + score:
            matched.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    bounds = [(-1, -1), *matched, (rows, cols)]
    gaps = [(a[0] + 1, a[1] + 1) for a, b in zip(bounds, bounds[1:]) if b[0] - a[0] == 2 and b[1] - a[1] == 2]
    pairs = sorted(matched + [g for g in gaps if chinese[g[0]].kind == english[g[1]].kind])
    return [(chinese[i], english[j]) for i, j in pairs]

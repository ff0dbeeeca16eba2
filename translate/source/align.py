"""Pair the segments of an English post with those of its Chinese source, block by block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .post import Post
from .segment import Segment, segment


@dataclass(frozen=True, slots=True)
class Pair:
    """A source segment and the English segment at the same place in the English post."""

    source: Segment
    """The Chinese segment (as ``segment(all_text=True)`` sees it)."""
    english: Segment
    """The English segment in the same position."""


def align(source: Post, english: Post, *, fields: Sequence[str], math: bool = False) -> list[Pair] | None:
    """Pairs of segments in the same positions, or None when the two posts' structures differ."""
    source_segments = segment(source, fields=fields, math=math, all_text=True)
    english_segments = segment(english, fields=fields, math=math, all_text=True)
    if len(source_segments) != len(english_segments):
        return None
    pairs = [Pair(s, e) for s, e in zip(source_segments, english_segments)]
    if any(p.source.kind != p.english.kind for p in pairs):
        return None
    return pairs

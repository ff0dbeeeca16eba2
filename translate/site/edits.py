"""Edits the writer makes to a composed English post (link destinations, heading ids), applied in one pass."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a composed post; an insertion when ``start == end``."""

    start: int
    """Offset of the first character replaced."""
    end: int
    """Offset after the last character replaced."""
    text: str
    """What goes there."""


def apply_edits(text: str, edits: Sequence[Edit], spans: Mapping[str, tuple[int, int]]) -> tuple[str, dict[str, tuple[int, int]]]:
    """``text`` with ``edits`` made, and ``spans`` (segment id → start, end) moved to where their text went.

    Edits do not overlap; an insertion at a span's end belongs to that span (a heading id goes after
    the heading's text), one at its start to the span too (an anchor before the heading's text).
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise ValueError(f"overlapping edits at offset {edit.start}")
        pieces.append(text[pos : edit.start])
        pieces.append(edit.text)
        pos = edit.end
    pieces.append(text[pos:])

    def delta(edit: Edit) -> int:
        return len(edit.text) - (edit.end - edit.start)

    new_spans = {}
    for seg_id, (start, end) in spans.items():
        inside = [e for e in ordered if start <= e.start and e.end <= end]
        before = [e for e in ordered if e.end <= start and e not in inside]
        new_start = start + sum(map(delta, before))
        new_spans[seg_id] = (new_start, new_start + (end - start) + sum(map(delta, inside)))
    return "".join(pieces), new_spans

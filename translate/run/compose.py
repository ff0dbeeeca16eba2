"""Build the English post's text: translations spliced in, the site's edits made, ``lang`` and ``source`` fields set."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import PlaceholderError
from ..source.fields import set_fields
from ..source.post import parse_post
from ..source.segment import join, segment
from ..store.digest import digest
from ..terms.writing import with_english_terms

if TYPE_CHECKING:
    from ..site.edition import Edition
    from .jobs import FinishedPost


@dataclass(frozen=True, slots=True)
class Composed:
    """An English post ready to be written."""

    text: str
    """Its full text."""
    digests: tuple[str, ...]
    """The digest of each segment's English as written, for the lock (see ``SegmentRecord.english``)."""
    links: Mapping[str, bool] = field(default_factory=dict)
    """Lock key of each blog post it links to → whether the link leads to that post's English edition."""


def compose(settings: Settings, done: FinishedPost, edition: Edition | None = None) -> Composed:
    """The English post for a fully translated post; raises PlaceholderError if it would not line up."""
    from ..site.edits import apply_edits

    plan = done.plan
    assert plan.post is not None
    rendered: dict[str, str] = {}
    spans: dict[str, tuple[int, int]] = {}
    text = join(plan.post.text, plan.segments, done.translations, kept=plan.kept, rendered=rendered, spans=spans)
    links: dict[str, bool] = {}
    edited: set[str] = set()
    if edition is not None:
        edits = edition.heading_edits(plan, text, spans)
        link_edits, links = edition.link_edits(plan, text, math=settings.math)
        edits.extend(link_edits)
        if edits:
            edited = {seg_id for seg_id, (start, end) in spans.items() if any(start <= e.start and e.end <= end for e in edits)}
            text, spans = apply_edits(text, edits, spans)
            rendered.update((seg_id, text[spans[seg_id][0] : spans[seg_id][1]]) for seg_id in edited)
    text = set_fields(plan.post, text, {settings.lang_field: "en", settings.source_field: plan.pointer})
    text = with_english_terms(plan.terms, plan.term_renderings, text)  # tags, categories… from the term table
    composed = Composed(text, _digests(done, rendered, edited), links)
    if not done.fresh:
        # Kept text has the shape the lock records, and a cached translation was checked in a post
        # when it was new (one that broke its post was dropped from the cache then).
        return composed
    # The lock records one English segment per source segment: check the new post keeps that shape.
    check = parse_post(plan.post.to_bytes(text), path=plan.english)
    shape = [s.kind for s in segment(check, fields=settings.fields, math=settings.math, all_text=True, structure_only=True)]
    if shape != [s.kind for s in plan.segments]:
        raise PlaceholderError(
            f"the translation changes the post's block structure ({len(shape)} blocks instead of {len(plan.segments)}); "
            "the translations involved were dropped from the cache, so the next run asks again"
        )
    return composed


def _digests(done: FinishedPost, rendered: Mapping[str, str], edited: set[str]) -> tuple[str, ...]:
    """The digest of each segment's English as this post writes it.

    ``rendered`` is the text spliced in per segment, after the site's edits. A kept segment keeps the
    digest of what this tool once wrote for it, so a hand edit stays one; one the site edited (a link
    pointed at an English edition) gets the digest of its new text unless it was edited by hand.
    """
    plan = done.plan
    assert plan.post is not None
    out = []
    for seg in plan.segments:
        if seg.id in plan.kept:
            once = plan.kept_english.get(seg.id) or digest(plan.kept[seg.id])
            by_hand = once != digest(plan.kept[seg.id])
            out.append(digest(rendered[seg.id]) if seg.id in edited and not by_hand else once)
        elif seg.id in rendered:
            out.append(digest(rendered[seg.id]))
        else:
            out.append(digest(plan.post.text[seg.start : seg.end]))
    return tuple(out)

"""Build the English post's text: translations spliced in, ``lang`` and ``source`` fields set."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import PlaceholderError
from ..source.fields import set_fields
from ..source.post import parse_post
from ..source.segment import join, segment
from ..terms.writing import with_english_terms

if TYPE_CHECKING:
    from .jobs import FinishedPost


def english_text(settings: Settings, done: FinishedPost, *, rendered: dict[str, str] | None = None) -> str:
    """The English post for a fully translated post; raises PlaceholderError if it would not line up.

    ``rendered``, when given, receives the English text spliced in for each segment (see ``english_digests``).
    """
    plan = done.plan
    assert plan.post is not None
    translated = join(plan.post.text, plan.segments, done.translations, kept=plan.kept, rendered=rendered)
    text = set_fields(plan.post, translated, {settings.lang_field: "en", settings.source_field: plan.pointer})
    text = with_english_terms(plan.terms, plan.term_renderings, text)  # tags, categories… from the term table
    # The lock records one English segment per source segment: check the new post keeps that shape.
    if not done.fresh:
        # Kept text has the shape the lock records, and a cached translation was checked in a post
        # when it was new (one that broke its post was dropped from the cache then).
        return text
    check = parse_post(plan.post.to_bytes(text), path=plan.english)
    shape = [s.kind for s in segment(check, fields=settings.fields, math=settings.math, all_text=True, structure_only=True)]
    if shape != [s.kind for s in plan.segments]:
        raise PlaceholderError(
            f"the translation changes the post's block structure ({len(shape)} blocks instead of {len(plan.segments)}); "
            "the translations involved were dropped from the cache, so the next run asks again"
        )
    return text


def english_digests(done: FinishedPost, rendered: Mapping[str, str]) -> tuple[str, ...]:
    """The digest of each segment's English as this post writes it, for the lock (see ``SegmentRecord.english``).

    ``rendered`` is what ``english_text`` spliced in per segment. A kept segment keeps the digest
    of what this tool once wrote for it, so a hand edit stays one.
    """
    from ..store.digest import digest

    plan = done.plan
    assert plan.post is not None
    out = []
    for seg in plan.segments:
        if seg.id in plan.kept:
            out.append(plan.kept_english.get(seg.id) or digest(plan.kept[seg.id]))
        elif seg.id in rendered:
            out.append(digest(rendered[seg.id]))
        else:
            out.append(digest(plan.post.text[seg.start : seg.end]))
    return tuple(out)

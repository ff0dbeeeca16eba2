"""Build the English post's text: translations spliced in, ``lang`` and ``source`` fields set."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from ..config import Settings
from ..errors import PlaceholderError
from ..source.post import Post, parse_post
from ..source.segment import join, segment

if TYPE_CHECKING:
    from .jobs import FinishedPost


def english_text(settings: Settings, done: FinishedPost) -> str:
    """The English post for a fully translated post; raises PlaceholderError if it would not line up."""
    plan = done.plan
    assert plan.post is not None
    translated = join(plan.post.text, plan.segments, done.translations, kept=plan.kept)
    text = set_fields(plan.post, translated, {settings.lang_field: "en", settings.source_field: plan.pointer})
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


_BOL = r"(?:(?<=[\r\n])|\A)"
"""Start of a line for any line ending (``^`` with re.M misses lines after a lone CR)."""
_EOL = r"(?=[\r\n]|\Z)"


def set_fields(source: Post, text: str, values: dict[str, str]) -> str:
    """``text`` (built from ``source``) with front matter fields set; added before the closing fence."""
    fm = source.front_matter
    if fm is None:
        return text  # no front matter to extend: adding one would change how the site renders the post
    # Offsets inside the front matter moved if a translated field grew or shrank: find the fences again.
    opening = re.match(r"(?:---|\+\+\+)[ \t]*(\r\n|\r|\n)", text)
    if opening is None:
        return text
    eol = opening.group(1)
    closing = re.compile(_BOL + r"(?:---|\.\.\.|\+\+\+)[ \t]*(?:\r\n|\r|\n|\Z)")
    match = closing.search(text, opening.end())
    if match is None:
        return text
    head, tail = text[opening.end() : match.start()], text[match.start() :]
    for key, value in values.items():
        if fm.kind == "yaml":
            line = f"{key}: {_yaml_scalar(value)}"
            pattern = re.compile(_BOL + re.escape(key) + r"[ \t]*:[^\r\n]*" + _EOL)
        else:
            line = f"{key} = {json.dumps(value, ensure_ascii=False)}"
            pattern = re.compile(_BOL + re.escape(key) + r"[ \t]*=[^\r\n]*" + _EOL)
        if pattern.search(head):
            head = pattern.sub(lambda _: line, head, count=1)
            continue
        # TOML keys after a [table] header belong to that table: top-level keys go before the first one.
        table = re.search(_BOL + r"[ \t]*\[", head) if fm.kind == "toml" else None
        at = table.start() if table else len(head)
        before = head[:at]
        if before and not before.endswith(("\n", "\r")):
            before += eol
        head = before + line + eol + head[at:]
    return text[: opening.end()] + head + tail


def _yaml_scalar(value: str) -> str:
    return value if re.fullmatch(r"[A-Za-z0-9_./-]+", value) else json.dumps(value, ensure_ascii=False)

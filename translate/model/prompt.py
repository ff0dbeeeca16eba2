"""The messages sent for one batch of segments; the only place the prompt is written.

Wire format (DESIGN.md, "Fixed contracts"): one system message with the rules and the glossary
entries that occur in the batch, then one user message whose content is the JSON object
``{"segments": [{"id", "text"}], "title"?, "context"?}``. The model answers with
``{"segments": [{"id", "text"}]}`` carrying the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..glossary.entry import GlossaryEntry

PROMPT_VERSION = "1"
"""Part of every cache key.

Bump it whenever a change to this module could change what a model replies (rules, wording,
message layout, JSON shape), so cached translations made with the old prompt are re-sent.
Do not bump it for changes that cannot alter a reply (comments, refactoring).
"""


@dataclass(frozen=True, slots=True)
class BatchItem:
    """One segment as sent to the model."""

    id: str
    """The segment id, echoed back by the model; unique within a batch."""
    text: str
    """The masked Chinese text to translate."""
    context: str | None = None
    """Neighbouring source text that helps the model, sent for reference only, never translated."""
    earlier: str | None = None
    """The author's own English for an earlier version of this segment (a hand edit whose source changed)."""


# Kept short on purpose: it is repeated in every request, so each sentence costs tokens on every
# batch (the benchmark's prompt-overhead goal is 1.3x the segments' own tokens).
RULES = """\
Translate segments of a Chinese technical blog post into English. Input JSON: "segments" \
[{"id","text"}]; "title" and "context" are for reference only.
- Natural, idiomatic English in the author's first-person voice (a personal blog, not a manual); \
same meaning, nothing added or left out.
- ASCII punctuation only, no Chinese left. English dates: "2022 年 1 月份" -> "In January 2022".
- <m1/> and <l1>...</l1> stand for code, links and markup: keep each exactly once and unchanged, \
placed where English needs it; translate the text inside <l1>...</l1>. Keep Markdown emphasis.
- No notes, explanations, added quotes or code fences.
- Reply with only {"segments":[{"id","text"}]}: every given id exactly once, no others."""

GLOSSARY_HEADER = "Glossary (use exactly these renderings):"
EARLIER_RULE = (
    'Some segments come with "earlier": the author\'s own English for an earlier version of that segment. '
    "Keep its wording where the meaning is unchanged; translate what changed."
)
"""Sent only in requests that carry an earlier English text, so every other request stays as it was."""
RETRY_HEADER = "A previous reply to this request was rejected. Fix this:"


def build_messages(
    items: Sequence[BatchItem],
    *,
    entries: Sequence[GlossaryEntry],
    title: str | None = None,
    retry_note: str | None = None,
) -> list[dict[str, str]]:
    """The system and user messages that ask for a translation of ``items``."""
    system = RULES
    if entries:
        system += "\n\n" + GLOSSARY_HEADER + "\n" + "\n".join(glossary_line(entry) for entry in entries)
    if any(item.earlier for item in items):
        system += "\n\n" + EARLIER_RULE
    if retry_note:
        # Last, so the stable prefix above stays shareable by servers that cache prompt prefixes.
        system += "\n\n" + RETRY_HEADER + "\n" + retry_note.strip()
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": user_content(items, title=title)},
    ]


TERM_RULES = """\
Render tags and categories of a Chinese personal blog in English. Input JSON: "segments" \
[{"id","text"}], each text one tag or category of the blog's posts.
- A short English term for each (a word or a few) that a reader would browse the blog by; the same \
meaning, no explanation, no quotes, no markup.
- ASCII only, no Chinese left.
- Follow the letter case and style of the blog's existing English terms when some are listed \
(lower case tags stay lower case); with none listed, use Title Case.
- Reply with only {"segments":[{"id","text"}]}: every given id exactly once, no others."""
EXISTING_TERMS_HEADER = "The blog's existing English terms:"
MAX_EXISTING_TERMS = 40
"""Existing English terms shown to the model as examples of the blog's style (the first ones found)."""


def build_term_messages(items: Sequence[BatchItem], *, existing: Sequence[str] = (), retry_note: str | None = None) -> list[dict[str, str]]:
    """The system and user messages that ask for an English rendering of each term in ``items``.

    ``existing`` holds English terms the blog already uses (renderings in the table, tags with no
    Chinese), so new renderings follow their style. The wire format is that of segments.
    """
    system = TERM_RULES
    shown = list(dict.fromkeys(existing))[:MAX_EXISTING_TERMS]
    if shown:
        system += "\n\n" + EXISTING_TERMS_HEADER + " " + ", ".join(shown)
    if retry_note:
        system += "\n\n" + RETRY_HEADER + "\n" + retry_note.strip()
    return [{"role": "system", "content": system}, {"role": "user", "content": user_content(items)}]


def glossary_line(entry: GlossaryEntry) -> str:
    """One line of the system prompt's glossary, e.g. ``- 才云 → Caicloud``."""
    source = entry.term + (f" (also written {', '.join(entry.aliases)})" if entry.aliases else "")
    line = f"- {source} → {entry.rendering}" + (" (keep as is)" if entry.keep else "")
    if entry.forbidden:
        line += f"; never {', '.join(repr(f) for f in entry.forbidden)}"
    if entry.note:
        line += f" — {' '.join(entry.note.split())}"
    return line


def retry_note(problems: Sequence[Sequence[str]]) -> str:
    """The retry note: what was wrong with each segment, numbered as in the new request."""
    return "; ".join(f"segment {n}: {', '.join(found)}" for n, found in enumerate(problems, start=1))


def user_content(items: Sequence[BatchItem], *, title: str | None = None) -> str:
    """The JSON text of the user message for ``items``."""
    payload: dict[str, object] = {"segments": [{"id": item.id, "text": item.text} for item in items]}
    if title:
        payload["title"] = title
    context = {item.id: item.context for item in items if item.context}
    if context:
        payload["context"] = context
    earlier = {item.id: item.earlier for item in items if item.earlier}
    if earlier:
        payload["earlier"] = earlier
    # ensure_ascii=False: escaping each Han character as \\uXXXX would multiply its token cost.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

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
    from .glossary import GlossaryEntry

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


# Kept short on purpose: it is repeated in every request, so each sentence costs tokens on every
# batch (the benchmark's prompt-overhead goal is 1.3x the segments' own tokens).
RULES = """\
You translate posts of a Chinese technical blog into English. The user sends JSON: "segments" is a \
list of {"id", "text"}; "title" is the post title and "context" maps some ids to neighbouring text, \
both for reference only.

Rules:
1. Write natural, idiomatic English in the author's own first-person voice: a personal technical \
blog, not a manual. Keep the meaning; do not summarize or add anything.
2. Use ASCII punctuation (, . : ; ? ! ( ) " '), never full-width punctuation. Leave no Chinese \
characters.
3. Write dates the English way: "2022 年 1 月份" becomes "In January 2022".
4. Tags like <m1/> and <l1>...</l1> are placeholders for code, links and markup. Keep every one \
exactly once, unchanged; move them where English word order needs them; translate the text between \
<l1> and </l1> but never alter the tags. Keep Markdown emphasis (*, **, _, ~~) around the \
matching words.
5. Never add notes, explanations, quotes around the text or code fences.
6. Reply with only a JSON object {"segments": [{"id": "...", "text": "..."}]} containing every id \
you were given, each exactly once, and no other ids."""

GLOSSARY_HEADER = "Glossary (use exactly these renderings):"
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
        system += "\n\n" + GLOSSARY_HEADER + "\n" + "\n".join(entry.prompt_line() for entry in entries)
    if retry_note:
        # Last, so the stable prefix above stays shareable by servers that cache prompt prefixes.
        system += "\n\n" + RETRY_HEADER + "\n" + retry_note.strip()
    return [
        {"role": "system", "content": system},
        {"role": "user", "content": user_content(items, title=title)},
    ]


def user_content(items: Sequence[BatchItem], *, title: str | None = None) -> str:
    """The JSON text of the user message for ``items``."""
    payload: dict[str, object] = {"segments": [{"id": item.id, "text": item.text} for item in items]}
    if title:
        payload["title"] = title
    context = {item.id: item.context for item in items if item.context}
    if context:
        payload["context"] = context
    # ensure_ascii=False: escaping each Han character as \\uXXXX would multiply its token cost.
    return json.dumps(payload, ensure_ascii=False)

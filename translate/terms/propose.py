"""Ask the model, once, for English renderings of the terms no post had a rendering for.

Every new term of a run goes into one request (more only past ``batch_tokens``), in the wire format
of segments, through the run's ``ChatClient``. Each reply is checked (``table.rendering_problems``:
not empty, no Chinese, no markup); the terms whose reply fails are asked once more, in one request
naming what was wrong. A term that fails again gets no rendering: its posts are not written and
the message says to write one in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import ConfigError, LLMError
from ..model.estimate import plan_batches
from ..model.prompt import BatchItem, retry_note
from ..model.translator import Usage
from .table import rendering_problems

if TYPE_CHECKING:
    from ..model.client import ChatClient


@dataclass(frozen=True, slots=True)
class Proposal:
    """What the model answered for a set of terms."""

    renderings: dict[str, str] = field(default_factory=dict)
    """Term → its English, for every term whose reply passed the checks."""
    rejected: dict[str, str] = field(default_factory=dict)
    """Term → why it has no rendering (the reply's problems, or the endpoint's error)."""
    usage: Usage = field(default_factory=Usage)
    """Requests and tokens spent."""


def propose_renderings(client: ChatClient, terms: Sequence[str], *, existing: Sequence[str] = (), budget: int = 4000) -> Proposal:
    """Renderings of ``terms`` from the model, checked; ``existing`` English terms show the blog's style.

    Raises the client's ``ConfigError`` subclasses (no key, an endpoint no request can succeed on).
    """
    renderings: dict[str, str] = {}
    rejected: dict[str, str] = {}
    usage = Usage()
    items = [BatchItem(id=str(n), text=term) for n, term in enumerate(terms, start=1)]
    for batch in plan_batches(items, budget=budget):
        problems: dict[str, list[str]] = {}
        for attempt in range(2):
            asked = batch if attempt == 0 else [item for item in batch if item.text in problems]
            note = retry_note([problems[item.text] for item in asked]) if attempt else None
            # Numbered afresh, as the retry note names them.
            sent = [BatchItem(id=str(n), text=item.text) for n, item in enumerate(asked, start=1)]
            try:
                reply = client.translate_terms(sent, existing=existing, retry_note=note)
            except LLMError as exc:
                if isinstance(exc, ConfigError):
                    raise  # no request can succeed in this run: the run says so once
                usage = usage + getattr(exc, "usage", Usage())
                problems = {item.text: [exc.message] for item in asked}
                continue
            usage = usage + reply.usage
            problems = {}
            for item in sent:
                text = reply.texts[item.id]
                found = rendering_problems(text)
                if found:
                    problems[item.text] = [f"the reply {text!r} cannot be used: {'; '.join(found)}"]
                else:
                    renderings[item.text] = text
            if not problems:
                break
        rejected.update((term, "; ".join(found)) for term, found in problems.items())
    return Proposal(renderings, rejected, usage)

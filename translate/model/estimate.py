"""Offline token estimates for batching and cost reports; nothing is downloaded.

The basis, measured on OpenAI's public tokenizers (cl100k_base, o200k_base) and typical of others:

- a Han ideograph or kana costs about 1 token in o200k and 1.3-1.5 in cl100k; Qwen and DeepSeek
  tokenizers are near 0.7-1. We count 1.2, erring on the high side so batches stay under budget;
- English prose averages about 4 characters per token (OpenAI's own rule of thumb), so letters,
  digits and spaces count 1/4 each;
- ASCII punctuation splits words and often stands alone (JSON syntax, Markdown markers), so it
  counts 1/2 each;
- a placeholder such as ``<m12/>`` or ``</l3>`` becomes ``<``/``</``, a letter, digits and ``/>``/``>``:
  4 tokens;
- any other character (full-width punctuation, accented letters, emoji) counts 1.

An estimate within 20-30% of the real tokenizer is enough: it decides how many segments share a
request and gives a cost figure before any request is made.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Generic, TypeVar

from ..source.cjk import HAN_OR_KANA_RE
from ..source.protect import PLACEHOLDER_RE
from .prompt import BatchItem, build_messages
from .translator import Usage

Item = TypeVar("Item")

HAN_WEIGHT = 1.2
"""Tokens per Han ideograph or kana."""
PLACEHOLDER_TOKENS = 4
"""Tokens per placeholder tag."""
MESSAGE_OVERHEAD = 4
"""Tokens a chat message costs beyond its content (role and separators, as OpenAI documents)."""

_ASCII_PUNCT_RE = re.compile(r"[!-/:-@\[-`{-~]")
_ASCII_RE = re.compile(r"[\x00-\x7f]")


def estimate_tokens(text: str) -> int:
    """An offline estimate of the tokens ``text`` costs a typical chat model's tokenizer."""
    if not text:
        return 0
    placeholders = 0
    if "<" in text:
        text, placeholders = PLACEHOLDER_RE.subn("", text)
    han = len(HAN_OR_KANA_RE.findall(text))
    punct = len(_ASCII_PUNCT_RE.findall(text))
    ascii_other = len(_ASCII_RE.findall(text)) - punct
    other = len(text) - han - punct - ascii_other
    total = HAN_WEIGHT * han + ascii_other / 4 + punct / 2 + other + PLACEHOLDER_TOKENS * placeholders
    return max(1, math.ceil(total))


def estimate_messages(messages: Sequence[Mapping[str, str]]) -> int:
    """Estimated prompt tokens of a list of chat messages, including per-message overhead."""
    return sum(MESSAGE_OVERHEAD + estimate_tokens(m.get("content") or "") for m in messages) + 3


COMPLETION_RATIO = 1.3
"""Estimated English tokens per source token, for dry-run cost reports."""


class Batcher(Generic[Item]):
    """Groups items, in order, into batches of at most ``budget`` estimated tokens (one greedy rule for every path).

    A batch closes when the next item would not fit; an item larger than the budget goes alone.
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self._items: list[Item] = []
        self._tokens = 0

    def add(self, item: Item, tokens: int) -> list[Item] | None:
        """Add ``item`` (costing ``tokens``); returns the batch it closed, if any."""
        closed = None
        if self._items and self._tokens + tokens > self.budget:
            closed = self.flush()
        self._items.append(item)
        self._tokens += tokens
        return closed

    @property
    def size(self) -> int:
        """Items in the batch being filled."""
        return len(self._items)

    def flush(self) -> list[Item]:
        """The batch being filled (possibly empty); a new one starts."""
        batch, self._items, self._tokens = self._items, [], 0
        return batch


def item_tokens(item: BatchItem) -> int:
    """Estimated tokens ``item`` adds to a request (its text and its context)."""
    return estimate_tokens(item.text) + (estimate_tokens(item.context) if item.context else 0)


def plan_batches(items: Sequence[BatchItem], *, budget: int) -> list[list[BatchItem]]:
    """Consecutive ``items`` grouped into batches of at most ``budget`` estimated tokens; an oversized item goes alone."""
    batcher: Batcher[BatchItem] = Batcher(budget)
    batches = [closed for item in items if (closed := batcher.add(item, item_tokens(item))) is not None]
    last = batcher.flush()
    return batches + [last] if last else batches


def estimate_usage(texts: Sequence[str], *, budget: int) -> Usage:
    """Requests and tokens that translating ``texts`` (masked segments) would take, batched as a real run does.

    Glossary lines are left out: they depend on the batch and are a small share of the prompt.
    """
    items = [BatchItem(id=str(n), text=text) for n, text in enumerate(texts, start=1)]
    batches = plan_batches(items, budget=budget)
    return Usage(
        requests=len(batches),
        prompt_tokens=sum(estimate_messages(build_messages(batch, entries=())) for batch in batches),
        completion_tokens=int(sum(estimate_tokens(text) for text in texts) * COMPLETION_RATIO),
    )


def cost(usage: Usage, price: tuple[float, float] | None) -> float | None:
    """USD for ``usage`` at ``price`` (USD per million prompt and completion tokens); None when unpriced."""
    if price is None:
        return None
    return (usage.prompt_tokens * price[0] + usage.completion_tokens * price[1]) / 1_000_000

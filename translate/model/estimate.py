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

from ..source.cjk import HAN_OR_KANA_RE
from ..source.protect import PLACEHOLDER_RE

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

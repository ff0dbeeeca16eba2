"""Fixes applied by rule to a reply before it is checked, so a stray mark never costs a request.

A model that leaves a full-width comma or a pair of Chinese quotes in otherwise good English is
corrected here, deterministically, and the reply is then checked as usual: full-width ASCII forms
become ASCII, Chinese punctuation and quotes become their English counterparts (with the spaces
English puts around them), the ideographic space becomes a space. A fix must never add an error: the caller keeps the reply as it came when the fixed
one would hold markup (a link from brackets and parentheses, inline code from backticks) that the
source does not have.
"""

from __future__ import annotations

import re


_FULL_WIDTH_ASCII = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
"""U+FF01..U+FF5E, the full-width forms of ``!`` .. ``~``."""
_PUNCTUATION = {
    "\u3000": " ",  # ideographic space
    "，": ",", "、": ",", "。": ".", "；": ";", "：": ":", "！": "!", "？": "?",
    "“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"', "『": '"', "』": '"',
    "《": '"', "》": '"', "〈": '"', "〉": '"', "【": "[", "】": "]", "〔": "(", "〕": ")", "〖": "[", "〗": "]",
    "｡": ".", "､": ",", "｢": '"', "｣": '"',
}
FIXES: dict[str, str] = {**_FULL_WIDTH_ASCII, **_PUNCTUATION}
"""Character → its replacement."""
_FIXABLE_RE = re.compile("[" + re.escape("".join(FIXES)) + "]")
_OPENING = frozenset("“‘「『《〈｢【（〔〖")
_CLOSING = frozenset("”’」』》〉｣】）〕〗")
_SPACED = frozenset("，、。；：！？｡､")
"""Chinese marks English follows with a space when a word comes next (the Chinese ones carry none)."""


def fixable(text: str) -> bool:
    """Whether ``text`` holds anything ``fix`` would change."""
    return _FIXABLE_RE.search(text) is not None


def fix(text: str) -> str:
    """``text`` with the fixable characters replaced (see the module docstring).

    Placeholder tags (``<m1/>``, ``<l1>``) are plain ASCII, which no fix touches.
    """
    if not fixable(text):
        return text
    out: list[str] = []
    for n, char in enumerate(text):
        replacement = FIXES.get(char)
        if replacement is None:
            out.append(char)
            continue
        before = text[n - 1] if n else ""
        after = text[n + 1] if n + 1 < len(text) else ""
        if char in _OPENING and (before.isalnum() or before == ">"):
            out.append(" ")
        out.append(replacement)
        if (char in _SPACED or char in _CLOSING) and (after.isalnum() or after == "<"):
            out.append(" ")
    return "".join(out)

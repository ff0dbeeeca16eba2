"""How common a word is in general text, as a Zipf value: log10 of its occurrences per billion words.

Chinese words are looked up in jieba's dictionary counts, Latin words in wordfreq's English list. A
word neither knows has Zipf 0: nothing general about it, which is what names look like. Common words
(日志, server, key) and standard acronyms (API, CPU) are at 3 to 6.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

IDF_RARE = 14.0
"""An inverse document frequency about as high as jieba's table goes: a word in one document of a million."""
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9']*")


@dataclass(frozen=True, slots=True)
class Background:
    """Word frequencies of general Chinese and English text."""

    chinese: Mapping[str, float]
    """Chinese word → occurrences (any scale: divided by ``chinese_total``)."""
    chinese_total: float
    """The sum the Chinese counts are relative to."""
    english: Mapping[str, float]
    """Lowercase English word → share of all words (0 to 1)."""
    chinese_idf: Mapping[str, float] = field(default_factory=dict)
    """Chinese word → inverse document frequency (natural log): a second opinion on words the counts call rare."""

    def chinese_zipf(self, word: str) -> float:
        """The Zipf value of a Chinese word, the larger of its count's and its document frequency's; 0 for a word neither knows.

        jieba's dictionary gives some everyday words the lowest count (太多, 3) while they occur in a
        document in 750: its rarity table says so.
        """
        count = self.chinese.get(word, 0.0)
        zipf = max(0.0, math.log10(count / self.chinese_total) + 9) if count and self.chinese_total else 0.0
        idf = self.chinese_idf.get(word)
        return max(zipf, (IDF_RARE - idf) / 2) if idf is not None else zipf

    def english_zipf(self, term: str) -> float:
        """The Zipf value of a Latin term: of the whole term as one word, else of its rarest word (names make a term rare)."""
        whole = self.english.get(term.lower(), 0.0)
        if whole:
            return _zipf(whole)
        words = _WORD_RE.findall(term)
        if len(words) < 2:
            return 0.0
        return min(_zipf(self.english.get(word.lower(), 0.0)) for word in words)


def _zipf(share: float) -> float:
    return max(0.0, math.log10(share) + 9) if share else 0.0


def load_background(chinese: Mapping[str, int], chinese_idf: Mapping[str, float]) -> Background:
    """The background of jieba's dictionary counts and rarity table and wordfreq's large English list (offline)."""
    from wordfreq import get_frequency_dict

    english = get_frequency_dict("en", wordlist="large")
    return Background(chinese=chinese, chinese_total=float(sum(chinese.values())), english=english, chinese_idf=chinese_idf)


def load_english() -> Background:
    """A background of wordfreq's English list only, for telling how common the words of an English rendering are."""
    return load_background({}, {})

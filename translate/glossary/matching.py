"""Where glossary entries occur: their terms in Chinese source text, their renderings in English.

Latin spellings and renderings match on word boundaries ("Rust" not in "Rustacean"); a Chinese term
counts only where jieba puts a word boundary at both ends, and jieba is loaded only when needed.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..store.digest import digest
from ..source.cjk import HAN_OR_KANA, HAN_OR_KANA_RE
from ..source.protect import PLACEHOLDER_RE
from .entry import GlossaryEntry

_LATIN_WORD = f"[^\\W{HAN_OR_KANA}]"
"""A word character that is not Han or kana: Latin terms must not touch one on either side."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One way an English text fails a glossary entry."""

    entry: GlossaryEntry
    """The entry that is not obeyed."""
    forbidden: str
    """The forbidden rendering found, or "" when the expected rendering is missing."""

    @property
    def message(self) -> str:
        """A short human description."""
        if self.forbidden:
            return f"glossary: {self.entry.term} must not be rendered as {self.forbidden!r}"
        verb = "kept as" if self.entry.keep else "rendered as"
        return f"glossary: {self.entry.term} must be {verb} {self.entry.rendering!r}"


def violations(entries: Sequence[GlossaryEntry], english: str) -> list[str]:
    """Every way ``english`` (placeholders allowed) fails ``entries``, as short human strings."""
    return [v.message for v in find_violations(entries, english)]


def find_violations(entries: Sequence[GlossaryEntry], english: str) -> list[Violation]:
    """Entries whose rendering is missing from ``english`` or whose forbidden rendering is in it.

    A rendering is found on word boundaries; spaces inside it may be missing or be any whitespace
    ("VS Code" accepts "VSCode"); an English plural "s"/"es" may follow; a leading lowercase letter
    may be capitalised (sentence start); otherwise letter case must match unless ``ignore_case``.
    """
    clean = PLACEHOLDER_RE.sub(" ", english)
    found: list[Violation] = []
    for entry in entries:
        if entry.rendering and not rendering_pattern(entry.rendering, ignore_case=entry.ignore_case).search(clean):
            found.append(Violation(entry, ""))
        for bad in entry.forbidden:
            if rendering_pattern(bad, ignore_case=True, exact_spacing=True).search(clean):
                found.append(Violation(entry, bad))
    return found


_PATTERNS: dict[tuple[str, bool, bool], re.Pattern[str]] = {}


def rendering_pattern(rendering: str, *, ignore_case: bool = False, exact_spacing: bool = False) -> re.Pattern[str]:
    """The regular expression that accepts ``rendering`` and its spacing, plural and capital variants."""
    key = (rendering, ignore_case, exact_spacing)
    cached = _PATTERNS.get(key)
    if cached is not None:
        return cached
    body = (r"\s+" if exact_spacing else r"\s*").join(re.escape(part) for part in rendering.split())
    first = rendering[0]
    if not ignore_case and first.islower():
        body = f"[{first}{first.upper()}]" + body[len(re.escape(first)) :]
    if _is_word(first):
        body = f"(?<!{_LATIN_WORD})" + body
    last = rendering[-1]
    if last.isalpha() and not HAN_OR_KANA_RE.match(last):
        body += "(?:e?s)?"
    if _is_word(last):
        body += f"(?!{_LATIN_WORD})"
    pattern = re.compile(body, re.IGNORECASE if ignore_case else 0)
    _PATTERNS[key] = pattern
    return pattern


def _is_word(char: str) -> bool:
    """A letter or digit of an alphabetic script (Han characters do not form Latin words)."""
    return (char.isalnum() or char == "_") and not HAN_OR_KANA_RE.match(char)


class Matcher:
    """Finds approved entries in masked source text.

    Latin spellings match on word boundaries ("Rust" not in "Rustacean"). A Chinese spelling must be
    a whole word too, which only a word segmenter can tell: the text is cut with jieba, with the
    glossary's Chinese spellings added to its dictionary (at the frequency jieba suggests, so a term
    beats its own pieces but not a longer dictionary word), and an occurrence counts only where jieba
    puts a word boundary at both ends: 交大 is found in 交大的学弟 but not in 外交大臣. jieba costs
    about a second to load, so a regex over all spellings runs first and jieba is loaded (once per
    glossary) only when a Chinese spelling occurs as a substring. At one position the longest
    spelling wins ("TiDB Hackathon" over "TiDB").
    """

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self._order = {entry: n for n, entry in enumerate(entries)}
        exact = {s: e for e in entries if not e.ignore_case for s in e.spellings}
        folded = {s.lower(): e for e in entries if e.ignore_case for s in e.spellings}
        self._tables = [(t, _alternation(t, fold), fold) for t, fold in ((exact, False), (folded, True)) if t]
        self._starts: dict[str, list[str]] = {}
        for table, _, _ in self._tables:
            for spelling in sorted(table, key=len, reverse=True):
                self._starts.setdefault(spelling[0].lower(), []).append(spelling)
        self._han = sorted({s for t, _, _ in self._tables for s in t if HAN_OR_KANA_RE.search(s)})
        self._tokenizer: Any = None
        self.bounds_memo: MutableMapping[str, list[int]] | None = None
        """Where word boundaries found by jieba are remembered across runs (None: not at all)."""
        self._memo_prefix = digest("\n".join(self._han))

    def find(self, text: str) -> tuple[GlossaryEntry, ...]:
        """Entries whose term or an alias occurs in ``text`` as a whole word, in glossary order."""
        clean = PLACEHOLDER_RE.sub(" ", text)
        found: set[GlossaryEntry] = set()
        bounds: set[int] | None = None
        for table, regex, fold in self._tables:
            pos = 0
            while (match := regex.search(clean, pos)) is not None:
                i, pos = match.start(), match.start() + 1
                for spelling in self._starts[clean[i].lower()]:
                    j = i + len(spelling)
                    piece = clean[i:j].lower() if fold else clean[i:j]
                    if piece != spelling or spelling not in table:
                        continue
                    if (HAN_OR_KANA_RE.match(clean[i]) or HAN_OR_KANA_RE.match(clean[j - 1])) and bounds is None:
                        bounds = self._word_bounds(clean)
                    if self._whole(clean, i, j, bounds):
                        found.add(table[spelling])
                        pos = j
                        break
        return tuple(sorted(found, key=self._order.__getitem__))

    @staticmethod
    def _whole(text: str, i: int, j: int, bounds: set[int] | None) -> bool:
        """Whether text[i:j] starts and ends on word boundaries."""
        for inside, outside, edge in ((text[i], text[i - 1 : i], i), (text[j - 1], text[j : j + 1], j)):
            if HAN_OR_KANA_RE.match(inside):
                if bounds is None or edge not in bounds:
                    return False
            elif _is_word(inside) and outside and _is_word(outside):
                return False
        return True

    def _word_bounds(self, text: str) -> set[int]:
        key = None
        if self.bounds_memo is not None:
            # The boundaries depend on the text and on the Chinese spellings added to jieba.
            key = digest(f"{self._memo_prefix}\n{text}", size=64)
            remembered = self.bounds_memo.get(key)
            if remembered is not None:
                return set(remembered)
        bounds = self._jieba_bounds(text)
        if key is not None and self.bounds_memo is not None:
            self.bounds_memo[key] = sorted(bounds)
        return bounds

    def _jieba_bounds(self, text: str) -> set[int]:
        if self._tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict..." to stderr
            tokenizer = jieba.Tokenizer()
            for spelling in self._han:
                tokenizer.add_word(spelling)
            self._tokenizer = tokenizer
        bounds = {0}
        offset = 0
        for word in self._tokenizer.cut(text, HMM=True):
            offset += len(word)
            bounds.add(offset)
        return bounds


def _alternation(table: dict[str, GlossaryEntry], fold: bool) -> re.Pattern[str]:
    spellings = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in spellings), re.IGNORECASE if fold else 0)

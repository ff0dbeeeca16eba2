"""English renderings proposed for candidate terms from the author's own English (``parallel``).

For a term, take the paired sentences whose Chinese contains it; among the English word sequences
(one to four words) of their English, propose the one that goes with the term most consistently:
in most of those sentences and in few others (Dice's coefficient), written like a name (capitalised
inside a sentence, rare in general English), and not explained otherwise (copied from the Chinese,
or the rendering of a glossary entry that occurs in the same sentence).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..source.cjk import HAN_OR_KANA_RE
from .parallel import SentencePair
from .ranking import Candidate

MAX_WORDS = 4
"""The longest word sequence proposed."""
MIN_SHARE = 0.5
"""A rendering must occur in at least this share of the sentences whose Chinese has the term."""
MIN_DICE = 0.3
"""…and go with the term at least this consistently."""
SINGLE_EVIDENCE_KINDS = frozenset({"name", "new", "latin", "link", "code"})
"""One paired sentence is evidence enough for a candidate of these kinds (names); others need two."""
EDGE_WORDS = frozenset(
    "a an the and or of to in on at for with by from as is are was were be been it its this that these those "
    "we our you your i my he she they them his her their not no but so if then than also very more most "
    "has have had do does did will would can could should may might just about into over after before".split()
)
"""Words a name does not begin or end with."""
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-'.&][A-Za-z0-9]+)*")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?:;]\s+|[\"'(\[]\s*)$")


@dataclass(frozen=True, slots=True)
class Proposal:
    """An English rendering proposed for a term, and why."""

    english: str
    """The rendering."""
    support: int
    """Paired sentences whose Chinese has the term and whose English has the rendering."""
    seen: int
    """Paired sentences whose Chinese has the term."""
    where: str
    """One of the supporting pairs, as ``source:line ↔ english:line``."""
    score: float = 1.0
    """How strongly the rendering goes with the term (Dice's coefficient times how name-like and well placed it is)."""

    @property
    def evidence(self) -> str:
        """The proposal's evidence in words."""
        return f"in {self.support} of {self.seen} paired sentences, e.g. {self.where}"


def _no_words(source: str) -> Iterable[str]:
    return ()


def _rare(word: str) -> float:
    return 0.0


def span_counts(pairs: Iterable[SentencePair]) -> Counter[str]:
    """Word sequence → how many paired English sentences have it (the same sequence once a sentence)."""
    return Counter(span for pair in pairs for span in {span for span, _start, _capital in _spans(pair.english)})


def propose(spellings: Sequence[str], pairs: Sequence[SentencePair], *, everywhere: Mapping[str, int] | None = None,
            commonness: Callable[[str], float] = _rare, explained: Callable[[str], Iterable[str]] = _no_words,
            taken: Container[str] = frozenset()) -> Proposal | None:
    """The English that goes with the term written ``spellings`` in ``pairs``, or None.

    ``everywhere`` is ``span_counts(pairs)``, computed once for many terms; ``commonness`` gives an
    English word's Zipf value (common words make poor names); ``explained(source)`` gives renderings
    already accounted for in a Chinese sentence; ``taken`` renderings went to other terms.
    """
    if everywhere is None:
        everywhere = span_counts(pairs)
    having = [p for p in pairs if any(_contains(p.source, s) for s in spellings)]
    if not having:
        return None
    latin = [s for s in spellings if not HAN_OR_KANA_RE.search(s)]
    if latin:  # a Latin term is kept as the author's English spells it (case, plural aside), or not proposed
        kept = [m.group()[: len(s)] for p in having for s in latin for m in _word_pattern(s).finditer(p.english)]  # plural -s left out
        if len(kept) < MIN_SHARE * len(having):
            return None
        best = max(set(kept), key=lambda k: (kept.count(k), k))
        found_in = [p for p in having if _contains(p.english, best)]
        return Proposal(best, len(found_in), len(having), found_in[0].where) if found_in else None
    found: dict[str, set[int]] = {}
    capitalised: set[str] = set()
    closeness: dict[str, float] = {}  # span → best agreement of its place in the English with the term's in the Chinese
    for n, pair in enumerate(having):
        skip = {e.casefold() for e in explained(pair.source)}
        copied = {w.group().casefold() for w in _WORD_RE.finditer(pair.source)}
        at = expected_place(pair, min((i for i in (pair.source.find(s) for s in spellings) if i >= 0), default=0))
        for span, start, capital in _spans(pair.english):
            if span.casefold() in skip or span in taken or any(w.casefold() in copied for w in span.split()):
                continue
            found.setdefault(span, set()).add(n)
            closeness[span] = max(closeness.get(span, 0.0), 1 - abs(at - start) / max(1, len(pair.english)))
            if capital:
                capitalised.add(span)
    best_score, best_span = 0.0, ""
    for span, where in found.items():
        support, total = len(where), max(everywhere.get(span, 0), len(where))
        if support < MIN_SHARE * len(having) or (support < 2 and span not in capitalised):
            continue  # a plain word sequence seen once is no evidence
        dice = 2 * support / (len(having) + total)
        words = [w for w in span.split() if w.lower() not in EDGE_WORDS]
        common = sum(commonness(w) for w in words) / len(words)
        prior = (1.0 if span in capitalised else 0.6) * min(1.0, max(0.1, (6.5 - common) / 4)) * (0.5 + 0.5 * closeness[span])
        score = dice * prior * (1 + 0.05 * len(words))
        if dice >= MIN_DICE and (score, span) > (best_score, best_span):
            best_score, best_span = score, span
    if not best_span:
        return None
    supporting = sorted(found[best_span])
    return Proposal(best_span, len(supporting), len(having), having[supporting[0]].where, round(best_score, 4))


def expected_place(pair: SentencePair, at: int) -> float:
    """Where in the English the words at ``at`` in the Chinese should be: interpolated between the Latin words both share."""
    english_words = {m.group(): m.start() for m in reversed(list(_WORD_RE.finditer(pair.english)))}
    points = [(0, 0)]
    for word in _WORD_RE.finditer(pair.source):
        place = english_words.get(word.group())
        if place is not None and place >= points[-1][1] and word.start() >= points[-1][0]:
            points.append((word.start(), place))
    points.append((len(pair.source), len(pair.english)))
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if x0 <= at <= x1:
            return y0 + (y1 - y0) * ((at - x0) / (x1 - x0) if x1 > x0 else 0.0)
    return float(len(pair.english))


def with_renderings(candidates: Sequence[Candidate], pairs: Sequence[SentencePair], *, commonness: Callable[[str], float] = _rare,
                    explained: Callable[[str], Iterable[str]] = _no_words) -> list[Candidate]:
    """``candidates`` with a rendering from the author's English where one goes with them consistently."""
    if not pairs:
        return list(candidates)
    everywhere = span_counts(pairs)

    def best(candidate: Candidate, taken: Container[str] = frozenset()) -> Proposal | None:
        return propose((candidate.term, *candidate.aliases), pairs, everywhere=everywhere, commonness=commonness, explained=explained, taken=taken)

    # Competitive linking: an English name renders one Chinese term only, and the terms most like
    # names (ranked first) choose first; a sentence alone cannot tell two names in it apart.
    taken: set[str] = set()
    chosen: dict[str, Proposal] = {}
    for candidate in candidates:
        proposal: Proposal | None = best(candidate, taken)
        if proposal is not None and proposal.support < 2 and candidate.kind not in SINGLE_EVIDENCE_KINDS:
            proposal = None
        if proposal is not None:
            chosen[candidate.term] = proposal
            if HAN_OR_KANA_RE.search(candidate.term):
                taken.add(proposal.english)
    return [dataclasses.replace(c, rendering=p.english, origin="english", evidence=p.evidence) if (p := chosen.get(c.term)) else c
            for c in candidates]


def _spans(english: str) -> Iterable[tuple[str, int, bool]]:
    """Word sequences of ``english`` that could be a rendering, where each starts, and whether it is capitalised inside a sentence."""
    words = list(_WORD_RE.finditer(english))
    for i, first in enumerate(words):
        if first.group().lower() in EDGE_WORDS:
            continue
        inside = not _SENTENCE_START_RE.search(english[: first.start()])
        for j in range(i, min(i + MAX_WORDS, len(words))):
            last = words[j]
            if j > i and english[words[j - 1].end() : last.start()].strip() not in ("", "-"):
                break  # punctuation between words ends a name
            if last.group().lower() in EDGE_WORDS:
                continue
            span = english[first.start() : last.end()]
            yield span, first.start(), inside and all(w.group()[0].isupper() or w.group().lower() in EDGE_WORDS for w in words[i : j + 1])


def _contains(text: str, term: str) -> bool:
    if HAN_OR_KANA_RE.search(term):
        return term in text
    return _word_pattern(term).search(text) is not None


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _word_pattern(term: str) -> re.Pattern[str]:
    pattern = _PATTERNS.get(term)
    if pattern is None:
        pattern = _PATTERNS[term] = re.compile(rf"(?<![\w-]){re.escape(term)}(?:e?s)?(?![\w-])", re.I)
    return pattern

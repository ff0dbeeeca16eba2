"""Candidates ranked so that what needs a glossary entry comes first: names, then uncommon domain terms.

A candidate's score is the weight of its strongest evidence (a repository link, a Latin name in
Chinese text, a proper noun …), times how specific it is, times how often and in how many posts it
occurs. Specificity comes from background frequencies (``background``): a word common in general
text (日志, server, key) is generic vocabulary any model renders consistently, and a standard acronym
(API, CPU) even more so; a name (才云, TiKV, nerdctl) is rare in general text, or has a name's shape
(mixed case, digits). A Chinese name weighs more than a Latin one: its English is a choice, while a
Latin name is usually kept as is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..source.cjk import HAN_OR_KANA_RE
from .background import Background
from .evidence import Example
from .variants import Group

KIND_WEIGHTS: Mapping[str, float] = {"link": 3.0, "name": 2.4, "new": 2.2, "latin": 2.0, "code": 1.3, "term": 1.0}
"""Evidence kind → weight: a repository link names a project; a bare frequent noun is weakest."""
TAG_WEIGHTS: Mapping[str, float] = {"nr": 1.0, "nrt": 1.0, "nrfg": 1.0, "ns": 1.0, "nt": 1.0, "nz": 0.9, "j": 0.9, "n": 0.6, "vn": 0.4, "an": 0.4}
"""jieba tag of a Chinese word → weight: people, places and organisations first, plain nouns last."""
GENERIC_ENDINGS = frozenset("性者度率化法式型量感类")
"""Last characters of everyday abstract nouns that jieba sometimes tags as names (易用性, 贡献者, 长度)."""
GENERIC_HAN_RE = re.compile(r"(.)\1|^[太很真好最超]|[了的地得吗呢吧啊呀哦]$")
"""Everyday words jieba's dictionary tags as names: a repeated character (啊啊啊), an adverb first (太棒了), a particle last."""
GENERIC_LATIN_RE = re.compile(r"(.)\1\1", re.I)
"""Interjections written in Latin letters (emmmm, hhhhh)."""
PLACEHOLDER_KINDS = frozenset({"link", "code"})
"""Evidence found only inside masked markup, which the model never sees: a name it does not need an entry for."""
ACRONYM_ZIPF = 2.5
"""An all-capital word at least this common in English is a standard acronym or keyword (API, CPU, SELECT)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A term a reviewer may want in the glossary."""

    term: str
    """The source spelling proposed as the entry's term."""
    kind: str
    """The strongest evidence: ``link``, ``latin``, ``name``, ``new``, ``code`` or ``term``."""
    count: int
    """Occurrences in the posts' translatable text, all spellings together."""
    posts: tuple[str, ...]
    """The posts it occurs in, sorted."""
    score: float
    """Rank: higher is more useful."""
    specificity: float = 1.0
    """How likely it is a name or a term needing an entry (0.05 to 1), from background frequencies and its shape."""
    aliases: tuple[str, ...] = ()
    """Other spellings of the same thing found in the posts (case, short and full names)."""
    examples: tuple[Example, ...] = ()
    """Up to two occurrences in readable sentences, from different posts where possible."""
    rendering: str = ""
    """A proposed English rendering, "" when none."""
    origin: str = ""
    """Where ``rendering`` comes from: ``english`` (the author's English editions), ``model``, or ""."""
    evidence: str = ""
    """Why ``rendering`` is proposed, e.g. how many aligned English segments contain it."""

    @property
    def context(self) -> str:
        """The first example, as ``path:line: sentence``."""
        return str(self.examples[0]) if self.examples else ""


def rank(groups: Iterable[Group], background: Background) -> list[Candidate]:
    """Candidates from merged evidence, best first."""
    result = []
    for group in groups:
        tally = group.tally
        kind = max(tally.kinds, key=KIND_WEIGHTS.__getitem__)
        weight = KIND_WEIGHTS[kind] * (1.15 if len(tally.kinds) > 1 else 1.0)
        specific = specificity(group.term, tally.tag, background)
        weight *= specific
        if tally.kinds <= PLACEHOLDER_KINDS:
            weight *= 0.6
        if kind in ("name", "term", "code") and tally.count < 2:
            weight *= 0.6
        score = weight * (1 + math.log(tally.count)) * (1 + 0.5 * math.log(len(tally.posts)))
        result.append(Candidate(group.term, kind, tally.count, tuple(sorted(tally.posts)), round(score, 3), round(specific, 3),
                               aliases=group.aliases, examples=tuple(tally.examples)))
    result.sort(key=lambda c: (-c.score, -c.count, c.term))
    return result


def specificity(term: str, tag: str, background: Background) -> float:
    """How likely ``term`` needs an entry, 0.05 to 1, from how common it is in general text and its shape."""
    if HAN_OR_KANA_RE.search(term):
        zipf = background.chinese_zipf(term)
        value = _clamp((5.0 - zipf) / 3.0) * TAG_WEIGHTS.get(tag, 0.8)
        if GENERIC_HAN_RE.search(term):
            value *= 0.2
        return _clamp(value * (0.5 if term[-1] in GENERIC_ENDINGS else 1.0))
    zipf = background.english_zipf(term)
    value = LATIN_SHAPES[latin_shape(term)](_clamp((5.5 - zipf) / 3.5), zipf)
    return _clamp(value * (0.2 if GENERIC_LATIN_RE.search(term) else 1.0))


def _clamp(value: float) -> float:
    return min(1.0, max(0.05, value))


def latin_shape(term: str) -> str:
    """``acronym`` (API, TL;DR), ``mixed`` (TiDB, k8s, Node.js), ``phrase`` (Terry Tang), ``capital`` (Docker) or ``lower`` (runc)."""
    letters = re.sub(r"[^A-Za-z]", "", term)
    if letters.isupper() and " " not in term and not re.search(r"\d", term):
        return "acronym"
    if re.search(r"[a-z][A-Z]|\d|[-.+#_]\w", term):
        return "mixed"
    if " " in term and all(w[:1].isupper() for w in term.split()):
        return "phrase"
    return "capital" if term[:1].isupper() else "lower"


LATIN_SHAPES: Mapping[str, Callable[[float, float], float]] = {
    "acronym": lambda rare, zipf: rare * (0.5 if zipf >= ACRONYM_ZIPF else 1.0),
    "mixed": lambda rare, zipf: max(rare, 0.8),
    "phrase": lambda rare, zipf: max(rare, 0.7),
    "capital": lambda rare, zipf: rare,
    "lower": lambda rare, zipf: rare * 0.8,
}
"""Shape → specificity from (rarity in English, Zipf value): a mixed-case word is a name however common its letters."""


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """A candidate as a JSON-ready mapping."""
    return {
        "term": candidate.term,
        "aliases": list(candidate.aliases),
        "kind": candidate.kind,
        "count": candidate.count,
        "posts": list(candidate.posts),
        "score": candidate.score,
        "rendering": candidate.rendering,
        "origin": candidate.origin,
        "evidence": candidate.evidence,
        "examples": [str(e) for e in candidate.examples],
    }

"""Candidate glossary terms mined from Chinese posts, ranked so names come first (uses jieba)."""

from __future__ import annotations

import math
import re
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .protect import PLACEHOLDER_RE
from .segment import Segment

KIND_WEIGHTS = {"link": 3.0, "latin": 2.0, "new": 1.8, "name": 1.6, "code": 1.3, "term": 1.0}
"""Evidence kind → weight: a repository link names a project; a bare frequent noun is weakest."""
REPO_HOSTS = ("github.com", "gitlab.com", "gitee.com", "bitbucket.org", "pypi.org", "npmjs.com", "crates.io", "hub.docker.com", "pkg.go.dev")
PROPER_NOUN_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})
"""jieba part-of-speech tags of people, places, organisations, other proper nouns and abbreviations."""
NOUN_TAGS = frozenset({"n", "vn", "nz", "an"})
STOPWORDS = frozenset(
    "a an and are as at be but by can do for from has have if in into is it its no not of on or so "
    "than that the then this to up was we were will with you your i me my ok yes vs etc eg ie".split()
)
FUNCTION_CHARS = frozenset("的了着过在是和与及或我你他她它们这那就都也还又很被把让给对从到为以之而并但却所其个上下中里")
"""Single characters that are grammar, not pieces of an unknown name."""
_HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
_LATIN_RUN_RE = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.+#][A-Za-z0-9]+)*\+*(?: [A-Za-z][A-Za-z0-9]*(?:[-_.+#][A-Za-z0-9]+)*\+*)*")
_LINK_RE = re.compile(r"!?\[([^\]\n]{1,60})\]\(\s*<?([^)\s>]+)")
_CODE_NAME_RE = re.compile(r"`([A-Za-z][A-Za-z0-9.-]{1,30})`")


@dataclass(frozen=True, slots=True)
class Candidate:
    """A term a reviewer may want in the glossary."""

    term: str
    """The source spelling."""
    kind: str
    """The strongest evidence: ``link``, ``latin``, ``name``, ``new``, ``code`` or ``term``."""
    count: int
    """Occurrences in the posts' translatable text."""
    posts: tuple[str, ...]
    """The posts it occurs in, sorted."""
    context: str
    """One occurrence with its surroundings, as ``path:line: …text…``."""
    score: float
    """Rank: higher is more useful."""


@dataclass(slots=True)
class _Tally:
    kinds: set[str] = field(default_factory=set)
    count: int = 0
    posts: set[str] = field(default_factory=set)
    context: str = ""
    idf: float = 0.0


class _Miner:
    """Collects evidence per term over many segments."""

    def __init__(self, known: Container[str]) -> None:
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict..." to stderr
        jieba.initialize()
        self.cut = jieba.cut
        self.tagged_cut = jieba.posseg.cut
        self.tagged: dict[str, list[tuple[str, str]]] = {}
        self.freq: dict[str, int] = jieba.dt.FREQ
        self.tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
        self.idf = _load_idf()
        self.median_idf = sorted(self.idf.values())[len(self.idf) // 2] if self.idf else 10.0
        self.known = known
        self.tally: dict[str, _Tally] = {}

    def add(self, post: str, seg: Segment) -> None:
        text = PLACEHOLDER_RE.sub(" ", seg.text)
        for placeholder in seg.placeholders:
            self._placeholder(post, seg, placeholder.original)
        for run in _LATIN_RUN_RE.finditer(text):
            words = run.group().split(" ")
            if len(words) == 1 or (len(words) <= 3 and all(_latin_shape(w) >= 1.0 for w in words)):
                self._note(run.group(), "latin", post, seg, text, run.start())
            if len(words) > 1:
                for word in words:
                    self._note(word, "latin", post, seg, text, run.start())
        for han in _HAN_RUN_RE.finditer(text):
            words = [*self.cut(han.group(), HMM=True), "的"]  # a grammar word closes the last piece
            offset, pending = han.start(), 0  # pending: consecutive single characters that are not grammar
            for i, word in enumerate(words):
                if len(word) == 1 and word not in FUNCTION_CHARS:
                    pending += 1
                    offset += 1
                    continue
                if 2 <= pending <= 3:  # 才 云 may be one unknown name, 才云; the tagger needs a neighbour each side
                    window = "".join(words[max(0, i - pending - 1) : i + 1])
                    self._new_words(window, post, seg, text, offset - len(window) + len(word))
                pending = 0
                if len(word) >= 2 and self._han_word(word, post, seg, text, offset):
                    self._new_words(word, post, seg, text, offset)
                offset += len(word)

    def _new_words(self, piece: str, post: str, seg: Segment, text: str, at: int) -> None:
        """Words in ``piece`` that jieba's dictionary lacks, kept when its tagger calls them nouns.

        The tagger's HMM joins characters that plain cutting leaves apart (才云), and is a second
        opinion on words cutting invented (中写 falls apart); it is slow, so it sees only such
        short pieces, each distinct piece once.
        """
        words = self.tagged.get(piece)
        if words is None:
            words = [(p.word, p.flag) for p in self.tagged_cut(piece, HMM=True)]
            self.tagged[piece] = words
        for word, tag in words:
            if len(word) >= 2 and word not in self.freq and (tag in PROPER_NOUN_TAGS or tag == "n"):
                self._note(word, "new", post, seg, text, at + piece.find(word))

    def _placeholder(self, post: str, seg: Segment, original: str) -> None:
        link = _LINK_RE.match(original)
        if link and not _HAN_RUN_RE.search(link.group(1)):
            label, parts = link.group(1).strip().strip("`"), urlsplit(link.group(2).lstrip("(<"))
            host = parts.netloc.lower().removeprefix("www.")
            squashed = re.sub(r"[^a-z0-9]", "", label.lower())
            # A repository or profile page (github.com/owner[/repo]), or a product's own site.
            if (host in REPO_HOSTS and parts.path.strip("/").count("/") <= 1) or (len(squashed) > 2 and squashed in host.replace("-", "")):
                self._note(label, "link", post, seg, seg.text, 0)
            return
        code = _CODE_NAME_RE.fullmatch(original)
        if code and "_" not in code.group(1):
            self._note(code.group(1), "code", post, seg, seg.text, 0)

    def _han_word(self, word: str, post: str, seg: Segment, text: str, at: int) -> bool:
        """Note a dictionary word by its tag; True for a word jieba does not know (often a name: 才云)."""
        if word not in self.freq:
            return len(word) <= 4
        tag = self.tags.get(word, "")
        if tag in PROPER_NOUN_TAGS:
            self._note(word, "name", post, seg, text, at)
        elif tag in NOUN_TAGS:
            idf = self.idf.get(word, self.median_idf)
            if idf >= self.median_idf - 2.5:  # everyday nouns (时候, 问题) carry no glossary value
                self._note(word, "term", post, seg, text, at, idf=idf)
        return False

    def _note(self, term: str, kind: str, post: str, seg: Segment, text: str, at: int, *, idf: float = 0.0) -> None:
        term = term.strip()
        if not _worth(term) or term in self.known or term.lower() in self.known:
            return
        tally = self.tally.setdefault(term, _Tally())
        tally.kinds.add(kind)
        tally.count += 1
        tally.posts.add(post)
        tally.idf = idf or tally.idf
        if not tally.context:
            start = max(0, at - 30)
            tally.context = f"{post}:{seg.line}: {'…' if start else ''}{' '.join(text[start : at + len(term) + 30].split())}…"

    def candidates(self) -> list[Candidate]:
        result = []
        for term, tally in self.tally.items():
            kind = max(tally.kinds, key=KIND_WEIGHTS.__getitem__)
            weight = KIND_WEIGHTS[kind] * (1.15 if len(tally.kinds) > 1 else 1.0)
            if kind == "latin":
                weight *= _latin_shape(term)
            if kind == "term":
                weight *= tally.idf / (self.median_idf + 2.0)
            if kind == "name":  # jieba tags some everyday words as places (东西, 长度)
                weight *= min(1.0, max(0.5, self.idf.get(term, self.median_idf) / self.median_idf))
            if kind in ("name", "term", "code") and tally.count < 2:
                weight *= 0.6
            score = weight * (1 + math.log(tally.count)) * (1 + math.log(len(tally.posts)))
            result.append(Candidate(term, kind, tally.count, tuple(sorted(tally.posts)), tally.context, round(score, 3)))
        result.sort(key=lambda c: (-c.score, -c.count, c.term))
        return result


def _worth(term: str) -> bool:
    """Whether ``term`` can be a glossary entry at all (not a stop word, number or fragment)."""
    if len(term) < 2 or term.lower() in STOPWORDS or not any(c.isalpha() for c in term):
        return False
    if re.fullmatch(r"[A-Za-z]?\d[\w.]*|v\d[\w.]*|[0-9a-f]{7,}", term, re.I):  # versions, hashes
        return False
    return True


def _latin_shape(term: str) -> float:
    """Names are mixed-case, capitalised, hyphenated or have digits (TiDB, MLOps, k8s); plain words less so."""
    if re.search(r"[a-z][A-Z]|[A-Z]{2}|\d|-", term):
        return 1.2
    if term[0].isupper():
        return 1.0
    return 0.7


def _load_idf() -> dict[str, float]:
    """jieba's inverse document frequencies: how rare each word is in general Chinese text."""
    from importlib.resources import files

    idf: dict[str, float] = {}
    text = files("jieba.analyse").joinpath("idf.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, _, value = line.partition(" ")
        if value:
            idf[word] = float(value)
    return idf


def extract_terms(posts: Iterable[tuple[str, Sequence[Segment]]], *, known: Container[str] = frozenset()) -> list[Candidate]:
    """Candidate terms in ``posts`` ((name, segments) pairs) that are not ``known``, best first."""
    miner = _Miner(known)
    for name, segments in posts:
        for seg in segments:
            miner.add(name, seg)
    return miner.candidates()


def candidate_json(candidate: Candidate) -> dict[str, Any]:
    """A candidate as a JSON-ready mapping."""
    return {
        "term": candidate.term,
        "kind": candidate.kind,
        "count": candidate.count,
        "posts": list(candidate.posts),
        "context": candidate.context,
        "score": candidate.score,
    }

"""Candidate glossary terms mined from Chinese posts (uses jieba); ``variants`` merges them, ``ranking`` orders them."""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from ..source.cjk import HAN_IDEOGRAPHS
from ..source.protect import PLACEHOLDER_RE
from ..source.segment import Segment
from .evidence import Example, Tally, readable, sentence_with
from .ranking import Candidate, candidate_json, rank

if TYPE_CHECKING:
    from .background import Background

__all__ = ["Candidate", "candidate_json", "extract_terms", "extract_terms_from"]

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
_HAN_RUN_RE = re.compile(f"[{HAN_IDEOGRAPHS}]+")
"""A run of Chinese text to cut with jieba: Han ideographs only, compatibility ideographs and kana left out."""
_LATIN_RUN_RE = re.compile(r"[A-Z]{1,4};[A-Z]{1,4}\b|[A-Za-z][A-Za-z0-9]*(?:[-_.+#][A-Za-z0-9]+)*\+*(?: [A-Za-z][A-Za-z0-9]*(?:[-_.+#][A-Za-z0-9]+)*\+*)*")
_LINK_RE = re.compile(r"!?\[([^\]\n]{1,60})\]\(\s*<?([^)\s>]+)")
_CODE_NAME_RE = re.compile(r"`([A-Za-z][A-Za-z0-9.-]{1,30})`")
_PARALLEL_FROM = 16  # fewer posts are mined in this process: starting workers would cost more
Source = TypeVar("Source")
NamedPost = tuple[str, Sequence[Segment]]  # a post's name, as shown in contexts, and its segments


class _Miner:
    """Collects evidence per term over many segments."""

    def __init__(self, known: Container[str]) -> None:
        from .lexicon import Lexicon

        self.lexicon = lexicon = Lexicon()
        self.cut, self.freq, self.tags, self.idf, self.median_idf = lexicon.cut, lexicon.freq, lexicon.tags, lexicon.idf, lexicon.median_idf
        self.cuts: dict[str, list[str]] = {}
        self.tagged: dict[str, list[tuple[str, str]]] = {}
        self.known = known
        self.tally: dict[str, Tally] = {}
        self._shown: str | None = None  # the readable text of the segment being mined, made when first needed

    def add_post(self, post: str, segments: Sequence[Segment]) -> dict[str, Tally]:
        """Mine one post on its own and return its tallies (the miner keeps none)."""
        self.tally = {}
        for seg in segments:
            self.add(post, seg)
        tally, self.tally = self.tally, {}
        return tally

    def add(self, post: str, seg: Segment) -> None:
        text = PLACEHOLDER_RE.sub(" ", seg.text)
        self._shown = None
        for placeholder in seg.placeholders:
            self._placeholder(post, seg, placeholder.original)
        for run in _LATIN_RUN_RE.finditer(text):
            words = run.group().split(" ")
            whole = len(words) == 1 or (len(words) <= 3 and all(_latin_shape(w) >= 1.0 for w in words))
            if whole:
                self._note(run.group(), "latin", post, seg)
            if len(words) > 1:
                for n, word in enumerate(words, start=1):
                    self._note(word, "latin", post, seg, nested=whole and n == len(words))
        for han in _HAN_RUN_RE.finditer(text):
            cut = self.cuts.get(han.group())
            if cut is None:  # a third of the runs repeat (table cells, boilerplate)
                cut = self.cuts[han.group()] = [*self.cut(han.group(), HMM=True), "的"]  # a grammar word closes the last piece
            pending = 0  # consecutive single characters that are not grammar
            for i, word in enumerate(cut):
                if len(word) == 1 and word not in FUNCTION_CHARS:
                    pending += 1
                    continue
                if 2 <= pending <= 3:  # 才 云 may be one unknown name, 才云; the tagger needs a neighbour each side
                    self._new_words("".join(cut[max(0, i - pending - 1) : i + 1]), post, seg)
                pending = 0
                if len(word) >= 2 and self._han_word(word, post, seg):
                    self._new_words(word, post, seg)

    def _new_words(self, piece: str, post: str, seg: Segment) -> None:
        """Words in ``piece`` that jieba's dictionary lacks, kept when its tagger calls them nouns.

        The tagger's HMM joins characters that plain cutting leaves apart (才云), and is a second
        opinion on words cutting invented (中写 falls apart); it is slow, so it sees only such
        short pieces, each distinct piece once, and only the words its model makes up.
        """
        words = self.tagged.get(piece)
        if words is None:
            words = self.tagged[piece] = self.lexicon.hmm_words(piece)
        for word, tag in words:
            if len(word) >= 2 and word not in self.freq and (tag in PROPER_NOUN_TAGS or tag == "n"):
                self._note(word, "new", post, seg, tag=tag)

    def _placeholder(self, post: str, seg: Segment, original: str) -> None:
        link = _LINK_RE.match(original)
        if link and not _HAN_RUN_RE.search(link.group(1)):
            label, parts = link.group(1).strip().strip("`"), urlsplit(link.group(2).lstrip("(<"))
            host = parts.netloc.lower().removeprefix("www.")
            squashed = re.sub(r"[^a-z0-9]", "", label.lower())
            # A repository or profile page (github.com/owner[/repo]), or a product's own site.
            if (host in REPO_HOSTS and parts.path.strip("/").count("/") <= 1) or (len(squashed) > 2 and squashed in host.replace("-", "")):
                self._note(label, "link", post, seg)
            return
        code = _CODE_NAME_RE.fullmatch(original)
        if code and "_" not in code.group(1):
            self._note(code.group(1), "code", post, seg)

    def _han_word(self, word: str, post: str, seg: Segment) -> bool:
        """Note a dictionary word by its tag; True for a word jieba does not know (often a name: 才云)."""
        if word not in self.freq:
            return len(word) <= 4
        tag = self.tags.get(word, "")
        if tag in PROPER_NOUN_TAGS:
            self._note(word, "name", post, seg, tag=tag)
        elif tag in NOUN_TAGS:
            idf = self.idf.get(word, self.median_idf)
            if idf >= self.median_idf - 2.5:  # everyday nouns (时候, 问题) carry no glossary value
                self._note(word, "term", post, seg, idf=idf, tag=tag)
        return False

    def _note(self, term: str, kind: str, post: str, seg: Segment, *, idf: float = 0.0, tag: str = "", nested: bool = False) -> None:
        term = term.strip()
        if not _worth(term) or term in self.known or term.lower() in self.known:
            return
        tally = self.tally.setdefault(term, Tally())
        tally.kinds.add(kind)
        tally.count += 1
        tally.nested += nested
        tally.posts.add(post)
        tally.idf = idf or tally.idf
        tally.tag = tally.tag or tag
        if len(tally.examples) < 2 or tally.examples[0].post == tally.examples[-1].post != post:
            if self._shown is None:
                self._shown = readable(seg)
            tally.add_example(Example(post, seg.line, sentence_with(self._shown, term)))


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


def extract_terms(posts: Iterable[NamedPost], *, known: Container[str] = frozenset(), background: Background | None = None) -> list[Candidate]:
    """Candidate terms in ``posts`` ((name, segments) pairs) that are not ``known``, best first."""
    return extract_terms_from(posts, _as_read, warn=print, known=known, jobs=1, background=background)  # _as_read never skips


def extract_terms_from(
    sources: Iterable[Source],
    read: Callable[[Source], NamedPost | str],
    *,
    warn: Callable[[str], object],
    known: Container[str] = frozenset(),
    jobs: int | None = None,
    background: Background | None = None,
) -> list[Candidate]:
    """``extract_terms`` over ``read(source)`` for each source, in ``jobs`` processes.

    ``read`` returns a post, or a message why it is skipped; messages go to ``warn`` in this process.

    ``jobs`` defaults to one per CPU (at most 4), one for a few posts. Each post is mined on its own
    and the evidence is merged in the order of ``sources``, so the result does not depend on ``jobs``.
    With several jobs ``read`` must be picklable (a module-level function or a partial of one).
    ``background`` tells how common words are in general text (default: jieba's and wordfreq's tables).
    """
    import os
    from contextlib import ExitStack

    from ..workers import usable_cores

    global _worker
    if jobs is None:
        sources = list(sources)
        jobs = min(4, usable_cores()) if len(sources) >= _PARALLEL_FROM else 1
    miner = _Miner(known)
    _worker = (miner, read)  # workers forked below share the loaded dictionary
    tallies: dict[str, Tally] = {}
    try:
        with ExitStack() as stack:
            mined: Iterable[dict[str, Tally] | str] = map(_mine_in_worker, sources)
            if jobs > 1:
                import multiprocessing

                pool = stack.enter_context(multiprocessing.get_context().Pool(jobs, initializer=_start_worker, initargs=(os.getpid(), known, read)))
                mined = pool.imap(_mine_in_worker, sources, chunksize=4)
            for tally in mined:
                if isinstance(tally, str):
                    warn(tally)
                else:
                    _merge(tallies, tally)
    finally:
        _worker = None
    from .background import load_background
    from .variants import merge_variants

    groups = merge_variants(tallies, known=known, tag_of=lambda word: miner.tags.get(word, ""))
    return rank(groups, background or load_background(miner.freq, miner.idf))


_worker: tuple[_Miner, Callable[[Any], NamedPost | str]] | None = None
"""The miner of this process during extract_terms_from, and how to read a post."""


def _start_worker(parent: int, known: Container[str], read: Callable[[Any], NamedPost | str]) -> None:
    """Set up a pool worker: a spawned one (not forked) loads its own miner."""
    from ..workers import start_worker

    global _worker
    start_worker(parent)
    if _worker is None:
        _worker = (_Miner(known), read)


def _mine_in_worker(source: Any) -> dict[str, Tally] | str:
    assert _worker is not None
    miner, read = _worker
    post = read(source)
    return post if isinstance(post, str) else miner.add_post(*post)


def _as_read(post: NamedPost) -> NamedPost:
    return post


def _merge(tallies: dict[str, Tally], post: dict[str, Tally]) -> None:
    """Add one post's evidence, as if its segments had been mined after the earlier posts'."""
    for term, new in post.items():
        old = tallies.get(term)
        if old is None:
            tallies[term] = new
        else:
            old.absorb(new)

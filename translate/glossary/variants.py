"""Spellings of one thing merged into one candidate, and words jieba cut wrongly cut again.

- Letter case: ``docker`` and ``Docker``, ``opendal`` and ``OpenDAL``.
- Short and full names: ``才云科技`` / ``才云``, ``上海交通大学`` / ``上海交大`` / ``交大``.
- A word that almost only occurs as the last word of a longer name (``Lightning`` in ``TiDB Lightning``)
  is left out: on its own it is the generic word, and as an alias it would match everywhere.
- A new word that is a known term or another candidate with grammar stuck to it (``和小徐``): cut
  again with the known terms, its occurrences go to the term inside it, or are dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass

from ..source.cjk import HAN_OR_KANA_RE
from .evidence import Tally

EDGE_CHARS = frozenset("的了着过在是和与及或跟我你他她它们这那就都也还又很被把让给对从到为以之而并但却所其个上下中里会将能要可该各每此等条次种些时后前内外说")
"""Characters that, at either end of a word jieba's dictionary lacks, mark a bad cut: grammar, measure words."""
ORG_SUFFIXES: Mapping[str, str] = {
    "大学": "大", "学院": "院", "研究院": "院", "研究所": "所", "医院": "院", "中学": "中", "银行": "行",
    "科技有限公司": "", "有限公司": "", "科技": "", "公司": "", "集团": "", "网络": "", "软件": "", "信息": "", "工作室": "",
}
"""Suffix of an organisation's full name → the character its short name keeps of it (交通大学 → 交大; 才云科技 → 才云)."""
NAME_TAGS = frozenset({"", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j"})
"""jieba tags a short name may have ("" for a word the dictionary lacks): 交通 (a noun) is no short name of 交通大学."""
HEAD_SHARE = 0.7
"""A word is left out when at least this share of its occurrences is inside a longer Latin name it ends."""
TagOf = Callable[[str], str]
"""A word's jieba tag, "" when the dictionary lacks it."""


@dataclass(frozen=True, slots=True)
class Group:
    """Spellings of one thing and their evidence, added up."""

    term: str
    """The spelling proposed as the entry's term: the most frequent one."""
    aliases: tuple[str, ...]
    """The other spellings, most frequent first."""
    tally: Tally
    """The evidence of every spelling together."""


def merge_variants(tallies: Mapping[str, Tally], *, known: Container[str], tag_of: TagOf) -> list[Group]:
    """``tallies`` (spelling → evidence) as groups of spellings of one thing, bad cuts repaired; known terms' variants left out."""
    tallies = dict(tallies)
    _recut(tallies, known, tag_of)
    parent = {term: term for term in tallies}

    def root(term: str) -> str:
        while parent[term] != term:
            parent[term] = parent[parent[term]]
            term = parent[term]
        return term

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_case: dict[str, str] = {}
    for term in tallies:
        if not HAN_OR_KANA_RE.search(term):
            join(term, by_case.setdefault(term.casefold(), term))
    for term in list(tallies):
        for short in short_names(term, tag_of):
            if short in known:
                del tallies[term]
                break
            if short in tallies:
                join(short, term)
    for word in _latin_heads(tallies):
        del tallies[word]
    members: dict[str, list[str]] = {}
    for term in tallies:
        members.setdefault(root(term), []).append(term)
    groups = []
    for spellings in members.values():
        spellings.sort(key=lambda s: (-tallies[s].count, -("link" in tallies[s].kinds), s))
        total = Tally()
        for spelling in spellings:
            total.absorb(tallies[spelling])
        groups.append(Group(spellings[0], tuple(spellings[1:]), total))
    return groups


def short_names(term: str, tag_of: TagOf) -> set[str]:
    """The short names a Chinese organisation's full name may go by (上海交通大学 → 上海交大, 交大; 才云科技 → 才云)."""
    forms: set[str] = set()
    for suffix, kept in ORG_SUFFIXES.items():
        rest = term.removesuffix(suffix)
        if rest == term or len(rest) < 2:
            continue
        prefix = rest[:2] if len(rest) >= 4 and tag_of(rest[:2]) == "ns" else ""  # a city before the name: 上海交通
        for core in {rest, rest[len(prefix) :]}:
            if tag_of(core) in NAME_TAGS and tag_of(core) != "ns":  # 北京 is a city, not 北京大学
                forms.add(core)
            if kept:
                forms.update((core[0] + kept, prefix + core[0] + kept) if prefix and core != rest else (core[0] + kept,))
    forms.discard(term)
    return {form for form in forms if len(form) >= 2}


def _recut(tallies: dict[str, Tally], known: Container[str], tag_of: TagOf) -> None:
    """Give the occurrences of each bad cut (``和小徐``) to the known term or candidate inside it, or drop them."""
    for term in [t for t, tally in tallies.items() if "new" in tally.kinds and HAN_OR_KANA_RE.match(t)]:
        inner = _inner_term(term, tallies, known, tag_of)
        if inner is None:
            continue
        tally = tallies.pop(term)
        if inner and inner not in known:
            tallies.setdefault(inner, Tally()).absorb(tally)


def _inner_term(term: str, tallies: Mapping[str, Tally], known: Container[str], tag_of: TagOf) -> str | None:
    """The term inside a bad cut, "" when only grammar and dictionary words are in it, None when it is no bad cut."""
    for size in range(len(term) - 1, 1, -1):
        for start in range(len(term) - size + 1):
            inner, left, right = term[start : start + size], term[:start], term[start + size :]
            if (inner in known or inner in tallies) and _filler(left, tag_of) and _filler(right, tag_of):
                return inner
    core = term  # grammar stuck to either end, unless it starts or ends a dictionary word there (上 in 上海交大)
    while core and core[0] in EDGE_CHARS and not tag_of(core[:2]):
        core = core[1:]
    while core and core[-1] in EDGE_CHARS and not tag_of(core[-2:]):
        core = core[:-1]
    if core == term:
        return None
    if len(core) < 2 or tag_of(core):
        return ""
    return core


def _filler(text: str, tag_of: TagOf) -> bool:
    """Whether ``text``, beside a term in a bad cut, is grammar or a dictionary word that is no name (上海 in 上海交大 is part of the name)."""
    return not text or all(c in EDGE_CHARS for c in text) or tag_of(text) not in NAME_TAGS


def _latin_heads(tallies: Mapping[str, Tally]) -> set[str]:
    """Spellings of single Latin words that mostly occur as the last word of a longer name (any letter case)."""
    inside: dict[str, list[int]] = {}  # casefolded word → [occurrences, of which the last word of a longer name]
    for term, tally in tallies.items():
        if " " not in term and not HAN_OR_KANA_RE.search(term):
            counts = inside.setdefault(term.casefold(), [0, 0])
            counts[0] += tally.count
            counts[1] += tally.nested
    heads = {word for word, (total, last) in inside.items() if last >= HEAD_SHARE * total}
    return {term for term in tallies if term.casefold() in heads}

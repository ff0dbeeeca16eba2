"""jieba's Chinese lexicon, loaded once: word cutting, each word's frequency, tag and rarity (idf),
and the words its part-of-speech tagger invents for text the dictionary lacks.

``jieba.posseg.cut`` cuts a piece by the dictionary, then runs a hidden Markov model over each
stretch of single characters that is not itself a dictionary word; only that model yields words the
dictionary lacks (才云). Its Viterbi search tries every state pair, almost all of them transitions
the model does not have, and takes a millisecond per character: most of ``glossary extract``.
:func:`hmm_words` follows only the transitions that exist and returns the same words with the same
tags (the scores are added in the same order and ties broken the same way).
"""

from __future__ import annotations

import re
from typing import Any

from ..source.cjk import JIEBA_HAN

_HAN_RE = re.compile(f"[{JIEBA_HAN}]+")
"""What jieba.posseg treats as Han; other text is cut by jieba itself."""


class Lexicon:
    """jieba's dictionary, rarity table and part-of-speech model (loading them takes a second or two)."""

    def __init__(self) -> None:
        import logging

        import jieba
        import jieba.posseg
        from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
        from jieba.posseg.viterbi import MIN_FLOAT

        jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict..." to stderr
        jieba.initialize()
        self.cut = jieba.cut
        """jieba.cut: text → words."""
        self.freq: dict[str, int] = jieba.dt.FREQ
        """Dictionary word → frequency."""
        self.tags: dict[str, str] = jieba.posseg.dt.word_tag_tab
        """Dictionary word → part-of-speech tag."""
        self.idf = _load_idf()
        """Word → inverse document frequency: how rare it is in general Chinese text."""
        self.median_idf = sorted(self.idf.values())[len(self.idf) // 2] if self.idf else 10.0
        """The typical rarity, for words missing from ``idf``."""
        self._dictionary = jieba.dt
        self._posseg_cut = jieba.posseg.cut
        self._model: tuple[Any, ...] = (char_state_tab_P, start_P, trans_P, emit_P)
        self._min = MIN_FLOAT

    def hmm_words(self, piece: str) -> list[tuple[str, str]]:
        """(word, tag) for each word ``jieba.posseg.cut(piece)`` takes from its model, in order.

        A piece with characters beyond the common Han block gets every word jieba gives.
        """
        if not _HAN_RE.fullmatch(piece):
            return [(p.word, p.flag) for p in self._posseg_cut(piece, HMM=True)]
        dictionary = self._dictionary
        route: dict[int, tuple[float, int]] = {}
        dictionary.calc(piece, dictionary.get_DAG(piece), route)
        words: list[tuple[str, str]] = []
        start = x = 0
        while True:  # a stretch of single characters ends at a longer word or the end
            end = route[x][1] + 1 if x < len(piece) else x + 2
            if end - x > 1:
                stretch = piece[start:x]
                if len(stretch) > 1 and not dictionary.FREQ.get(stretch):
                    words += _decode(stretch, self._viterbi(stretch))
                if x >= len(piece):
                    return words
                start = end
            x = end

    def _viterbi(self, chars: str) -> list[tuple[str, str]]:
        """The best (position, tag) state per character: jieba.posseg.viterbi's route."""
        states, start_p, trans_p, emit_p = self._model
        every = tuple(trans_p)
        score = {y: start_p[y] + emit_p[y].get(chars[0], self._min) for y in states.get(chars[0], every)}
        links: list[dict[Any, Any]] = [dict.fromkeys(score, "")]
        for char in chars[1:]:
            reachable = set().union(*(trans_p[y0] for y0 in score))
            allowed = reachable.intersection(states.get(char, every)) or reachable
            if not allowed:  # a dead end jieba handles its own way
                from jieba.posseg.viterbi import viterbi

                return list(viterbi(chars, states, start_p, trans_p, emit_p)[1])
            emit = {y: emit_p[y].get(char, self._min) for y in allowed}
            best: dict[Any, tuple[float, Any]] = {}
            for y0, before in score.items():
                for y, p in trans_p[y0].items():
                    if y in emit:
                        candidate = (before + p + emit[y], y0)
                        old = best.get(y)
                        if old is None or candidate > old:
                            best[y] = candidate
            score = {y: c[0] for y, c in best.items()}
            links.append({y: c[1] for y, c in best.items()})
        state = max((v, y) for y, v in score.items())[1]
        path = [state] * len(chars)
        for i in range(len(chars) - 1, 0, -1):
            state = links[i][state]
            path[i - 1] = state
        return path


def _decode(chars: str, path: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Words from B(egin)/M(iddle)/E(nd)/S(ingle) states, as jieba.posseg does it."""
    words = []
    begin = after = 0
    for i, (position, tag) in enumerate(path):
        if position == "B":
            begin = i
        elif position == "E":
            words.append((chars[begin : i + 1], tag))
            after = i + 1
        elif position == "S":
            words.append((chars[i], tag))
            after = i + 1
    if after < len(chars):
        words.append((chars[after:], path[after][1]))
    return words


def _load_idf() -> dict[str, float]:
    """jieba's inverse document frequencies (the table jieba.analyse uses for keywords)."""
    from importlib.resources import files

    # files("jieba.analyse") would import that package, which parses this file once more.
    text = (files("jieba") / "analyse" / "idf.txt").read_text(encoding="utf-8")
    fields = text.split()  # "word value" a line; a word out of step fails float()
    return dict(zip(fields[0::2], map(float, fields[1::2])))

"""Mask inline markup as placeholders the model carries over; restore and verify them.

Placeholders look like XML tags, which models keep reliably and may move within a sentence:
``<m3/>`` stands for one protected element (inline code, a URL, an HTML tag, a Liquid tag, ...),
``<l2>…</l2>`` wraps a link or image text that is translated while its destination is protected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import PlaceholderError
from . import cjk

PLACEHOLDER_RE = re.compile(r"<(/?)([ml])(\d+)\s*(/?)>")
_URL_CHAR = f"[^\\s<>\"'`{cjk.BARE_URL_END}]"
"""A character a bare URL may contain."""
BARE_URL_RE = re.compile(f"(?:https?|ftp)://{_URL_CHAR}+|www\\.[A-Za-z0-9-]+\\.{_URL_CHAR}+")
_WIDE_RE = re.compile(f"[{cjk.WIDE}]")
_GLUE_RE = re.compile(r"[!-/:-@\[-`{-~]*")
"""ASCII punctuation that may sit between two protected elements and be protected with them."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """One token in masked text and the exact source text it stands for."""

    token: str
    """The token as it appears in the masked text, e.g. ``<m1/>`` or ``</l2>``."""
    original: str
    """The source text restored in its place."""


@dataclass(frozen=True, slots=True)
class Span:
    """A protected region of inline source text, as found by the parser."""

    start: int
    """Offset of the first protected character."""
    end: int
    """Offset after the last protected character."""
    inner_start: int = -1
    """For a link or image: offset of its text; -1 for an element protected whole."""
    inner_end: int = -1
    """For a link or image: offset after its text."""
    close: str | None = None
    """For a link or image: what its closing placeholder stands for when not the source after its text.

    A shortcut or collapsed reference (``[文档]``, ``[文档][]``) is found by its text, so once the
    text is translated the link must name its label: ``][文档]``.
    """


def needs_translation(text: str) -> bool:
    """Whether ``text`` contains Chinese (or Japanese) characters."""
    return cjk.HAN_OR_KANA_RE.search(text) is not None


def prose_needs_translation(masked: str) -> bool:
    """Whether masked text has Chinese outside its placeholders."""
    return needs_translation(PLACEHOLDER_RE.sub("", masked))


def mask(content: str, spans: Iterable[Span], *, soft_breaks: bool = True) -> tuple[str, tuple[Placeholder, ...]]:
    """Replace protected spans of ``content`` with placeholders; join soft line breaks."""
    out: list[str] = []
    placeholders: list[Placeholder] = []
    pos = 0
    for start, end, token, original in _events(content, spans):
        out.append(_plain(content[pos:start], soft_breaks))
        out.append(token)
        placeholders.append(Placeholder(token, content[start:end] if original is None else original))
        pos = end
    out.append(_plain(content[pos:], soft_breaks))
    return "".join(out), tuple(placeholders)


def _events(content: str, spans: Iterable[Span]) -> list[tuple[int, int, str, str | None]]:
    """Protected regions in order, each with its placeholder token.

    A link whose text has Chinese becomes an opening and a closing region around its text;
    any other span is protected whole. Spans inside a protected one are dropped, bare URLs
    in the remaining text are added, and neighbours glued by ASCII punctuation are merged.
    """
    regions: list[tuple[int, int, int]] = []  # (start, end, link number or 0 for atomic)
    closes: dict[int, str] = {}  # link number -> what its closing placeholder stands for, if not its source
    covered_end = -1
    links = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < covered_end:
            continue
        if span.inner_start >= 0 and needs_translation(content[span.inner_start : span.inner_end]):
            links += 1
            regions.append((span.start, span.inner_start, links))
            regions.append((span.inner_end, span.end, -links))
            if span.close is not None:
                closes[links] = span.close
        else:
            regions.append((span.start, span.end, 0))
            covered_end = span.end
    regions.extend(_loose_matches(content, regions))
    regions.sort()
    merged: list[tuple[int, int, int]] = []
    for region in regions:
        if merged and region[2] == 0 and merged[-1][2] == 0:
            gap = content[merged[-1][1] : region[0]]
            if _GLUE_RE.fullmatch(gap):
                merged[-1] = (merged[-1][0], region[1], 0)
                continue
        merged.append(region)
    events: list[tuple[int, int, str, str | None]] = []
    atoms = 0
    for start, end, link in merged:
        if link == 0:
            # Brackets stuck to a protected element (a broken link's ``[`` and ``)``) go with it.
            while start > 0 and content[start - 1] in "[(" and (not events or events[-1][1] < start):
                start -= 1
            while end < len(content) and content[end] in ")]" and not _starts_region(merged, end):
                end += 1
            atoms += 1
            events.append((start, end, f"<m{atoms}/>", None))
        elif link > 0:
            events.append((start, end, f"<l{link}>", None))
        else:
            events.append((start, end, f"</l{-link}>", closes.get(-link)))
    return events


def _starts_region(regions: Sequence[tuple[int, int, int]], offset: int) -> bool:
    return any(start == offset for start, _, _ in regions)


def _loose_matches(content: str, regions: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Bare URLs and placeholder look-alikes in text no region covers."""
    covered = [(start, end) for start, end, _ in regions]
    extra: list[tuple[int, int, int]] = []
    for pattern in (BARE_URL_RE, PLACEHOLDER_RE):
        for match in pattern.finditer(content):
            start, end = match.start(), match.end()
            if pattern is BARE_URL_RE:
                end = start + len(trim_url(match.group()))
            if not any(s < end and start < e for s, e in covered):
                extra.append((start, end, 0))
                covered.append((start, end))
    return extra


def trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets, as GFM autolinks do."""
    while url:
        last = url[-1]
        if last in ".,:;!?*_~'\"":
            url = url[:-1]
        elif last == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif last == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


_SOFT_BREAK_RE = re.compile(r"[ \t]*\n[ \t]*")


def _plain(text: str, soft_breaks: bool) -> str:
    """Text between placeholders; a soft line break becomes a space, or nothing between CJK."""
    if not soft_breaks or "\n" not in text:
        return text

    def joiner(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() > 0 else ""
        after = text[match.end()] if match.end() < len(text) else ""
        return "" if _WIDE_RE.match(before) and _WIDE_RE.match(after) else " "

    return _SOFT_BREAK_RE.sub(joiner, text)


def placeholder_problems(text: str, placeholders: Sequence[Placeholder]) -> list[str]:
    """Every way ``text`` fails to carry each placeholder exactly once and in a sane order."""
    expected = {p.token for p in placeholders}
    seen: dict[str, int] = {}
    order: list[str] = []
    problems: list[str] = []
    for match in PLACEHOLDER_RE.finditer(text):
        token = _canonical(match)
        if token not in expected:
            problems.append(f"invented placeholder {match.group()}")
            continue
        seen[token] = seen.get(token, 0) + 1
        order.append(token)
    for placeholder in placeholders:
        count = seen.get(placeholder.token, 0)
        if count == 0:
            problems.append(f"missing placeholder {placeholder.token}")
        elif count > 1:
            problems.append(f"placeholder {placeholder.token} appears {count} times")
    for placeholder in placeholders:
        if placeholder.token.startswith("<l") and placeholder.token in order:
            close = "</" + placeholder.token[1:]
            if close in order and order.index(close) < order.index(placeholder.token):
                problems.append(f"placeholder {close} comes before {placeholder.token}")
    return problems


def _canonical(match: re.Match[str]) -> str:
    slash, kind, number, selfclose = match.groups()
    if kind == "m":
        return f"<m{number}/>"
    return f"<{slash}l{number}>"


def restore(text: str, placeholders: Sequence[Placeholder]) -> str:
    """Put the original source back for every placeholder; raise if any is lost or invented."""
    if not placeholders and "<" not in text:
        return text  # nothing to restore and nothing that could be an invented placeholder
    problems = placeholder_problems(text, placeholders)
    if problems:
        raise PlaceholderError("; ".join(problems))
    originals: Mapping[str, str] = {p.token: p.original for p in placeholders}
    return PLACEHOLDER_RE.sub(lambda m: originals[_canonical(m)], text)


def split_placeholders(text: str) -> list[tuple[bool, str]]:
    """``text`` as (is_placeholder, piece) pairs, for edits that must leave placeholders alone."""
    pieces: list[tuple[bool, str]] = []
    pos = 0
    for match in PLACEHOLDER_RE.finditer(text):
        if match.start() > pos:
            pieces.append((False, text[pos : match.start()]))
        pieces.append((True, match.group()))
        pos = match.end()
    if pos < len(text):
        pieces.append((False, text[pos:]))
    return pieces

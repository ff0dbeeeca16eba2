"""Term-valued front matter fields (a text, or a list of texts): find each value's span, write new values in place.

The list-valued counterpart of ``fields``: a YAML flow list (``tags: [记录, "随笔"]``, which may
span lines), a YAML block list (``- 记录`` lines under ``tags:``), a TOML array (``tags = ["记录"]``)
or a single text. Only the items' own spans are replaced, each in its original quoting style when
that style can hold the new text (``fields.ENCODERS``); brackets, commas, spacing, comments and
line breaks stay as they were, so a list stays a list and a flow list stays a flow list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from .fields import ENCODERS, field_pattern, locate_scalar
from .post import Post, count_lines, parse_post

_BLOCK_ITEM_RE = re.compile(r"([ \t]*)-[ \t]+([^\r\n]*)")
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
_SKIPPED_LINE_RE = re.compile(r"[ \t]*(?:#[^\r\n]*)?(?:\r\n|\r|\n)")
"""A blank or comment-only line, which may sit between the items of a block list."""


@dataclass(frozen=True, slots=True)
class TermItem:
    """One text of a term field and where its source text lies."""

    value: str
    """The parsed text."""
    start: int
    """Offset of its first character in the post text (its opening quote, if quoted)."""
    end: int
    """Offset after it (its closing quote, if quoted)."""
    style: str
    """How a new value is written there: a key of ``fields.ENCODERS``."""


@dataclass(frozen=True, slots=True)
class TermValue:
    """A term field of a post: its texts, in order, with their spans."""

    key: str
    """The field name."""
    line: int
    """1-based line of the field in the post."""
    is_list: bool
    """Whether the value is a list (else a single text)."""
    items: tuple[TermItem, ...]
    """Its texts with their spans, in order."""

    @property
    def values(self) -> tuple[str, ...]:
        """The texts, in order."""
        return tuple(item.value for item in self.items)


def term_values(post: Post, keys: Sequence[str]) -> Iterator[TermValue | str]:
    """For each of ``keys`` holding a text or a list of texts: its spans, or the field name when they cannot be found.

    Fields that are absent, empty or of another type are left out (``terms.usage`` names those in warnings).
    """
    fm = post.front_matter
    if fm is None:
        return
    for key in keys:
        value = fm.data.get(key)
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else None
        if not texts or not all(isinstance(t, str) for t in texts) or (isinstance(value, str) and not value.strip()):
            continue
        match = field_pattern(fm.kind, key).search(post.text, fm.start, fm.end)
        if match is None:
            yield key
            continue
        line = count_lines(post.text, match.start()) + 1
        if isinstance(value, str):
            located = locate_scalar(match.group("value"), value, fm.kind)
            if located is None:
                yield key
                continue
            offset, length, style = located
            start = match.start("value") + offset
            yield TermValue(key, line, False, (TermItem(value, start, start + length, style),))
            continue
        spans = _item_spans(post.text, match.start("value"), fm.end, fm.kind)
        items = _located(post.text, spans, texts, fm.kind) if spans is not None else None
        yield key if items is None else TermValue(key, line, True, items)


def _located(text: str, spans: Sequence[tuple[int, int]], texts: Sequence[str], kind: str) -> tuple[TermItem, ...] | None:
    """Each span's scalar, which must parse to the text at its place; None if they do not line up."""
    if len(spans) != len(texts):
        return None
    items = []
    for (start, end), value in zip(spans, texts):
        located = locate_scalar(text[start:end], value, kind)
        if located is None or located[1] != end - start:
            return None
        items.append(TermItem(value, start + located[0], start + located[0] + located[1], located[2]))
    return tuple(items)


def _item_spans(text: str, at: int, end: int, kind: str) -> list[tuple[int, int]] | None:
    """The spans of a list's items, the list's value starting at ``at``; None for a shape this module does not write."""
    if text.startswith("[", at):
        return _flow_items(text, at, end, kind)
    skipped = _SKIPPED_LINE_RE.match(text, at) if kind == "yaml" else None
    return _block_items(text, skipped.end(), end) if skipped else None


def _block_items(text: str, pos: int, end: int) -> list[tuple[int, int]] | None:
    """The spans of the ``- item`` lines from ``pos``, the line after the field's (blank and comment lines may sit between them)."""
    spans: list[tuple[int, int]] = []
    indent: str | None = None
    while pos < end:
        item = _BLOCK_ITEM_RE.match(text, pos, end)
        if item is not None and (indent is None or item.group(1) == indent):
            indent = item.group(1)
            raw = item.group(2)
            start = item.start(2)
            # The scalar, without a trailing comment or spaces: locate_scalar confirms it.
            spans.append((start, start + _scalar_length(raw)))
            pos = item.end()
            newline = _NEWLINE_RE.match(text, pos)
            pos = newline.end() if newline else pos
            continue
        blank = _SKIPPED_LINE_RE.match(text, pos, end)
        if blank is None:
            break
        pos = blank.end()
    return spans or None


def _scalar_length(raw: str) -> int:
    """The length of a one-line scalar without its trailing comment and spaces."""
    if raw[:1] in ("'", '"'):
        pattern = r"'(?:[^']|'')*'" if raw[0] == "'" else r'"(?:[^"\\]|\\.)*"'
        quoted = re.match(pattern, raw)
        return quoted.end() if quoted else len(raw)
    plain = re.match(r"(?:[^#]|(?<=\S)#)*", raw)
    return len(plain.group().rstrip(" \t")) if plain else len(raw)


def _flow_items(text: str, at: int, end: int, kind: str) -> list[tuple[int, int]] | None:
    """The spans of the items of a ``[a, "b"]`` list starting at ``at`` (it may span lines); None if nested or unclosed."""
    spans: list[tuple[int, int]] = []
    first = last = -1  # the current item's first significant character, and the offset after its last
    pos = at + 1
    while pos < end:
        char = text[pos]
        if char in "\"'":
            closing = _closing_quote(text, pos, end, kind)
            if closing is None:
                return None
            first, last = (pos if first < 0 else first), closing
            pos = closing
            continue
        if char == "#" and (kind == "toml" or text[pos - 1] in " \t\r\n"):
            newline = _NEWLINE_RE.search(text, pos, end)
            pos = newline.start() if newline else end
            continue
        if char in "[{":
            return None
        if char in ",]":
            if first >= 0:
                spans.append((first, last))
            if char == "]":
                return spans
            first = last = -1
        elif char not in " \t\r\n":
            first, last = (pos if first < 0 else first), pos + 1
        pos += 1
    return None


def _closing_quote(text: str, at: int, end: int, kind: str) -> int | None:
    """The offset after the string that opens at ``at``; None if it is not closed."""
    quote = text[at]
    pos = at + 1
    while pos < end:
        char = text[pos]
        if char == "\\" and quote == '"':
            pos += 2
            continue
        if char == quote:
            if quote == "'" and kind == "yaml" and text.startswith("''", pos):
                pos += 2
                continue
            return pos + 1
        pos += 1
    return None


def with_term_values(text: str, values: Mapping[str, Sequence[str]]) -> str | None:
    """``text`` (a whole post) with each field of ``values`` given new texts in place; None when one cannot be written.

    ``values`` holds, for each field, as many texts as it has now (one for a single text).
    """
    post = parse_post(text.encode("utf-8"))
    edits: list[tuple[int, int, str]] = []
    for found in term_values(post, list(values)):
        if isinstance(found, str) or len(found.items) != len(values[found.key]):
            return None
        edits.extend((item.start, item.end, ENCODERS[item.style](new)) for item, new in zip(found.items, values[found.key]))
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    return text

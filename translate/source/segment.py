"""Body → blocks → segments with exact source spans; ``join`` splices translations back in.

Only the spans of translatable text are ever replaced; every other byte of the post is copied,
so an identity translation reproduces the file exactly.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import PostError
from . import protect
from .fields import ENCODERS, field_values
from .htmltext import html_texts
from .markdown import LIQUID_INLINE_RE, MAX_NESTING, NestedTooDeep, SpanRecorder, parse
from .post import Post
from .protect import Placeholder, Span, mask, needs_translation

DEFAULT_FIELDS = ("title", "description", "excerpt", "summary")
_EOL_RE = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_RE = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_BLOCK_START_RE = re.compile(r"(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)|#{1,6}(?=[ \t]|$)|>|```|~~~|=+[ \t]*$")


@dataclass(frozen=True, slots=True)
class Segment:
    """One piece of translatable text of a post."""

    id: str
    """Position in the post, ``"1"`` for the first segment; unique within the post."""
    kind: str
    """What it is: ``paragraph``, ``heading``, ``cell``, ``html``, ``attr`` or ``field``."""
    line: int
    """1-based line of the post where it starts, for messages."""
    start: int
    """Offset in the post text where its source begins."""
    end: int
    """Offset in the post text where its source ends."""
    text: str
    """The masked source text sent to the model."""
    placeholders: tuple[Placeholder, ...]
    """The placeholders in ``text`` and what they stand for."""
    style: str = "markdown"
    """How a translation is written back: see ``WRITERS``."""
    continuation: str = ""
    """Prefix for continuation lines (blockquote markers, list indentation)."""
    eol: str = "\n"
    """The line ending used where a translation spans lines."""


class LineIndex:
    """Line starts and line ends of a text, with markdown-it's notion of a line break."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.ends: list[int] = []
        for match in _EOL_RE.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))

    def line_of(self, offset: int) -> int:
        """0-based line containing ``offset``."""
        return bisect.bisect_right(self.starts, offset) - 1

    def eol(self, line: int) -> str:
        """The line ending of ``line`` ("" for the last line)."""
        return self.text[self.ends[line] : self.starts[line + 1]] if line + 1 < len(self.starts) else "\n"


class SourceMap:
    """Maps offsets in a block's content (container prefixes removed) to offsets in the post."""

    def __init__(self, content_starts: list[int], leads: list[int], post_starts: list[int]) -> None:
        self.content_starts = content_starts
        self.leads = leads
        self.post_starts = post_starts

    def __call__(self, pos: int) -> int:
        i = bisect.bisect_right(self.content_starts, pos) - 1
        return self.post_starts[i] + max(0, pos - self.content_starts[i] - self.leads[i])


def locate(content: str, lines: LineIndex, first: int, *, column: int | None = None) -> SourceMap | None:
    """Where each line of ``content`` lies in the post, starting at post line ``first``; None if lost.

    With ``column`` (table cells), the content is the first match at or after that column.
    """
    content_starts: list[int] = []
    leads: list[int] = []
    post_starts: list[int] = []
    offset = 0
    text = lines.text
    for i, piece in enumerate(content.split("\n")):
        k = first + i
        if k >= len(lines.ends):
            return None
        line_start = lines.starts[k] + (column if column is not None and i == 0 else 0)
        line = text[line_start : lines.ends[k]]
        core = piece.strip(" \t")
        lead = len(piece) - len(piece.lstrip(" \t"))
        if core:
            trimmed = line.rstrip(" \t")
            if column is not None:
                col = line.find(core)
            elif trimmed.endswith(core):
                col = len(trimmed) - len(core)
            else:
                col = line.rfind(core)
            if col < 0:
                return None
        else:
            col = len(line)
        content_starts.append(offset)
        leads.append(lead)
        post_starts.append(line_start + col)
        offset += len(piece) + 1
    return SourceMap(content_starts, leads, post_starts)


@dataclass
class _Context:
    post: Post
    lines: LineIndex
    base: int
    spans: SpanRecorder
    all_text: bool
    structure_only: bool = False
    drafts: list[dict[str, Any]] = field(default_factory=list)
    row: tuple[int, int] = (-1, 0)

    def wanted(self, masked: str) -> bool:
        return bool(masked.strip()) and (self.all_text or protect.prose_needs_translation(masked))

    def add(self, *, kind: str, start: int, end: int, text: str, placeholders: tuple[Placeholder, ...], style: str) -> None:
        line = self.lines.line_of(start)
        prefix = self.post.text[self.lines.starts[line] : start]
        continuation = re.sub(r"[^>\s]", " ", prefix) if style == "markdown" else ""
        self.drafts.append(
            dict(kind=kind, line=line + 1, start=start, end=end, text=text, placeholders=placeholders,
                 style=style, continuation=continuation, eol=self.lines.eol(line))
        )


def _inline(ctx: _Context, token: Any, kind: str, style: str, *, column: int | None = None, opener: Any = None) -> None:
    content = token.content
    line_map = token.map or (opener.map if opener is not None else None)
    if not content.strip() or line_map is None:
        return
    if column is None and not ctx.all_text and not needs_translation(content):
        return  # masking only removes text, so nothing here can need translating
    first = ctx.base + line_map[0]
    # markdown-it unescapes ``\|`` in table cells; every ``|`` left in a cell was written ``\|``.
    escaped = content.replace("|", "\\|") if column is not None and "|" in content else content
    source = locate(escaped, ctx.lines, first, column=column)
    if source is None:
        return  # markdown-it changed the text in another way: leave the block verbatim
    placeholders: tuple[Placeholder, ...] = ()
    if ctx.structure_only:
        masked = content
    else:
        masked, placeholders = mask(content, ctx.spans.get(id(token.children), []))
    if escaped is not content:
        placeholders = tuple(Placeholder(p.token, p.original.replace("|", "\\|")) for p in placeholders)
    if ctx.wanted(masked):
        ctx.add(kind=kind, start=source(0), end=source(len(escaped)), text=masked, placeholders=placeholders, style=style)
    if column is not None:
        ctx.row = (first, source(len(escaped)) - ctx.lines.starts[first])


def _paragraph(ctx: _Context, tokens: Sequence[Any], i: int) -> None:
    _inline(ctx, tokens[i + 1], "paragraph", "markdown", opener=tokens[i])


def _heading(ctx: _Context, tokens: Sequence[Any], i: int) -> None:
    _inline(ctx, tokens[i + 1], "heading", "line", opener=tokens[i])


def _cell(ctx: _Context, tokens: Sequence[Any], i: int) -> None:
    token = tokens[i + 1]
    if token.map is None:
        return
    line = ctx.base + token.map[0]
    column = ctx.row[1] if ctx.row[0] == line else 0
    _inline(ctx, token, "cell", "cell", column=column)


def _html_block(ctx: _Context, tokens: Sequence[Any], i: int) -> None:
    token = tokens[i]
    content = token.content
    if not ctx.all_text and not needs_translation(content):
        return
    source = locate(content.rstrip("\n"), ctx.lines, ctx.base + token.map[0])
    if source is None:
        return
    for start, end, style in html_texts(content):
        piece = content[start:end]
        spans = [Span(m.start(), m.end()) for m in LIQUID_INLINE_RE.finditer(piece)]
        masked, placeholders = mask(piece, spans)
        if ctx.wanted(masked):
            kind = "html" if style == "html" else "attr"
            ctx.add(kind=kind, start=source(start), end=source(end), text=masked, placeholders=placeholders, style=style)


BLOCKS: dict[str, Callable[[_Context, Sequence[Any], int], None]] = {
    "paragraph_open": _paragraph,
    "heading_open": _heading,
    "th_open": _cell,
    "td_open": _cell,
    "html_block": _html_block,
}
"""Block token type → the function that finds its segments; blocks not listed stay verbatim."""


def segment(post: Post, *, fields: Sequence[str] = DEFAULT_FIELDS, math: bool = False, all_text: bool = False,
            structure_only: bool = False, parsed: dict[str, Any] | None = None) -> list[Segment]:
    """The translatable segments of ``post`` in source order (all text segments if ``all_text``).

    With ``structure_only`` inline markup is not parsed nor masked: the segments have the right
    kinds and spans but their text is the raw content; a quick way to compare block structures.
    ``parsed``, when given, receives the parse itself: the body's ``tokens`` and markdown-it's ``env``.
    """
    lines = LineIndex(post.text)
    body = post.text[post.body_start :]
    base = lines.line_of(post.body_start)
    env: dict[str, Any] = {}
    try:
        tokens, spans = parse(body, math=math, inline=not structure_only, env=env)
    except NestedTooDeep as exc:
        raise PostError(f"lists or blockquotes nested too deep for the parser ({MAX_NESTING} levels, a list counting 2): "
                        "this text would stay untranslated; flatten the nesting",
                        path=post.path, line=base + exc.line + 1) from exc
    ctx = _Context(post=post, lines=lines, base=base, spans=spans, all_text=all_text, structure_only=structure_only)
    for value in field_values(post, fields):
        piece_spans = [Span(m.start(), m.end()) for m in LIQUID_INLINE_RE.finditer(value.value)]
        masked, placeholders = mask(value.value, piece_spans)
        if ctx.wanted(masked):
            ctx.add(kind="field", start=value.start, end=value.end, text=masked, placeholders=placeholders, style=value.style)
    for i, token in enumerate(tokens):
        handler = BLOCKS.get(token.type)
        if handler is not None and (token.map is not None or token.type != "html_block"):
            handler(ctx, tokens, i)
    ctx.drafts.sort(key=lambda d: d["start"])
    if parsed is not None:
        parsed.update(tokens=tokens, env=env)
    return [Segment(id=str(n), **draft) for n, draft in enumerate(ctx.drafts, start=1)]


def _outside_placeholders(text: str, edit: Callable[[str], str]) -> str:
    if "<" not in text:
        return edit(text)
    return "".join(piece if is_token else edit(piece) for is_token, piece in protect.split_placeholders(text))


def _write_markdown(segment: Segment, text: str) -> str:
    text = protect.restore(_outside_placeholders(text, _one_line), segment.placeholders).strip()
    match = _BLOCK_START_RE.match(text)
    if match:  # the English must not turn a paragraph into a list item, heading or quote
        text = text[: match.end() - 1] + "\\" + text[match.end() - 1 :] if text[0].isdigit() else "\\" + text
    return text.replace("\n", segment.eol + segment.continuation)


def _write_line(segment: Segment, text: str) -> str:
    return protect.restore(_outside_placeholders(text, _one_line), segment.placeholders).strip().replace("\n", " ")


def _write_html(segment: Segment, text: str) -> str:
    # A "<" in translated text would open a tag inside the HTML block.
    escaped = _outside_placeholders(text, lambda s: _one_line(s).replace("<", "&lt;"))
    return protect.restore(escaped, segment.placeholders).strip().replace("\n", " ")


def _write_cell(segment: Segment, text: str) -> str:
    escaped = _outside_placeholders(text, lambda s: _one_line(s).replace("|", "\\|"))
    return protect.restore(escaped, segment.placeholders).strip().replace("\n", " ")


def _write_attr(quote: str, entity: str) -> Callable[[Segment, str], str]:
    def write(segment: Segment, text: str) -> str:
        escaped = _outside_placeholders(text, lambda s: _one_line(s).replace(quote, entity))
        return protect.restore(escaped, segment.placeholders).strip()

    return write


def _write_field(segment: Segment, text: str) -> str:
    return ENCODERS[segment.style](protect.restore(_one_line(text), segment.placeholders).strip())


def _one_line(text: str) -> str:
    if "\n" not in text and "\r" not in text:
        return text  # most translations: no regex needed
    return _LINE_BREAK_RE.sub(" ", text)


WRITERS: dict[str, Callable[[Segment, str], str]] = {
    "markdown": _write_markdown,
    "line": _write_line,
    "cell": _write_cell,
    "html": _write_html,
    "attr-double": _write_attr('"', "&quot;"),
    "attr-single": _write_attr("'", "&#39;"),
    **{style: _write_field for style in ENCODERS},
}
"""Segment style → how a translated, masked text becomes source text at the segment's span."""


def render(segment: Segment, translation: str) -> str:
    """The source text that replaces ``segment``'s span for ``translation``; raises on bad placeholders."""
    if translation == segment.text:
        raise ValueError("identity translation keeps the original text; see join()")
    return WRITERS[segment.style](segment, translation)


_MAY_START_BLOCK_RE = re.compile(r"[ \t]*[<\[#>\-+*=_`~|{:0-9]")
_STRUCTURE_PROBES: dict[str, tuple[str, str]] = {
    "paragraph": ("", "paragraph_open"),
    "heading": ("# ", "heading_open"),
}
"""Segment kind → (prefix, block token) a rendered first line must parse as, on its own."""


def structure_problems(segment: Segment, translation: str) -> list[str]:
    """Ways the rendered ``translation`` would change the post's block structure (e.g. open an HTML block)."""
    probe = _STRUCTURE_PROBES.get(segment.kind)
    if probe is None:
        return []
    first_line = render(segment, translation).split(segment.eol, 1)[0]
    if not _MAY_START_BLOCK_RE.match(first_line):
        return []  # only these characters can open a block other than a paragraph
    try:
        tokens, _ = parse(probe[0] + first_line + "\n", inline=False)
    except NestedTooDeep:
        return [f"the translation would turn the {segment.kind} into blocks nested too deep; rephrase its start"]
    types = [t.type for t in tokens]
    if types[:1] != [probe[1]] or types.count("inline") != 1:
        return [f"the translation would turn the {segment.kind} into {types[0] if types else 'nothing'}; rephrase its start"]
    return []


def join(text: str, segments: Sequence[Segment], translations: Mapping[str, str], *, kept: Mapping[str, str] | None = None,
         rendered: dict[str, str] | None = None, spans: dict[str, tuple[int, int]] | None = None) -> str:
    """``text`` with each translated segment spliced in at its span; the rest byte-identical.

    ``kept`` gives, per segment id, English source text to put in verbatim (text kept from an
    existing English post, hand edits included); it wins over ``translations``. ``rendered``, when
    given, receives the text spliced in for each segment id that got one; ``spans`` receives where
    every segment ends up in the result (start and end offsets), spliced in or not.
    """
    kept = kept or {}
    pieces: list[str] = []
    pos = 0
    shift = 0  # how much longer the result is than ``text`` so far
    for seg in sorted(segments, key=lambda s: s.start):
        if seg.id in kept:
            replacement = kept[seg.id]
        else:
            translation = translations.get(seg.id)
            if translation is None or translation == seg.text:
                if spans is not None:
                    spans[seg.id] = (seg.start + shift, seg.end + shift)
                continue
            replacement = render(seg, translation)
        pieces.append(text[pos : seg.start])
        pieces.append(replacement)
        if rendered is not None:
            rendered[seg.id] = replacement
        if spans is not None:
            spans[seg.id] = (seg.start + shift, seg.start + shift + len(replacement))
        shift += len(replacement) - (seg.end - seg.start)
        pos = seg.end
    pieces.append(text[pos:])
    return "".join(pieces)

"""Every link destination of a post, with exact offsets, so the writer can rewrite some of them.

One parse with the project's markdown-it parser finds what CommonMark makes a link (inline links
and images, reference definitions, autolinks); raw HTML ``href`` attributes and the generators'
link tags (Jekyll ``post_url``/``link``, Hugo ``ref``/``relref``, Hexo ``post_link``/``post_path``)
are read from the HTML and Liquid the parser keeps whole (``tag_links``). Front matter, code, math,
HTML comments and Liquid code pairs (``{% raw %}``, ``{% highlight %}``, ``{% comment %}`` …) are never
searched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.common.utils import normalizeReference
from markdown_it.helpers import parseLinkDestination, parseLinkTitle

from ..source.markdown import LIQUID_INLINE_RE, SpanRecorder, parser
from ..source.post import BOM, LINE_START
from ..source.protect import BARE_URL_RE, Span
from ..source.segment import LineIndex, SourceMap, locate
from .tag_links import Found, code_regions, html_links, inside, liquid_led_destinations, tag_end, tag_links


@dataclass(frozen=True, slots=True)
class Link:
    """One link destination as written in a post."""

    start: int
    """Offset in the post text of its first character (inside ``<>`` or quotes, if any)."""
    end: int
    """Offset after its last character: ``text[start:end]`` is the destination exactly as written."""
    kind: str
    """The syntax it is written in: a key of ``KINDS``."""
    line: int
    """1-based line of the post where it starts."""


KINDS: Mapping[str, str] = {
    "inline": "[text](dest) or ![alt](dest); also [text]({{ site.url }}/path), a link once Jekyll renders Liquid",
    "reference": "a reference definition, [label]: dest",
    "autolink": "<scheme:…> or <name@host>",
    "bare": "a URL in plain text that GFM renderers turn into a link",
    "html": 'an href attribute in raw HTML: href="dest", href=\'dest\' or href=dest',
    "post_url": "Jekyll {% post_url NAME %}",
    "link": "Jekyll {% link PATH %}",
    "ref": 'Hugo {{< ref "PATH" >}}, {{% ref %}} or path="PATH"',
    "relref": 'Hugo {{< relref "PATH" >}}, {{% relref %}} or path="PATH"',
    "post_link": "Hexo {% post_link NAME [title] %}",
    "post_path": "Hexo {% post_path NAME %}",
}
"""Link kind → the syntax it stands for."""

_FRONT_MATTER_OPEN_RE = re.compile(r"(---|\+\+\+)[ \t]*(?:\r\n|\r|\n)")
_FRONT_MATTER_CLOSE_RE = {
    "---": re.compile(LINE_START + r"(?:---|\.\.\.)[ \t]*(?:\r\n|\r|\n|\Z)"),
    "+++": re.compile(LINE_START + r"\+\+\+[ \t]*(?:\r\n|\r|\n|\Z)"),
}
_AUTOLINK_RE = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9+.\-]{1,31}:[^<>\x00-\x20]*"
    r"|[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)>"
)
"""CommonMark's autolinks (URI or email); markdown-it tries them before raw HTML, so any other ``<…>`` span is HTML."""
_DEFINITION_PREFIX_RE = re.compile(r"[ \t]*(?:>[ \t]*)*")
"""What precedes a continuation line of a reference definition: indentation and blockquote markers."""
_BARE_URL_TAIL_RE = re.compile(r"(?:[?!.,:*_~\\]|&[A-Za-z0-9]+;)+$")
"""Punctuation and entity references GFM drops from the end of a bare URL."""
_BARE_URL_DOMAIN_RE = re.compile(r"(?:[a-z]+://)?[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
"""A bare URL GFM links has a domain with at least one period (and starts a word: checked apart)."""


def find_links(text: str, *, math: bool = False) -> list[Link]:
    """Every link destination in a post's full text (front matter and code excluded), in order."""
    body_start = _body_start(text)
    env: dict[str, Any] = {"spans": {}}
    tokens = parser(math=math, every_link=True).parse(text[body_start:], env)
    return links_in(text, body_start, tokens, env)


def links_in(text: str, body_start: int, tokens: Sequence[Any], env: Mapping[str, Any]) -> list[Link]:
    """The link destinations of a post already parsed: its full ``text``, where its body starts, the body's tokens and environment.

    A parse that validates links (the segmenter's) leaves out destinations markdown-it refuses
    (``javascript:``…), which lead to no post.
    """
    lines = LineIndex(text)
    notes = env.get("footnotes", {}).get("list", {})
    scan = _Scan(text=text, lines=lines, base=lines.line_of(body_start), spans=env["spans"], notes=notes)
    for i, token in enumerate(tokens):
        handler = BLOCKS.get(token.type)
        if handler is not None:
            handler(scan, tokens, i)
    definitions = [(label, ref) for label, ref in env.get("references", {}).items()]
    definitions += [(ref["label"], ref) for ref in env.get("duplicate_refs", [])]
    for label, ref in definitions:
        _definition(scan, label, ref)
    return _innermost([Link(start, end, kind, lines.line_of(start) + 1) for start, end, kind in sorted(scan.found)])


def replace_links(text: str, new: Mapping[Link, str]) -> str:
    """``text`` with each given link's destination replaced; every other byte unchanged."""
    pieces: list[str] = []
    pos = 0
    for link in sorted(new, key=lambda link: link.start):
        if link.start < pos or link.end > len(text):
            raise ValueError(f"link at line {link.line} overlaps another or lies outside the text")
        pieces += [text[pos : link.start], new[link]]
        pos = link.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _body_start(text: str) -> int:
    """Where the Markdown starts: after the BOM and the front matter, as ``read_post`` splits them."""
    start = 1 if text.startswith(BOM) else 0
    opened = _FRONT_MATTER_OPEN_RE.match(text, start)
    if opened is None:
        return start
    closed = _FRONT_MATTER_CLOSE_RE[opened.group(1)].search(text, opened.end())
    return closed.end() if closed is not None else start


def _innermost(links: list[Link]) -> list[Link]:
    """``links`` without those holding another, e.g. the ``href`` around a ``{% post_url %}``."""
    kept = []
    for link, after in zip(links, [*links[1:], None]):
        if after is None or after.start >= link.end or after.end > link.end:
            kept.append(link)
    return kept


@dataclass
class _Scan:
    """What the block handlers share while one post is searched."""

    text: str
    lines: LineIndex
    base: int
    spans: SpanRecorder
    notes: Mapping[int, Any]
    found: list[Found] = field(default_factory=list)
    row: tuple[int, int] = (-1, 0)

    def add(self, source: Callable[[int], int], found: Iterator[Found]) -> None:
        self.found += [(source(start), source(end), kind) for start, end, kind in found]


# --- blocks -----------------------------------------------------------------------------------


def _paragraph(scan: _Scan, tokens: Sequence[Any], i: int) -> None:
    _inline(scan, tokens[i + 1])


def _cell(scan: _Scan, tokens: Sequence[Any], i: int) -> None:
    token = tokens[i + 1]
    if token.map is not None:
        line = scan.base + token.map[0]
        _inline(scan, token, column=scan.row[1] if scan.row[0] == line else 0)


def _inline(scan: _Scan, token: Any, *, column: int | None = None) -> None:
    content: str = token.content
    if not content.strip() or token.map is None:
        return
    first = scan.base + token.map[0]
    # markdown-it unescapes ``\|`` in table cells; every ``|`` left in a cell was written ``\|``.
    escaped = content.replace("|", "\\|") if column is not None and "|" in content else content
    located = locate(escaped, scan.lines, first, column=column)
    if located is None:
        return
    source = located if escaped is content else _after_unescaping(located, content)
    scan.add(source, _inline_links(content, token.children or [], scan, bare=True))
    if column is not None:
        scan.row = (first, source(len(content)) - scan.lines.starts[first])


def _after_unescaping(source: SourceMap, content: str) -> Callable[[int], int]:
    """``source`` for offsets in ``content``, whose ``|`` each stand for ``\\|`` in the post."""
    return lambda pos: source(pos + content.count("|", 0, pos))


def _html_block(scan: _Scan, tokens: Sequence[Any], i: int) -> None:
    if tokens[i].map is None:
        return
    content: str = tokens[i].content.rstrip("\n")
    source = locate(content, scan.lines, scan.base + tokens[i].map[0])
    if source is not None:
        scan.add(source, html_links(content))


def _liquid_block(scan: _Scan, tokens: Sequence[Any], i: int) -> None:
    token = tokens[i]
    if token.map is None or token.map[1] - token.map[0] > 1:
        return  # a {% raw %}/{% highlight %}-like pair over lines: code
    content: str = token.content.rstrip("\n")
    source = locate(content, scan.lines, scan.base + token.map[0])
    if source is not None:
        tags = [(m.start(), m.end()) for m in LIQUID_INLINE_RE.finditer(content)]
        scan.add(source, tag_links(content, tags))


BLOCKS: Mapping[str, Callable[[_Scan, Sequence[Any], int], None]] = {
    "paragraph_open": _paragraph,
    "heading_open": _paragraph,
    "th_open": _cell,
    "td_open": _cell,
    "html_block": _html_block,
    "liquid_block": _liquid_block,
}
"""Block token type → the function that finds its links; blocks not listed (code, math) hold none."""


def _definition(scan: _Scan, label: str, ref: Mapping[str, Any]) -> None:
    """Add the destination of the definition of ``label`` that markdown-it read on the lines ``ref["map"]``.

    markdown-it keeps no tokens for definitions, so their text is rebuilt as its reference rule
    reads it: from the ``[`` on the first line, and after the container prefix on the others.
    """
    first, last = (scan.base + n for n in ref["map"])
    text, lines = scan.text, scan.lines
    rest = [_continuation_start(text, lines.starts[k], lines.ends[k]) for k in range(first + 1, last)]
    opening = text.find("[", lines.starts[first], lines.ends[first])
    while opening >= 0:
        starts = [opening, *rest]
        content = "\n".join(text[start : lines.ends[k]] for k, start in enumerate(starts, start=first))
        found = _definition_destination(content, label, ref["href"])
        if found is not None:
            offsets = [0]
            for piece_start, k in zip(starts, range(first, last - 1)):
                offsets.append(offsets[-1] + lines.ends[k] - piece_start + 1)
            source = SourceMap(offsets, [0] * len(starts), starts)
            scan.found.append((source(found[0]), source(found[1]), "reference"))
            return
        opening = text.find("[", opening + 1, lines.ends[first])


def _continuation_start(text: str, start: int, end: int) -> int:
    """Where the text of a continuation line of a definition starts, after its container prefix."""
    match = _DEFINITION_PREFIX_RE.match(text, start, end)
    return match.end() if match is not None else start


def _definition_destination(content: str, label: str, href: str) -> tuple[int, int] | None:
    """(start, end) of the destination in ``content`` if it starts with the definition of ``label`` to ``href``."""
    pos = 1
    while pos < len(content) and content[pos] not in "[]":
        pos += 2 if content[pos] == "\\" else 1
    if content[pos : pos + 2] != "]:" or normalizeReference(content[1:pos]) != label:
        return None
    pos += 2
    while pos < len(content) and content[pos] in " \t\n":
        pos += 1
    result = parseLinkDestination(content, pos, len(content))
    if not result.ok or parser(every_link=True).normalizeLink(result.str) != href:
        return None
    return (pos + 1, result.pos - 1) if content[pos] == "<" else (pos, result.pos)


# --- inline -----------------------------------------------------------------------------------


def _inline_links(src: str, children: Sequence[Any], scan: _Scan, *, bare: bool) -> Iterator[Found]:
    """Links in inline ``src``, parsed into ``children``; bare URLs too where ``bare``."""
    recorded = sorted(scan.spans.get(id(children), []), key=lambda span: span.start)
    images = iter([child for child in children if child.type == "image"])
    # A tag that starts a link destination is recorded with the rest of the destination: keep the tag alone.
    tags = [(span.start, tag_end(src, span.start, span.end)) for span in recorded if src[span.start] == "{"]
    code = code_regions(src, tags)
    found: list[Found] = []
    for span in recorded:
        if span.inner_start >= 0:
            if src[span.start] == "!":
                alt = src[span.inner_start : span.inner_end]
                nested = _inline_links(alt, next(images).children or [], scan, bare=False)
                found += [(span.inner_start + start, span.inner_start + end, kind) for start, end, kind in nested]
            destination = _inline_destination(src, span)
            if destination is not None:
                found.append((*destination, "inline"))
        elif src[span.start] == "<":
            if _AUTOLINK_RE.fullmatch(src, span.start, span.end):
                found.append((span.start + 1, span.end - 1, "autolink"))
            else:
                found += [(span.start + s, span.start + e, kind) for s, e, kind in html_links(src[span.start : span.end])]
    notes = list(_inline_footnotes(src, children, recorded, scan.notes))
    for at, note in notes:
        nested = _inline_links(note["content"], note["tokens"], scan, bare=bare)
        found += [(at + start, at + end, kind) for start, end, kind in nested]
    found += tag_links(src, tags)
    found += liquid_led_destinations(src, tags)
    if bare:
        noted = [Span(at - 2, at + len(note["content"]) + 1) for at, note in notes]
        found += _bare_urls(src, sorted([*recorded, *noted], key=lambda span: span.start))
    yield from (link for link in found if not inside(link[0], code))


def _inline_footnotes(
    src: str, children: Sequence[Any], recorded: Sequence[Span], notes: Mapping[int, Any]
) -> Iterator[tuple[int, Any]]:
    """(offset of its text, note) of each inline footnote ``^[…]`` in ``src``, parsed apart by the footnote plugin."""
    pos = 0
    for child in children:
        note = notes.get(child.meta.get("id", -1), {}) if child.type == "footnote_ref" else {}
        if "tokens" not in note:
            continue
        written = "^[" + note["content"] + "]"
        at = src.find(written, pos)
        while at >= 0 and any(span.start <= at < span.end for span in recorded):
            at = src.find(written, at + 1)
        if at < 0:
            return
        yield at + 2, note
        pos = at + len(written)


def _inline_destination(src: str, span: Span) -> tuple[int, int] | None:
    """(start, end) of the destination of an inline link ``[…](dest "title")``; None for a reference link."""
    pos = span.inner_end + 1
    if pos >= span.end or src[pos] != "(":
        return None
    pos = _skip_space(src, pos + 1, span.end)
    result = parseLinkDestination(src, pos, span.end)
    if not result.ok:  # markdown-it makes a link with an empty destination if ")" follows
        return (pos, pos) if pos == span.end - 1 and src[pos] == ")" else None
    start, end = (pos + 1, result.pos - 1) if src[pos] == "<" else (pos, result.pos)
    after = _skip_space(src, result.pos, span.end)
    title = parseLinkTitle(src, after, span.end)
    if after > result.pos and title.ok:
        after = _skip_space(src, title.pos, span.end)
    return (start, end) if after == span.end - 1 and src[after] == ")" else None


def _skip_space(src: str, pos: int, end: int) -> int:
    while pos < end and src[pos] in " \t\n":
        pos += 1
    return pos


def _bare_urls(src: str, recorded: Sequence[Span]) -> Iterator[Found]:
    """URLs in the plain text of ``src``: outside every recorded span (code, links, HTML, Liquid …)."""
    pos = 0
    for span in [*recorded, Span(len(src), len(src))]:
        for match in BARE_URL_RE.finditer(src, pos, max(pos, span.start)):
            url = _BARE_URL_TAIL_RE.sub("", match.group())
            while url.endswith(")") and url.count(")") > url.count("("):
                url = _BARE_URL_TAIL_RE.sub("", url[:-1])
            before = src[match.start() - 1 : match.start()]
            if _BARE_URL_DOMAIN_RE.match(url) and not (before.isascii() and before.isalnum()):
                yield match.start(), match.start() + len(url), "bare"
        pos = max(pos, span.end)

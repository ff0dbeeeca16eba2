"""The markdown-it-py parser, extended to protect Liquid/Hugo tags and to record inline source spans.

markdown-it's inline tokens carry no source offsets, so the inline rules whose output must be
protected are wrapped: each records the span of source it consumed in ``env["spans"]``, keyed by
the token list being filled (one per inline token). Nothing is ever re-rendered from tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

from .protect import Span

LIQUID_INLINE_RE = re.compile(
    r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}"  # {% raw %}…{% endraw %}
    r"|\{\{\{.*?\}\}\}"  # PingCAP {{{ .var }}}
    r"|\{\{<.*?>\}\}|\{\{%.*?%\}\}"  # Hugo shortcodes
    r"|\{\{.*?\}\}|\{%.*?%\}"  # Liquid output and tags
    r"|\{[#:.][^{}\n]*\}",  # heading ids and attribute lists: {#id}, {: .class}
    re.S,
)
LIQUID_LINE_RE = re.compile(r"(?:\{%.*?%\}|\{\{<.*?>\}\}|\{\{%.*?%\}\}|\{\{\{.*?\}\}\}|\{\{.*?\}\}|\s)+")
_RAW_BLOCK_RE = re.compile(
    r"\{%-?\s*(raw|highlight|codeblock|code|comment|math|katex|mermaid|plantuml|echarts|chart)\b.*?%\}"
    r"|\{\{[<%]\s*(highlight|code|mermaid|math|katex)\b.*?[>%]\}\}"
)

SpanRecorder = dict[int, list[Span]]
_PARSERS: dict[tuple[bool, bool, bool], MarkdownIt] = {}


class _EveryLink(MarkdownIt):
    """markdown-it that takes every link destination, ``javascript:`` included, as kramdown and others do."""

    def validateLink(self, url: str) -> bool:
        return True


def parser(*, math: bool = False, inline: bool = True, every_link: bool = False) -> MarkdownIt:
    """The shared parser: CommonMark, raw HTML, GFM tables and strikethrough, footnotes, Liquid.

    With ``inline=False`` only blocks are parsed: enough to know a post's block structure. With
    ``every_link`` no link destination is refused (markdown-it refuses ``javascript:`` and the like,
    other renderers do not): for checks that must see every link a renderer could make.
    """
    md = _PARSERS.get((math, inline, every_link))
    if md is None:
        md = _PARSERS[(math, inline, every_link)] = _build(math=math, every_link=every_link)
        if not inline:
            md.core.ruler.disable("inline")
    return md


def parse(body: str, *, math: bool = False, inline: bool = True, env: dict[str, Any] | None = None) -> tuple[list[Any], SpanRecorder]:
    """Block tokens of ``body`` and the protected inline spans of each inline token.

    ``env``, when given, receives markdown-it's environment (reference definitions, footnotes…).
    Raises ``NestedTooDeep`` where blocks nest past ``MAX_NESTING``: markdown-it drops what lies
    deeper without a word, and that text would silently stay untranslated.
    """
    env = {} if env is None else env
    env["spans"] = {}
    tokens = parser(math=math, inline=inline).parse(body, env)
    if "too_deep" in env:
        raise NestedTooDeep(env["too_deep"])
    return tokens, env["spans"]


MAX_NESTING = 20
"""markdown-it's ``maxNesting`` (CommonMark preset): levels of open blocks; a blockquote takes one, a list two."""


class NestedTooDeep(ValueError):
    """Blocks nest deeper than the parser reads; ``line`` is the 0-based line of ``body`` where the lost text starts."""

    def __init__(self, line: int) -> None:
        super().__init__(f"blocks nested too deep at line {line + 1}")
        self.line = line


def _guard_nesting(md: MarkdownIt) -> None:
    """Make ``md`` record in ``env["too_deep"]`` the first line it skips for nesting past ``maxNesting``.

    markdown-it's block tokenizer stops at the limit and skips the rest of the container: exactly
    when, on entry, the level is at the limit and a line at the container's indent follows.
    """
    tokenize = md.block.tokenize
    limit = md.options["maxNesting"]

    def guarded(state: StateBlock, start_line: int, end_line: int) -> None:
        if state.level >= limit and "too_deep" not in state.env:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:
                state.env["too_deep"] = line
        tokenize(state, start_line, end_line)

    setattr(md.block, "tokenize", guarded)  # noqa: B010  (a method cannot be assigned to directly under mypy)


def _build(*, math: bool, every_link: bool = False) -> MarkdownIt:
    from mdit_py_plugins.footnote import footnote_plugin

    kind = _EveryLink if every_link else MarkdownIt
    md = kind("commonmark", {"html": True, "maxNesting": MAX_NESTING}).enable(["table", "strikethrough"])
    _guard_nesting(md)
    # text_join replaces each inline token's children list, which would orphan the recorded spans.
    md.core.ruler.disable("text_join")
    md.use(footnote_plugin)
    # footnote_tail moves definitions to the end and drops those never referenced; keep them all
    # in place, so their text is translated whether or not inline references were parsed.
    md.core.ruler.disable("footnote_tail")
    if math:
        from mdit_py_plugins.dollarmath import dollarmath_plugin

        md.use(dollarmath_plugin, allow_space=False, double_inline=True)
    md.block.ruler.before(
        "blockquote", "liquid_block", _liquid_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    # ``{`` stops the text rule, so the Liquid rule only runs where a ``{`` is.
    md.inline.ruler.after("text", "liquid", _liquid_inline)
    # The Liquid rule records its own spans (a titled tag's title is translated).
    for name, first in (("backticks", "`"), ("autolink", "<"), ("html_inline", "<"), ("footnote_ref", "["), ("math_inline", "$")):
        if name in md.inline.ruler.get_all_rules():
            md.inline.ruler.at(name, _recording(_find_rule(md, name), first=first))
    md.inline.ruler.at("newline", _recording(_find_rule(md, "newline"), first="\n", only_hardbreak=True))
    md.inline.ruler.at("escape", _recording(_find_rule(md, "escape"), first="\\", only_hardbreak=True))
    md.inline.ruler.at("link", _recording_link(_find_rule(md, "link"), image=False))
    md.inline.ruler.at("image", _recording_link(_find_rule(md, "image"), image=True))
    return md


def _find_rule(md: MarkdownIt, name: str) -> Callable[[StateInline, bool], bool]:
    for rule in md.inline.ruler.__rules__:
        if rule.name == name:
            return rule.fn
    raise LookupError(name)


def _record(state: StateInline, span: Span) -> None:
    state.env["spans"].setdefault(id(state.tokens), []).append(span)


def _recording(rule: Callable[[StateInline, bool], bool], *, first: str, only_hardbreak: bool = False) -> Callable[[StateInline, bool], bool]:
    """``rule``, recording the source span of what it consumed; skipped unless the text starts with ``first``."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] != first:
            return False
        count = len(state.tokens)
        if not rule(state, silent):
            return False
        if silent:
            return True
        if only_hardbreak:
            if len(state.tokens) == count or state.tokens[-1].type != "hardbreak":
                return True
            while start > 0 and state.src[start - 1] == " ":
                start -= 1
        _record(state, Span(start, state.pos))
        return True

    return wrapped


def _recording_link(rule: Callable[[StateInline, bool], bool], *, image: bool) -> Callable[[StateInline, bool], bool]:
    marker = "!" if image else "["

    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if state.src[start] != marker or not rule(state, silent):
            return False
        if not silent:
            label_open = start + 1 if image else start
            label_end = parseLinkLabel(state, label_open, not image)
            if label_end < 0:  # cannot happen for a parsed link; protect it whole
                _record(state, Span(start, state.pos))
            else:
                after = state.src[label_end + 1 : state.pos]
                # A shortcut or collapsed reference is found by its text: once translated, name the label.
                close = "][" + state.src[label_open + 1 : label_end] + "]" if after in ("", "[]") else None
                _record(state, Span(start, state.pos, label_open + 1, label_end, close))
        return True

    return wrapped


def _liquid_inline(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    match = LIQUID_INLINE_RE.match(state.src, state.pos, state.posMax)
    if not match:
        return False
    end = match.end()
    if state.src[max(state.pos - 2, 0) : state.pos] == "](":
        # A tag that starts a link destination (``[t]({% post_url a %}#节)``) is a link once the generator
        # renders it: the rest of the destination (a path, a fragment) is protected with it.
        rest = _DESTINATION_REST_RE.match(state.src, end, state.posMax)
        end = rest.end() if rest else end
    if not silent:
        token = state.push("liquid", "", 0)
        token.content = state.src[state.pos : end]
        title = _TITLED_TAG_RE.fullmatch(state.src, state.pos, end)
        group = next((g for g in ("title", "dq", "sq") if title is not None and title.start(g) >= 0), None)
        if title is not None and group is not None:  # the title is translated; the tag around it is protected
            _record(state, Span(state.pos, end, title.start(group), title.end(group)))
        else:
            _record(state, Span(state.pos, end))
    state.pos = end
    return True


_TITLED_TAG_RE = re.compile(
    r"\{%-?\s*(?:post_link|asset_link)\s+(?:\"[^\"]*\"|'[^']*'|\S+)\s+"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<title>[^\s\"'](?:.*?\S)??))(?:\s+(?:true|false))?\s*-?%\}",
    re.S,
)
"""A Hexo tag with a link title (``{% post_link slug 标题 %}``, quoted or not, an escape flag after it): the title is text."""


def untitled_tag(tag: str) -> str:
    """``tag`` without the link title a titled tag carries (``{% post_link slug %}`` for ``{% post_link slug 标题 %}``)."""
    title = _TITLED_TAG_RE.fullmatch(tag)
    if title is None:
        return tag
    group = next(g for g in ("title", "dq", "sq") if title.start(g) >= 0)
    return tag[: title.start(group)] + tag[title.end(group) :]


_DESTINATION_REST_RE = re.compile(r"[^\s()<>]*")
"""The rest of a link destination after a tag: up to the closing parenthesis or a space."""


def _liquid_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A Liquid/Hugo block: ``{% raw %}…{% endraw %}``-like pairs, or a line of tags only."""
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[pos : state.eMarks[start_line]]
    if not line.startswith("{"):
        return False
    last = start_line
    opened = _RAW_BLOCK_RE.match(line)
    if opened:
        name = opened.group(1) or opened.group(2)
        closing = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}|\{\{[<%]\s*/\s*" + name + r"\s*[>%]\}\}")
        if closing.search(line, opened.end()):
            last = start_line
        else:
            for candidate in range(start_line + 1, end_line):
                if closing.search(state.src, state.bMarks[candidate], state.eMarks[candidate]):
                    last = candidate
                    break
            else:
                opened = None
    if not opened and not LIQUID_LINE_RE.fullmatch(line):
        return False
    if silent:
        return True
    token = state.push("liquid_block", "", 0)
    token.map = [start_line, last + 1]
    token.content = state.getLines(start_line, last + 1, state.blkIndent, True)
    state.line = last + 1
    return True

"""The text of a heading each renderer slugs: kramdown's source, goldmark's last source line, kramdown-parser-gfm's rendered text.

The rendered text is read from markdown-it's parse of the heading (``inline_tokens``, which the
hexo-renderer-marked port in ``hexo_slugs`` reads too).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

References = Mapping[str, Mapping[str, str]]
"""Link reference definitions as markdown-it keeps them: normalized label → href and title."""


def markdown_source(heading: str, references: References) -> str:
    """The heading's Markdown source as it is: kramdown without GFM input slugs that."""
    return heading


def last_source_line(heading: str, references: References) -> str:
    """The last source line of the heading: goldmark 1.5 slugs that (``generateAutoHeadingID``)."""
    return heading.rsplit("\n", 1)[-1]


class _EveryLink(MarkdownIt):
    """markdown-it that takes every link destination, as kramdown and marked do."""

    def validateLink(self, url: str) -> bool:  # noqa: N802 - markdown-it's name
        """Every destination is a link."""
        return True


@cache
def _parser() -> MarkdownIt:
    """CommonMark with strikethrough, and entities and escapes kept as tokens of their own."""
    return _EveryLink("commonmark").enable("strikethrough").disable("text_join")


def inline_tokens(heading: str, references: References) -> list[Token]:
    """The inline tokens of a heading's source, flat (an image's alt text stays inside the image)."""
    tokens = _parser().parseInline(heading, {"references": dict(references)})
    return list(tokens[0].children or []) if tokens else []


_KRAMDOWN_SPAN_RE = re.compile(r"(---|--|\.\.\.|<< | >>|<<|>>|['\"])|(\{:(?:\\\}|[^}])*\})")
"""In kramdown text: a typographic symbol or smart quote (each an element of its own), or a span
attribute list (``{: .class}``), which vanishes right after an element and stays text after text."""
_KRAMDOWN_TYPOGRAPHY = {
    "---": "\u2014",
    "--": "\u2013",
    "...": "\u2026",
    "<< ": "\u00ab\u00a0",
    " >>": "\u00a0\u00bb",
    "<<": "\u00ab",
    ">>": "\u00bb",
}
"""kramdown's typographic symbols (``TYPOGRAPHIC_SYMS``) as kramdown-parser-gfm's ``update_raw_text``
writes them: ``--`` would otherwise survive as hyphens, and ``<< `` takes its space as a no-break
space. Smart quotes need no entry: no quote survives in an id."""
_KRAMDOWN_ELEMENT_ENDS = frozenset(
    ("em_close", "strong_close", "s_close", "link_close", "code_inline", "html_inline", "image", "entity")
)
"""Tokens after which kramdown's last span is an element, not text."""


def _kramdown_span_text(text: str, *, after_element: bool) -> str:
    """A run of kramdown text with typographic symbols made characters and span attribute lists that
    follow an element removed."""
    parts: list[str] = []
    position = 0
    for found in _KRAMDOWN_SPAN_RE.finditer(text):
        if found.start() > position:
            parts.append(text[position : found.start()])
            after_element = False
        symbol, attributes = found.groups()
        if symbol:
            parts.append(_KRAMDOWN_TYPOGRAPHY.get(symbol, symbol))
            after_element = True
        elif not after_element:
            parts.append(attributes)
        position = found.end()
    parts.append(text[position:])
    return "".join(parts)


def kramdown_gfm_text(heading: str, references: References) -> str:
    """The rendered text kramdown-parser-gfm slugs (``update_raw_text``).

    Text, code and math, entities decoded, typographic symbols as characters; tags, images, inline
    HTML and comments dropped.
    """
    parts: list[str] = []
    in_autolink = False
    previous = ""
    for token in inline_tokens(heading, references):
        if token.type == "link_open":
            in_autolink = token.info == "auto"
        elif token.type == "text" and not in_autolink:
            parts.append(_kramdown_span_text(token.content, after_element=previous in _KRAMDOWN_ELEMENT_ENDS))
        elif token.type in ("text", "text_special", "code_inline"):
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append("\n")
        previous = token.info if token.type == "text_special" else token.type
    return "".join(parts)

"""Heading ids as each blog generator derives them, so a translated heading can keep its Chinese anchor.

Each rule answers four questions the way one generator's own code does: which text of the heading it
slugs (the raw Markdown source, or the rendered text), how it turns that text into an id, what it uses
when nothing is left, and how it numbers repeats (counting per base id, or taking the first free id
with explicit ids reserved). The versions followed are the ones Debian and npm ship: Jekyll 4.3.1 with
kramdown 2.4.0 and kramdown-parser-gfm 1.1.0, Hugo 0.111.3 (goldmark 1.5.4), and Hexo 7's
hexo-renderer-marked 7.0.1 with hexo-util 3.3.0.

Where a generator slugs rendered text, the text comes from markdown-it's reading of the heading, which
differs from kramdown's and marked's in rare corners (``_`` emphasis after a digit in kramdown, ``~``
before a backtick in marked); ``tests/test_slugs.py`` names the ones known. An id of "" means the
heading has no id a fragment can reach.

The parts live apart: ``heading_text`` (the text kramdown and goldmark slug), ``hexo_slugs``
(hexo-renderer-marked's text and hexo-util's ``slugize``), ``base_ids`` (kramdown's, kramdown-parser-gfm's
and Hugo's text → id) and ``explicit_ids`` (the id syntax each parser reads); here are the rules, the
numbering of repeats and the API.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from markdown_it.common.utils import normalizeReference

from translate.errors import ConfigError

from .base_ids import blackfriday_slug, gfm_slug, github_slug, kramdown_slug
from .explicit_ids import goldmark_split, kramdown_split, marked_split
from .heading_text import References, kramdown_gfm_text, last_source_line, markdown_source
from .hexo_slugs import hexo_slug, hexo_text

_ANY_DESTINATION = {"href": "", "title": ""}
"""A destination for every defined label: only whether a label is defined matters to a heading's text."""


# Numbering repeats.


class Numbering(Protocol):
    """How a generator makes the ids of one page unique."""

    def next_id(self, base: str) -> str:
        """The id for the next heading whose base id is ``base``."""
        ...

    def reserve(self, explicit: str) -> None:
        """Take note of an explicit id."""
        ...


_JS_OBJECT_MEMBERS = frozenset(
    ("constructor", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString", "toString", "valueOf")
)
"""Members every JavaScript object inherits that a hexo slug can equal: hexo-renderer-marked counts
repeats in a plain object, so the first such heading is numbered ``-NaN`` and the second not at all."""


class _CountPerBase:
    """kramdown, kramdown-parser-gfm and hexo: the n-th repeat of a base id gets ``-n``, whatever ids
    the page already has; explicit ids are not counted."""

    __slots__ = ("_counts", "_inherited")

    def __init__(self, inherited: frozenset[str] = frozenset()) -> None:
        self._counts: dict[str, int | None] = {}
        self._inherited = inherited

    def next_id(self, base: str) -> str:
        """The base id the first time, then ``base-1``, ``base-2`` …"""
        if base not in self._counts and base in self._inherited:
            self._counts[base] = None  # NaN, which is false the next time
            return f"{base}-NaN"
        count = self._counts.get(base)
        self._counts[base] = count + 1 if count else 1
        return f"{base}-{count}" if count else base

    def reserve(self, explicit: str) -> None:
        """Explicit ids do not take part."""


class _FirstFree:
    """goldmark in Hugo: the first of ``base``, ``base-1``, ``base-2`` … not yet used on the page,
    explicit ids of earlier headings included."""

    __slots__ = ("_used",)

    def __init__(self) -> None:
        self._used: set[str] = set()

    def next_id(self, base: str) -> str:
        """The base id, or the first free numbered one."""
        candidate, number = base, 0
        while candidate in self._used:
            number += 1
            candidate = f"{base}-{number}"
        self._used.add(candidate)
        return candidate

    def reserve(self, explicit: str) -> None:
        """An explicit id is taken from then on."""
        self._used.add(explicit)


# The rules.


@dataclass(frozen=True, slots=True)
class SlugRule:
    """How one generator gives a heading its id."""

    text: Callable[[str, References], str]
    """The text the generator slugs, from the heading's inline Markdown source and the page's link
    reference definitions."""
    slug: Callable[[str], str]
    """That text → the base id."""
    empty: str
    """The base id when the slug is empty ("" where the generator keeps it empty)."""
    numbering: Callable[[], Numbering]
    """A fresh numbering of repeated ids for one page."""
    split: Callable[[str], tuple[str, str | None]]
    """Heading source → (the source without its id syntax and closing hashes, the explicit id)."""


SLUG_RULES: dict[str, SlugRule] = {
    "kramdown": SlugRule(
        text=markdown_source,
        slug=kramdown_slug,
        empty="section",
        numbering=_CountPerBase,
        split=kramdown_split(re.compile(r"(?<!\\)#+\Z")),
    ),
    "kramdown-gfm": SlugRule(
        text=kramdown_gfm_text,
        slug=gfm_slug,
        empty="",
        numbering=_CountPerBase,
        split=kramdown_split(re.compile(r"[\t ]#+\Z")),
    ),
    "github": SlugRule(
        text=last_source_line, slug=github_slug, empty="heading", numbering=_FirstFree, split=goldmark_split
    ),
    "github-ascii": SlugRule(
        text=last_source_line,
        slug=lambda text: github_slug(text, ascii_only=True),
        empty="heading",
        numbering=_FirstFree,
        split=goldmark_split,
    ),
    "blackfriday": SlugRule(
        text=last_source_line, slug=blackfriday_slug, empty="heading", numbering=_FirstFree, split=goldmark_split
    ),
    "hexo": SlugRule(
        text=hexo_text,
        slug=hexo_slug,
        empty="",
        numbering=lambda: _CountPerBase(_JS_OBJECT_MEMBERS),
        split=marked_split,
    ),
}
"""Rule name → how that generator makes heading ids: ``kramdown`` (kramdown's own parser),
``kramdown-gfm`` (Jekyll's default, ``input: GFM``), ``github``, ``github-ascii`` and ``blackfriday``
(Hugo's ``autoHeadingIDType``), ``hexo`` (hexo-renderer-marked with its default options)."""


def slug_rule(name: str) -> SlugRule:
    """The rule called ``name``; a ConfigError naming the valid ones otherwise."""
    try:
        return SLUG_RULES[name]
    except KeyError:
        raise ConfigError(f"Unknown heading id rule {name!r}: use one of {', '.join(SLUG_RULES)}") from None


class HeadingIds:
    """The ids one generator gives the headings of one page, in document order."""

    __slots__ = ("_numbering", "_references", "_rule")

    def __init__(self, rule: str, *, link_labels: Iterable[str] = ()) -> None:
        """Ids for a page of the generator ``rule`` whose link reference definitions have ``link_labels``
        (a heading's ``[text][label]`` is a link only where its label is defined)."""
        self._rule = slug_rule(rule)
        self._numbering = self._rule.numbering()
        self._references: References = {normalizeReference(label): _ANY_DESTINATION for label in link_labels}

    def add(self, heading: str, *, explicit: str | None = None) -> str:
        """The id of the next heading, given its inline Markdown source (the text after '## ', without
        an attribute block); `explicit` is an id given by attribute syntax. "" means no usable id."""
        if explicit is not None:
            self._numbering.reserve(explicit)
            return explicit
        rule = self._rule
        text = rule.text(heading.strip(" \t"), self._references)  # every generator trims the line
        return self._numbering.next_id(rule.slug(text) or rule.empty)


def explicit_id(heading: str, rule: str) -> tuple[str, str | None]:
    """(heading text without its `{#id}` attribute block and closing hashes, the id) as the rule's parser reads them."""
    return slug_rule(rule).split(heading)

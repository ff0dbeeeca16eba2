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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from translate.errors import ConfigError


# The text a generator slugs.

_References = Mapping[str, Mapping[str, str]]
"""Link reference definitions as markdown-it keeps them: normalized label → href and title."""
_ANY_DESTINATION = {"href": "", "title": ""}


def _source(heading: str, references: _References) -> str:
    """The heading's Markdown source as it is: kramdown without GFM input slugs that."""
    return heading


def _last_source_line(heading: str, references: _References) -> str:
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


def _inline(heading: str, references: _References) -> list[Token]:
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


def _kramdown_gfm_text(heading: str, references: _References) -> str:
    """The rendered text kramdown-parser-gfm slugs: text, code and math, entities decoded, typographic
    symbols as characters; tags, images, inline HTML and comments dropped (``update_raw_text``)."""
    parts: list[str] = []
    in_autolink = False
    previous = ""
    for token in _inline(heading, references):
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


_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``\\s`` and ``trim()`` take as white space."""
_SMARTYPANTS = (
    (re.compile("---"), "\u2014"),
    (re.compile("--"), "\u2013"),
    (re.compile(f"(^|[-\u2014/([{{\"{_JS_SPACE}])'"), "\\1\u2018"),
    (re.compile("'"), "\u2019"),
    (re.compile(f"(^|[-\u2014/([{{\u2018{_JS_SPACE}])\""), "\\1\u201c"),
    (re.compile('"'), "\u201d"),
    (re.compile(r"\.{3}"), "\u2026"),
)
"""hexo-renderer-marked's ``smartypants``, on by default, applied to each piece of text marked reads."""
_EMAIL_CHARS = r"a-zA-Z0-9.!#$%&'*+/=?_`{|}~-"
_MARKED_TEXT_RE = re.compile(
    rf"([`~]+|[^`~])(?:(?= *\n)|(?=[{_EMAIL_CHARS}]+@)|[\s\S]*?(?:(?=[\\<!\[`*~_]|\b_| *\n|https?://|ftp://|www\.|$)"
    rf"|[^ ](?= *\n)|[^{_EMAIL_CHARS}](?=[{_EMAIL_CHARS}]+@)))",
    re.ASCII,
)
"""marked 15's ``inline.breaks.text``: the pieces marked reads text in, which smartypants sees one at a time."""
_MARKED_URL_RE = re.compile(
    rf"(?:(?:[fF][tT][pP]|[hH][tT][tT][pP][sS]?)://|[wW]{{3}}\.)(?:[a-zA-Z0-9\-]+\.?)+[^{_JS_SPACE}<]*"
    r"|(?P<email>[A-Za-z0-9._+-]+@[a-zA-Z0-9-_]+(?:\.[a-zA-Z0-9-_]*[a-zA-Z0-9])+(?![-_]))"
)
"""marked's GFM ``url``: a bare URL or e-mail address, made a link and spared smartypants."""
_MARKED_BACKPEDAL_RE = re.compile(r"(?:[^?!.,:;*_'\"~()&]+|\([^)]*\)|&(?![a-zA-Z0-9]+;$)|[?!.,:;*_'\"~)]+(?!$))+")
_HEXO_ESCAPE_RE = re.compile(r"[<>\"'`/=]|&(?!(?:#\d{1,7}|#[Xx][a-fA-F0-9]{1,6}|\w+);)", re.ASCII)
_HEXO_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;", "/": "&#x2F;", "=": "&#x3D;"}


def _escape(text: str) -> str:
    """Text as hexo-util's ``escapeHTML`` writes it: entities already written are left alone."""
    return _HEXO_ESCAPE_RE.sub(lambda m: _HEXO_ESCAPES[m.group()], text)


def _smartypants(text: str) -> str:
    """Curly quotes, dashes and ellipses as hexo-renderer-marked makes them."""
    for pattern, replacement in _SMARTYPANTS:
        text = pattern.sub(replacement, text)
    return text


def _bare_url(text: str, position: int) -> str | None:
    """The bare URL or e-mail address marked finds at ``position``, trailing punctuation dropped."""
    found = _MARKED_URL_RE.match(text, position)
    if not found:
        return None
    url, shorter = found.group(), None
    while not found.group("email") and shorter != url:
        shorter, pedalled = url, _MARKED_BACKPEDAL_RE.search(url)
        url = pedalled.group() if pedalled else ""
    return url


def _marked_text(run: str, *, in_link: bool) -> str:
    """A run of text (entities as written) as marked writes it: bare URLs become links, the rest goes
    through smartypants piece by piece, as marked's ``inlineText`` reads it."""
    parts: list[str] = []
    position = 0
    while position < len(run):
        url = None if in_link else _bare_url(run, position)
        if url:
            parts.append(_escape(url))
            position += len(url)
            continue
        piece = _MARKED_TEXT_RE.match(run, position)
        assert piece is not None
        starts_url = _MARKED_URL_RE.match(run, position) is not None
        parts.append(_escape(piece.group() if starts_url else _smartypants(piece.group())))
        position = piece.end()
    return "".join(parts)


def _attribute(name: str, value: str | None) -> str:
    """`` name="value"`` as marked writes it, or nothing."""
    return f' {name}="{_escape(value)}"' if value else ""


def _str_attr(token: Token, name: str) -> str | None:
    """A token attribute as text."""
    value = token.attrGet(name)
    return None if value is None else str(value)


_MARKED_TAGS: dict[str, Callable[[Token], str]] = {
    "text_special": lambda t: _escape(t.content),
    "code_inline": lambda t: f"<code>{_escape(t.content)}</code>",
    "html_inline": lambda t: t.content,
    "softbreak": lambda t: "<br>",
    "hardbreak": lambda t: "<br>",
    "em_open": lambda t: "<em>",
    "em_close": lambda t: "</em>",
    "strong_open": lambda t: "<strong>",
    "strong_close": lambda t: "</strong>",
    "s_open": lambda t: "<del>",
    "s_close": lambda t: "</del>",
    "link_open": lambda t: f'<a href=""{_attribute("title", _str_attr(t, "title"))}>',
    "link_close": lambda t: "</a>",
    "image": lambda t: f'<img src=""{_attribute("alt", t.content)}{_attribute("title", _str_attr(t, "title"))}>',
}
"""What marked's renderer writes for each kind of inline token other than text (an escaped character
is ``text_special`` here)."""
_HEXO_UNESCAPES = {
    "&amp;": "&",
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#39;": "'",
    "&#96;": "`",
    "&#x2F;": "/",
    "&#x3D;": "=",
}
_HEXO_UNESCAPE_RE = re.compile("|".join(_HEXO_UNESCAPES))


def _strip_html(html: str) -> str:
    """hexo-util 3's ``stripHTML`` (a port of ``striptags``): tags and comments out, a '<' before a
    space kept; nesting depth carries over from one tag to the next, as it does there."""
    output: list[str] = []
    state, tag, depth, quote = "text", "", 0, ""
    for char in html:
        if state == "text":
            if char == "<":
                state, tag = "tag", tag + char
            else:
                output.append(char)
        elif state == "tag":
            if char == "<":
                depth += 0 if quote else 1
            elif char == ">":
                if not quote and depth:
                    depth -= 1
                elif not quote:
                    state, tag = "text", ""
            elif char in " \n" and tag == "<":
                state, tag = "text", ""
                output.append("< ")
            else:
                if char in "\"'":
                    quote = "" if char == quote else quote or char
                elif char == "-" and tag == "<!-":
                    state = "comment"
                tag += char
        elif char == ">":
            state = "text" if tag.endswith("--") else state
            tag = ""
        else:
            tag += char
    return "".join(output)


def _hexo_text(heading: str, references: _References) -> str:
    """The text hexo-renderer-marked slugs (``anchorId``): the heading's HTML as marked renders it,
    unescaped, stripped of tags (``stripHTML``) and trimmed; so ``&lt;b&gt;`` and ``Vec<T>`` in code
    lose what looks like a tag."""
    parts: list[str] = []
    run: list[str] = []  # marked reads text and entities together; an escape ends a run
    link = ""  # "auto" in an autolink, whose text marked takes as it is
    for token in [*_inline(heading, references), Token("end", "", 0)]:
        if token.type == "text" or (token.type == "text_special" and token.info == "entity"):
            run.append(token.markup if token.type == "text_special" else token.content)
            continue
        if run:
            text = "".join(run)
            parts.append(_escape(text) if link == "auto" else _marked_text(text, in_link=bool(link)))
            run = []
        if token.type in ("link_open", "link_close"):
            link = (token.info or "link") if token.type == "link_open" else ""
        parts.append(_MARKED_TAGS.get(token.type, _nothing)(token))
    html = _HEXO_UNESCAPE_RE.sub(lambda m: _HEXO_UNESCAPES[m.group()], "".join(parts))
    return _strip_html(html).strip(_JS_SPACE)


def _nothing(token: Token) -> str:
    """What marked writes for a token it has no counterpart of."""
    return ""


# From text to a base id.


def _kramdown_slug(text: str) -> str:
    """kramdown's ``basic_generate_id``: from the first ASCII letter, ASCII letters, digits, '-' and spaces."""
    text = re.sub(r"^[^a-zA-Z]+", "", text, flags=re.M)
    return re.sub(r"[^a-zA-Z0-9 -]", "", text).replace(" ", "-").lower()


def _is_ruby_word(char: str) -> bool:
    """Ruby's ``\\p{Word}``: letters, marks, decimal and letter numbers, connectors, and the circled
    and squared Latin letters Unicode counts as alphabetic."""
    category = unicodedata.category(char)
    return (
        category[0] in "LM"
        or category in ("Nd", "Nl", "Pc")
        or "\u24b6" <= char <= "\u24e9"
        or "\U0001f130" <= char <= "\U0001f149"
        or "\U0001f150" <= char <= "\U0001f169"
        or "\U0001f170" <= char <= "\U0001f189"
    )


def _gfm_slug(text: str) -> str:
    """kramdown-parser-gfm's ``generate_gfm_header_id``: Ruby's ``downcase``, word characters, '-',
    spaces and tabs kept, spaces and tabs made '-'."""
    lowered = "".join(c.lower() for c in text)  # one at a time: Ruby has no final sigma
    return "".join(c for c in lowered if c in "- \t" or _is_ruby_word(c)).replace(" ", "-").replace("\t", "-")


_GO_SPACE = (
    "\t\n\v\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""Go's ``unicode.IsSpace``, which ``bytes.TrimSpace`` trims."""


def _go_lower(char: str) -> str:
    """Go's ``unicode.ToLower``: the simple, one-character lower case."""
    lower = char.lower()
    return "i" if char == "\u0130" else lower if len(lower) == 1 else char


def _is_go_alphanumeric(char: str) -> bool:
    """Hugo's ``isAlphaNumeric``: '_', a letter or a decimal digit."""
    category = unicodedata.category(char)
    return char == "_" or category[0] == "L" or category == "Nd"


def _github_slug(text: str, *, ascii_only: bool = False) -> str:
    """Hugo's ``sanitizeAnchorName`` for the ``github`` and ``github-ascii`` types."""
    if ascii_only:
        decomposed = unicodedata.normalize("NFD", text)
        text = unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
    out = []
    for char in text.strip(_GO_SPACE):
        if ascii_only and ord(char) > 0x7F:
            continue
        if char in "- ":
            out.append("-")
        elif _is_go_alphanumeric(char):
            out.append(_go_lower(char))
    return "".join(out)


def _blackfriday_slug(text: str) -> str:
    """Blackfriday's ``SanitizedAnchorName``: runs of letters and numbers joined by single '-'."""
    out: list[str] = []
    dash = False
    for char in text:
        if unicodedata.category(char)[0] not in "LN":
            dash = True
            continue
        if dash and out:
            out.append("-")
        dash = False
        out.append(_go_lower(char))
    return "".join(out)


_HEXO_SPECIAL_RE = re.compile(f"[{_JS_SPACE}~`!@#$%^&*()\\-_+=\\[\\]{{}}|\\\\;:\"'<>,.?/]+")


def _hexo_slug(text: str) -> str:
    """hexo-util's ``slugize`` as hexo-renderer-marked calls it: case kept, separator '-'."""
    diacritics = _diacritics()
    text = "".join(diacritics.get(c, c) for c in text)
    text = _HEXO_SPECIAL_RE.sub("-", re.sub("[\x00-\x1f]", "", text))
    return re.sub("-{2,}", "-", text).strip("-")


_DIACRITICS = (
    "AⒶＡÀÁÂẦẤẪẨÃĀĂẰẮẴẲȦǠÄǞẢÅǺǍȀȂẠẬẶḀĄȺⱯ AAꜲ AEÆǼǢ AOꜴ AUꜶ AVꜸꜺ AYꜼ BⒷＢḂḄḆɃƂƁ CⒸＣĆĈĊČÇḈƇȻꜾ "
    "DⒹＤḊĎḌḐḒḎĐƋƊƉꝹ DZǱǄ Dzǲǅ EⒺＥÈÉÊỀẾỄỂẼĒḔḖĔĖËẺĚȄȆẸỆȨḜĘḘḚƐƎ FⒻＦḞƑꝻ GⒼＧǴĜḠĞĠǦĢǤƓꞠꝽꝾ "
    "HⒽＨĤḢḦȞḤḨḪĦⱧⱵꞍ IⒾＩÌÍÎĨĪĬİÏḮỈǏȈȊỊĮḬƗ JⒿＪĴɈ KⓀＫḰǨḲĶḴƘⱩꝀꝂꝄꞢ LⓁＬĿĹĽḶḸĻḼḺŁȽⱢⱠꝈꝆꞀ LJǇ Ljǈ "
    "MⓂＭḾṀṂⱮƜ NⓃＮǸŃÑṄŇṆŅṊṈȠƝꞐꞤ NJǊ Njǋ OⓄＯÒÓÔỒỐỖỔÕṌȬṎŌṐṒŎȮȰÖȪỎŐǑȌȎƠỜỚỠỞỢỌỘǪǬØǾƆƟꝊꝌ OIƢ OOꝎ "
    "OUȢ OE\x8cŒ oe\x9cœ PⓅＰṔṖƤⱣꝐꝒꝔ QⓆＱꝖꝘɊ RⓇＲŔṘŘȐȒṚṜŖṞɌⱤꝚꞦꞂ SⓈＳẞŚṤŜṠŠṦṢṨȘŞⱾꞨꞄ "
    "TⓉＴṪŤṬȚŢṰṮŦƬƮȾꞆ TZꜨ UⓊＵÙÚÛŨṸŪṺŬÜǛǗǕǙỦŮŰǓȔȖƯỪỨỮỬỰỤṲŲṶṴɄ VⓋＶṼṾƲꝞɅ VYꝠ WⓌＷẀẂŴẆẄẈⱲ XⓍＸẊẌ "
    "YⓎＹỲÝŶỸȲẎŸỶỴƳɎỾ ZⓏＺŹẐŻŽẒẔƵȤⱿⱫꝢ aⓐａẚàáâầấẫẩãāăằắẵẳȧǡäǟảåǻǎȁȃạậặḁąⱥɐ aaꜳ aeæǽǣ aoꜵ auꜷ "
    "avꜹꜻ ayꜽ bⓑｂḃḅḇƀƃɓ cⓒｃćĉċčçḉƈȼꜿↄ dⓓｄḋďḍḑḓḏđƌɖɗꝺ dzǳǆ eⓔｅèéêềếễểẽēḕḗĕėëẻěȅȇẹệȩḝęḙḛɇɛǝ "
    "fⓕｆḟƒꝼ gⓖｇǵĝḡğġǧģǥɠꞡᵹꝿ hⓗｈĥḣḧȟḥḩḫẖħⱨⱶɥ hvƕ iⓘｉìíîĩīĭïḯỉǐȉȋịįḭɨı jⓙｊĵǰɉ kⓚｋḱǩḳķḵƙⱪꝁꝃꝅꞣ "
    "lⓛｌŀĺľḷḹļḽḻſłƚɫⱡꝉꞁꝇ ljǉ mⓜｍḿṁṃɱɯ nⓝｎǹńñṅňṇņṋṉƞɲŉꞑꞥ njǌ "
    "oⓞｏòóôồốỗổõṍȭṏōṑṓŏȯȱöȫỏőǒȍȏơờớỡởợọộǫǭøǿɔꝋꝍɵ oiƣ ouȣ ooꝏ pⓟｐṕṗƥᵽꝑꝓꝕ qⓠｑɋꝗꝙ "
    "rⓡｒŕṙřȑȓṛṝŗṟɍɽꝛꞧꞃ sⓢｓßśṥŝṡšṧṣṩșşȿꞩꞅẛ tⓣｔṫẗťṭțţṱṯŧƭʈⱦꞇ tzꜩ "
    "uⓤｕùúûũṹūṻŭüǜǘǖǚủůűǔȕȗưừứữửựụṳųṷṵʉ vⓥｖṽṿʋꝟʌ vyꝡ wⓦｗẁẃŵẇẅẘẉⱳ xⓧｘẋẍ yⓨｙỳýŷỹȳẏÿỷẙỵƴɏỿ "
    "zⓩｚźẑżžẓẕƶȥɀⱬꝣ"
)
"""hexo-util's ``escapeDiacritic`` table: each base (ASCII letters) followed by the characters it replaces."""


@cache
def _diacritics() -> dict[str, str]:
    """Character → the ASCII letters hexo-util's ``slugize`` puts in its place."""
    table: dict[str, str] = {}
    for entry in _DIACRITICS.split(" "):
        base = re.match("[A-Za-z]+", entry)
        assert base is not None
        table.update(dict.fromkeys(entry[base.end() :], base.group()))
    return table


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


# Explicit ids written in the heading.

_XML_NAME_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_KRAMDOWN_ID_RE = re.compile(f"[\t ]\\{{#([{_XML_NAME_START}][{_XML_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*)\\}}\\Z")
"""kramdown's ``HEADER_ID``: `` {#id}`` at the end, the id an XML name (REXML's ``NAME_START_CHAR``)."""


_RUBY_SPACE = "\0\t\n\v\f\r "
"""What Ruby's ``rstrip`` removes."""


def _kramdown_split(closing: re.Pattern[str]) -> Callable[[str], tuple[str, str | None]]:
    """kramdown's ``parse_header_contents`` followed by its ATX parser's removal of closing hashes."""

    def split(heading: str) -> tuple[str, str | None]:
        text = heading.rstrip(_RUBY_SPACE)
        found = _KRAMDOWN_ID_RE.search(text)
        if found:
            text = text[: found.start()].rstrip(_RUBY_SPACE)
        stripped = closing.sub("", text)
        return (stripped.rstrip(_RUBY_SPACE) if stripped != text else text), found.group(1) if found else None

    return split


_GOLDMARK_SPACE = "\t\n\r "
"""goldmark's ``util.IsSpace``."""
_GOLDMARK_ID_CHARS_RE = re.compile(r"[^\t\n\r !-,/;-@\[-^`{-~]*")
"""Characters goldmark takes in ``#id`` and ``.class``: up to a space or ASCII punctuation other than
``_ - : .``."""
_GOLDMARK_NAME_RE = re.compile(r"[A-Za-z_:][A-Za-z0-9_:.\-]*")
_GOLDMARK_VALUE_RE = re.compile(
    r'"((?:[^"\\]|\\.)*)"|[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|([A-Za-z_:][A-Za-z0-9_:.\-]*)'
)
"""A quoted string, a number or a bare word (``parseAttributeValue``); nested ``{…}`` and ``[…]``
values are not read, so a block holding one is taken as text."""
_GOLDMARK_STRING_ESCAPES = {'"': '"', "/": "/", "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def _goldmark_string(quoted: str) -> str:
    """The value of a goldmark attribute string (``parseAttributeString``)."""
    return re.sub(r"\\(.)", lambda m: _GOLDMARK_STRING_ESCAPES.get(m.group(1), m.group()), quoted)


def _goldmark_attributes(text: str, start: int) -> tuple[str | None, int] | None:
    """goldmark's ``ParseAttributes`` at ``text[start] == '{'``: (the id, if any; the end), or None."""
    position, found_id = start + 1, None
    while True:
        position = _skip(text, position)
        if position >= len(text):
            return None
        if text[position] == "}":
            return found_id, position + 1
        if text[position] in "#.":
            word = _GOLDMARK_ID_CHARS_RE.match(text, position + 1)
            assert word is not None
            found_id = word.group() if text[position] == "#" else found_id
            position = word.end()
        else:
            name = _GOLDMARK_NAME_RE.match(text, position)
            position = _skip(text, name.end()) if name else position
            if not name or not text.startswith("=", position):
                return None
            value = _GOLDMARK_VALUE_RE.match(text, _skip(text, position + 1))
            if not value:
                return None
            if name.group() == "id" and value.group(1) is not None:
                found_id = _goldmark_string(value.group(1))
            elif name.group() == "id" and value.group(2) not in (None, "true", "false", "null"):
                found_id = value.group(2)
            position = _skip(text, value.end())
        position = _skip(text, position)
        if text.startswith(",", position):
            position += 1


def _skip(text: str, position: int) -> int:
    """The position after goldmark's spaces."""
    while position < len(text) and text[position] in _GOLDMARK_SPACE:
        position += 1
    return position


def _goldmark_split(heading: str) -> tuple[str, str | None]:
    """goldmark's attribute syntax on headings (Hugo's ``parser.attribute.title``, on by default):
    ``heading ### {#id}`` (``atxHeadingParser.Open``), else a closing ``#`` sequence removed and a
    last ``{…}`` block ending the line taken (``parseLastLineAttributes``)."""
    line = " " + heading.rstrip(_GOLDMARK_SPACE)  # the space after the opening hashes
    closing = re.search(r"[\t\n\r ](#+)", re.sub(r"\\[!-/:-@\[-`{-~]", "..", line))
    if closing:
        brace = _skip(line, closing.end())
        parsed = _goldmark_attributes(line, brace) if line.startswith("{", brace) else None
        if parsed and not line[parsed[1] :].strip(_GOLDMARK_SPACE):
            return line[1 : closing.start(1)], parsed[0]
    line = re.sub(r"[\t\n\r ]#+\Z", "", line)[1:]
    brace, parsed = -1, None
    position = 0
    while position < len(line):
        if line[position] == "\\":
            position += 2 if line.startswith("{", position + 1) else 1
            continue
        if line[position] == "{":
            brace, parsed = position, _goldmark_attributes(line, position)
        position += 1
    if parsed and not line[parsed[1] :].strip(_GOLDMARK_SPACE):
        return line[:brace], parsed[0]
    return line, None


def _marked_split(heading: str) -> tuple[str, str | None]:
    """marked has no id syntax: only a closing ``#`` sequence is removed."""
    text = heading.strip(_JS_SPACE)
    trimmed = text.rstrip("#")
    return (trimmed.strip() if not trimmed or trimmed.endswith(" ") else text), None


# The rules.


@dataclass(frozen=True, slots=True)
class SlugRule:
    """How one generator gives a heading its id."""

    text: Callable[[str, _References], str]
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
        text=_source,
        slug=_kramdown_slug,
        empty="section",
        numbering=_CountPerBase,
        split=_kramdown_split(re.compile(r"(?<!\\)#+\Z")),
    ),
    "kramdown-gfm": SlugRule(
        text=_kramdown_gfm_text,
        slug=_gfm_slug,
        empty="",
        numbering=_CountPerBase,
        split=_kramdown_split(re.compile(r"[\t ]#+\Z")),
    ),
    "github": SlugRule(
        text=_last_source_line, slug=_github_slug, empty="heading", numbering=_FirstFree, split=_goldmark_split
    ),
    "github-ascii": SlugRule(
        text=_last_source_line,
        slug=lambda text: _github_slug(text, ascii_only=True),
        empty="heading",
        numbering=_FirstFree,
        split=_goldmark_split,
    ),
    "blackfriday": SlugRule(
        text=_last_source_line, slug=_blackfriday_slug, empty="heading", numbering=_FirstFree, split=_goldmark_split
    ),
    "hexo": SlugRule(
        text=_hexo_text,
        slug=_hexo_slug,
        empty="",
        numbering=lambda: _CountPerBase(_JS_OBJECT_MEMBERS),
        split=_marked_split,
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
        self._references: _References = {normalizeReference(label): _ANY_DESTINATION for label in link_labels}

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

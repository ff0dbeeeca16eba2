"""hexo-renderer-marked's heading ids ported: the text it slugs (marked's rendering, smartypants, escaping, ``stripHTML``) and hexo-util's ``slugize``.

The heading is read by markdown-it (``heading_text.inline_tokens``), which differs from marked's
reading in rare corners (``~`` before a backtick); ``tests/test_slugs.py`` names the ones known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from markdown_it.token import Token

from .heading_text import References, inline_tokens

JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``\\s`` and ``trim()`` take as white space."""
_SMARTYPANTS = (
    (re.compile("---"), "\u2014"),
    (re.compile("--"), "\u2013"),
    (re.compile(f"(^|[-\u2014/([{{\"{JS_SPACE}])'"), "\\1\u2018"),
    (re.compile("'"), "\u2019"),
    (re.compile(f"(^|[-\u2014/([{{\u2018{JS_SPACE}])\""), "\\1\u201c"),
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
    rf"(?:(?:[fF][tT][pP]|[hH][tT][tT][pP][sS]?)://|[wW]{{3}}\.)(?:[a-zA-Z0-9\-]+\.?)+[^{JS_SPACE}<]*"
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


def hexo_text(heading: str, references: References) -> str:
    """The text hexo-renderer-marked slugs (``anchorId``): the heading's HTML as marked renders it, unescaped.

    Then stripped of tags (``stripHTML``) and trimmed; so ``&lt;b&gt;`` and ``Vec<T>`` in code lose
    what looks like a tag.
    """
    parts: list[str] = []
    run: list[str] = []  # marked reads text and entities together; an escape ends a run
    link = ""  # "auto" in an autolink, whose text marked takes as it is
    for token in [*inline_tokens(heading, references), Token("end", "", 0)]:
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
    return _strip_html(html).strip(JS_SPACE)


def _nothing(token: Token) -> str:
    """What marked writes for a token it has no counterpart of."""
    return ""


_HEXO_SPECIAL_RE = re.compile(f"[{JS_SPACE}~`!@#$%^&*()\\-_+=\\[\\]{{}}|\\\\;:\"'<>,.?/]+")


def hexo_slug(text: str) -> str:
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

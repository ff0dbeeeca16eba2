"""What markup a reply adds to its source (DESIGN.md, invariant 7), judged on the parsed structure.

The restored translation (placeholders replaced by what they stand for) and the restored source are
parsed by the segmenter's parser, with every link destination accepted and every reference label
taken as defined, so that each link, image, autolink, reference link, link definition, raw HTML tag,
HTML comment, Liquid/Hugo tag and piece of code a renderer could find is seen. In plain text, what a
renderer or a reader could still take for markup is looked for too: URLs (any ``scheme://``,
``javascript:`` and other schemes without ``//``, ``//host``, ``www.host``), e-mail addresses,
tag-like text and template delimiters. Emphasis is not compared: it may move. The plain text of the
translation is the text its model wrote, between placeholders.

A mark of the translation is fine when the source has it: among its own marks, among the marks of
the source read with full-width forms as ASCII (``［文档］（/a.md）`` reads as the link a model may
rightly write), or, for a destination or code, anywhere in its text (a URL written as plain text
may become a link). A reference link whose label the source lacks is fine as long as the source has
as many bracketed texts (``【注意】`` becomes ``[Note]``, which a renderer would take for a reference).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markdown_it.common.utils import normalizeReference

from ..source import cjk
from ..source.markdown import LIQUID_INLINE_RE, parser, untitled_tag
from ..source.protect import Placeholder, restore, split_placeholders, trim_url

_REFERENCE = "\0reference:"
"""The destination a reference link gets while checking: this prefix, then its label."""
_SHOWN_MAX = 60
_MAX_PROBLEMS = 5

_NAMES = {
    "link": "the link to {}",
    "image": "the image {}",
    "url": "the URL {}",
    "email": "the e-mail address {}",
    "definition": "the link definition for {}",
    "reference": "the reference link {}",
    "html": "the HTML tag {}",
    "comment": "the HTML comment {}",
    "tag": "the tag-like text {}",
    "template": "the template tag {}",
    "code": "the code {}",
}
"""Mark kind → how a problem names it."""
_FAMILIES = {
    "link": "destination", "image": "destination", "url": "destination", "email": "destination",
    "definition": "destination", "reference": "reference", "html": "html", "comment": "html", "tag": "html", "template": "template",
    "code": "code",
}
"""Mark kind → what it is compared as: a link may become a URL and back, a tag may move from a block into a line."""
_FOUND_IN_TEXT = frozenset({"destination", "code"})
"""Families a source may hold as plain text: such a mark is not new when its text is in the source."""

_URL_CHARS = f"[^\\s<>\"'`{cjk.BARE_URL_END}]"
_URL_LIKE_RE = re.compile(
    rf"(?<![A-Za-z0-9_.+-])[A-Za-z][A-Za-z0-9+.-]*://{_URL_CHARS}+"
    rf"|(?<![A-Za-z0-9_.+-])(?:(?:java|vb|live)script:|data:[a-z]+/|mailto:[^\s@]+@|(?:tel|sms):\+?[0-9(]|file:/"
    rf"|about:blank|blob:|view-source:){_URL_CHARS}*"
    rf"|(?<![A-Za-z0-9_/:])//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+{_URL_CHARS}*"
    rf"|(?<![A-Za-z0-9_./-])www\.[A-Za-z0-9-]+\.{_URL_CHARS}+",
    re.IGNORECASE,
)
"""Text a renderer (GFM's and goldmark's autolinks) or a reader could take for a URL."""
_EMAIL_LIKE_RE = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
"""Text goldmark's autolinks would link as an e-mail address."""
_TAG_LIKE_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>\n]*)?>|<!--")
"""Text that looks like an HTML tag (an autolink such as ``<https://…>`` or ``<a@b.c>`` does not)."""
_TEMPLATE_LIKE_RE = re.compile(r"\{\{|\{%|%\}|\}\}")
_TAG_NAME_RE = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_HTML_PIECE_RE = re.compile(r"<!--.*?(?:-->|\Z)|<[!?/]?[A-Za-z][^<>]*>?", re.S)
"""Tags and comments in a raw HTML block."""
_BRACKETS = str.maketrans("【〔〖〘】〕〗〙", "[[[[]]]]")
"""Brackets NFKC leaves wide that a model may rightly turn into ``[`` and ``]``."""


@dataclass(frozen=True, slots=True)
class Mark:
    """One piece of markup found in a text."""

    kind: str
    """What it is: a key of ``_NAMES``."""
    text: str
    """What identifies it: the destination, tag, code or reference label."""
    shown: str = field(default="", compare=False)
    """How a problem shows it, when not ``text``."""

    @property
    def key(self) -> tuple[str, str]:
        """What is compared with the source's marks."""
        return _FAMILIES[self.kind], self.text

    def problem(self) -> str:
        """The sentence that reports this mark as added."""
        shown = " ".join((self.shown or self.text).split())
        if len(shown) > _SHOWN_MAX:
            shown = shown[: _SHOWN_MAX - 1] + "…"
        return _NAMES[self.kind].format(shown) + " is not in the source"


@dataclass(slots=True)
class Inventory:
    """The marks of one text, in order of appearance."""

    marks: dict[tuple[str, str], Mark] = field(default_factory=dict)
    """Mark key → the first mark with that key."""
    references: int = 0
    """How many reference links (full, collapsed or shortcut) the text has."""
    plain: bool = True
    """Whether the parsed text's own plain text is searched for URLs, tags and template delimiters."""

    def add(self, mark: Mark) -> None:
        """Record ``mark`` unless one with its key is already recorded."""
        self.marks.setdefault(mark.key, mark)


class _EveryLabel:
    """Reference definitions in which every label is defined, so every possible reference link is found."""

    def __init__(self) -> None:
        self.defined: dict[str, dict[str, Any]] = {}
        """Definitions the text itself makes: label → markdown-it's record (``href``, ``title``)."""

    def __contains__(self, label: object) -> bool:
        return label in self.defined

    def __setitem__(self, label: str, value: dict[str, Any]) -> None:
        self.defined[label] = value

    def get(self, label: str, default: object = None) -> dict[str, Any]:
        return self.defined.get(label) or {"href": _REFERENCE + label, "title": ""}


def added_marks(source: str, translation: str, placeholders: Sequence[Placeholder]) -> list[Mark]:
    """The marks of ``translation`` that ``source`` does not have (both masked, with these ``placeholders``).

    The plain text of the translation is searched piece by piece between its placeholders: what the
    model wrote, not a URL of the source that the text now glued to it would seem to lengthen.
    """
    target = inventory(restore(translation, placeholders), plain=False)
    _prose(target, translation)
    if not target.marks:
        return []
    restored = restore(source, placeholders)
    own = inventory(restored)
    _prose(own, source)
    extra = [m for key, m in target.marks.items() if key not in own.marks]
    if not extra:
        return []
    ascii_source = as_ascii(restored)
    references = own.references
    if ascii_source != restored:
        read = inventory(ascii_source)
        extra = [m for m in extra if m.key not in read.marks]
        references = max(references, read.references)
    extra = [m for m in extra if not (m.key[0] in _FOUND_IN_TEXT and _mentions(ascii_source, m))]
    # A reference link whose label the source lacks is a bracketed text a renderer might link:
    # fine while the source has as many reference links left over as there are such texts.
    unmatched = [m for m in extra if m.kind == "reference"]
    matched = sum(1 for key in target.marks if key[0] == "reference") - len(unmatched)
    if unmatched and len(unmatched) <= references - matched:
        extra = [m for m in extra if m.kind != "reference"]
    return extra


def markup_problems(source: str, translation: str, placeholders: Sequence[Placeholder]) -> list[str]:
    """A sentence for each mark ``translation`` adds to ``source`` (see ``added_marks``); empty when none.

    Raises ``PlaceholderError`` when the translation's placeholders cannot be restored.
    """
    marks = added_marks(source, translation, placeholders)
    opened = {_tag_name(m.text) for m in marks if m.kind == "html" and not m.text.startswith("</")}
    # The end tag of an added tag says nothing more.
    marks = [m for m in marks if not (m.kind == "html" and m.text.startswith("</") and _tag_name(m.text) in opened)]
    return [mark.problem() for mark in marks[:_MAX_PROBLEMS]]


def _tag_name(tag: str) -> str:
    match = _TAG_NAME_RE.match(tag)
    return match.group(1).lower() if match else ""


def as_ascii(text: str) -> str:
    """``text`` with full-width forms read as ASCII: ``（`` as ``(``, ``｀`` as a backtick, ``【`` as ``[``."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKC", text).translate(_BRACKETS)


def _mentions(text: str, mark: Mark) -> bool:
    """Whether ``mark`` occurs in ``text``: code anywhere, a destination as a whole (not part of a longer one)."""
    if mark.kind == "code":
        return mark.text in text
    if not mark.text:
        return False  # an empty destination links to the page itself: nothing in a text says so
    for candidate in dict.fromkeys((mark.text, _unquoted(mark.text), mark.text.removeprefix("mailto:"))):
        for match in re.finditer(re.escape(candidate), text):
            before = text[match.start() - 1] if match.start() else " "
            after = text[match.end()] if match.end() < len(text) else " "
            if not (_glued(before) or _glued(after)):
                return True
    return False


def _glued(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "_/.-:%")


def _unquoted(destination: str) -> str:
    return parser().normalizeLinkText(destination) if "%" in destination else destination


def inventory(text: str, *, plain: bool = True) -> Inventory:
    """Every mark in ``text`` the parser finds, and with ``plain`` those in its plain text.

    The text is parsed with every reference label defined (each bracketed text a renderer might link
    is found), and when that finds any, again with none (a label taken as a link must not hide the
    inline link around it: in ``[a [b] c](evil.example)`` only ``[b]`` could be a reference).
    """
    found = Inventory(plain=plain)
    every_label = _EveryLabel()
    _read(found, text, {"spans": {}, "references": every_label})
    definitions = every_label.defined
    if found.references:
        no_label: dict[str, Any] = {"spans": {}}
        _read(Inventory(found.marks, plain=plain), text, no_label)
        definitions = {**no_label.get("references", {}), **definitions}
    for ref in definitions.values():
        found.add(Mark("definition", str(ref["href"])))
    return found


def _read(found: Inventory, text: str, env: dict[str, Any]) -> None:
    for token in parser(every_link=True).parse(text, env):
        read = _BLOCKS.get(token.type)
        if read is not None:
            read(found, token)


def _inline(found: Inventory, token: Any) -> None:
    _children(found, token.children or [])


def _children(found: Inventory, children: Sequence[Any]) -> None:
    run: list[str] = []
    for n, child in enumerate(children):
        if child.type in ("text", "text_special"):
            run.append(child.content)
            continue
        _plain(found, "".join(run))
        run = []
        read = _INLINES.get(child.type)
        if read is not None:
            read(found, child, children, n)
    _plain(found, "".join(run))


def _prose(found: Inventory, masked: str) -> None:
    """Marks in the plain text of ``masked`` between its placeholders."""
    for is_placeholder, piece in split_placeholders(masked):
        if not is_placeholder:
            _scan(found, piece)


def _plain(found: Inventory, text: str) -> None:
    if found.plain and text:
        _scan(found, text)


def _scan(found: Inventory, text: str) -> None:
    """Marks a renderer or a reader could still see in plain text."""
    for match in _URL_LIKE_RE.finditer(text):
        found.add(Mark("url", trim_url(match.group())))
    if "@" in text:
        for match in _EMAIL_LIKE_RE.finditer(text):
            found.add(Mark("email", match.group()))
    for match in _TAG_LIKE_RE.finditer(text):
        found.add(Mark("tag", match.group()))
    for match in _TEMPLATE_LIKE_RE.finditer(text):
        found.add(Mark("template", match.group()))


def _link(found: Inventory, token: Any, siblings: Sequence[Any], n: int) -> None:
    href = str(token.attrGet("href") or "")
    if href.startswith(_REFERENCE):
        label = href[len(_REFERENCE) :]
        words = []
        for sibling in siblings[n + 1 :]:
            if sibling.type == "link_close":
                break
            words.append(sibling.content)
        text = "".join(words)
        shown = f"[{text}]" if normalizeReference(text) == label else f"[{text}][{label.lower()}]"
        found.add(Mark("reference", label, shown))
        found.references += 1
    else:
        found.add(Mark("link", href, "" if href else "()"))


def _image(found: Inventory, token: Any, siblings: Sequence[Any], n: int) -> None:
    src = str(token.attrGet("src") or "")
    if src.startswith(_REFERENCE):
        label = src[len(_REFERENCE) :]
        found.add(Mark("reference", label, f"![{token.content}][{label.lower()}]"))
        found.references += 1
    else:
        found.add(Mark("image", src))
    _children(found, token.children or [])


def _code_inline(found: Inventory, token: Any, siblings: Sequence[Any], n: int) -> None:
    found.add(Mark("code", token.content, f"`{token.content}`"))


def _html_inline(found: Inventory, token: Any, siblings: Sequence[Any], n: int) -> None:
    found.add(Mark("comment" if token.content.startswith("<!--") else "html", token.content))


def _liquid(found: Inventory, token: Any, siblings: Sequence[Any], n: int) -> None:
    found.add(Mark("template", untitled_tag(token.content)))  # a link title in a tag is text the model translates


def _html_block(found: Inventory, token: Any) -> None:
    for piece in _HTML_PIECE_RE.findall(token.content):
        found.add(Mark("comment" if piece.startswith("<!--") else "html", piece))


def _liquid_block(found: Inventory, token: Any) -> None:
    tags = LIQUID_INLINE_RE.findall(token.content) or [token.content.strip()]
    for tag in tags:
        found.add(Mark("template", tag))


def _code_block(found: Inventory, token: Any) -> None:
    found.add(Mark("code", token.content.strip("\n")))


_INLINES: dict[str, Callable[[Inventory, Any, Sequence[Any], int], None]] = {
    "link_open": _link,
    "image": _image,
    "code_inline": _code_inline,
    "html_inline": _html_inline,
    "liquid": _liquid,
}
"""Inline token type → what it adds to an inventory; emphasis and the like add nothing."""
_BLOCKS: dict[str, Callable[[Inventory, Any], None]] = {
    "inline": _inline,
    "html_block": _html_block,
    "liquid_block": _liquid_block,
    "fence": _code_block,
    "code_block": _code_block,
}
"""Block token type → what it adds to an inventory."""

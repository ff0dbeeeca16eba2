"""Explicit heading ids as each parser reads them: kramdown's ``{#id}``, goldmark's attribute blocks; marked has none.

Each reader also removes the closing ``#`` sequence of an ATX heading the way its parser does.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .hexo_slugs import JS_SPACE

_XML_NAME_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_KRAMDOWN_ID_RE = re.compile(f"[\t ]\\{{#([{_XML_NAME_START}][{_XML_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f-\u2040]*)\\}}\\Z")
"""kramdown's ``HEADER_ID``: `` {#id}`` at the end, the id an XML name (REXML's ``NAME_START_CHAR``)."""


_RUBY_SPACE = "\0\t\n\v\f\r "
"""What Ruby's ``rstrip`` removes."""


def kramdown_split(closing: re.Pattern[str]) -> Callable[[str], tuple[str, str | None]]:
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


def goldmark_split(heading: str) -> tuple[str, str | None]:
    """goldmark's attribute syntax on headings (Hugo's ``parser.attribute.title``, on by default).

    ``heading ### {#id}`` (``atxHeadingParser.Open``), else a closing ``#`` sequence removed and a
    last ``{…}`` block ending the line taken (``parseLastLineAttributes``).
    """
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


def marked_split(heading: str) -> tuple[str, str | None]:
    """marked has no id syntax: only a closing ``#`` sequence is removed."""
    text = heading.strip(JS_SPACE)
    trimmed = text.rstrip("#")
    return (trimmed.strip() if not trimmed or trimmed.endswith(" ") else text), None

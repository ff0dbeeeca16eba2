"""How each generator turns names into URL text: its slug function and its percent-encoding.

Each one follows its generator's source (Jekyll 4.3 ``Utils.slugify`` and ``URL.escape_path``,
Hugo 0.111 ``UnicodeSanitize`` and Go's ``url.URL.String``, hexo-util 3 ``slugize`` and
``encodeURL``), not a general idea of a slug: the URLs must be the ones the generator writes.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

_PRETTY_KEEP = frozenset("._~!$&'()+,;=@")
_ASCII_ALNUM = re.compile(r"[^A-Za-z0-9]+")
_SPACES = re.compile(r"\s+")


def _letter_or_digit(char: str) -> bool:
    category = unicodedata.category(char)
    return category[0] in "LM" or category == "Nd"


def jekyll_slugify(value: str, *, mode: str = "default", cased: bool = False) -> str:
    """Jekyll's ``Utils.slugify(value, mode:, cased:)`` for the modes URLs use (default, pretty, raw, ascii)."""
    if mode == "raw":
        slug = _SPACES.sub("-", value)
    elif mode == "ascii":
        slug = _ASCII_ALNUM.sub("-", value)
    else:
        slug = _collapse_replaced(value, _PRETTY_KEEP if mode == "pretty" else frozenset())
    slug = slug.removeprefix("-")
    slug = slug.removesuffix("-")
    return slug if cased else slug.lower()


def _collapse_replaced(value: str, keep: frozenset[str]) -> str:
    """Each run of characters that are neither letters, marks, digits nor in ``keep`` becomes one hyphen."""
    out: list[str] = []
    replacing = False
    for char in value:
        if _letter_or_digit(char) or char in keep:
            out.append(char)
            replacing = False
        elif not replacing:
            out.append("-")
            replacing = True
    return "".join(out)


# Addressable::URI.encode keeps the characters allowed in a path (RFC 3986 pchar and "/") and "?",
# which it reads as the start of a query; Jekyll then escapes "#".
_JEKYLL_SAFE = "/!$&'()*+,;=:@?-._~"
_JEKYLL_PLAIN = re.compile(r"[a-zA-Z0-9./-]+")


def jekyll_escape(value: str) -> str:
    """Jekyll's ``URL.escape_path``: a placeholder's value as it appears in the URL."""
    if not value or _JEKYLL_PLAIN.fullmatch(value):
        return value
    return quote(value, safe=_JEKYLL_SAFE)


_HUGO_KEEP = frozenset("./\\_#+~-@")


def hugo_sanitize(value: str, *, lower: bool = True) -> str:
    """Hugo's ``MakePathSanitized``: letters, digits, marks and ``./\\_#+~-@`` kept, spaces to one hyphen, the rest dropped."""
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for i, char in enumerate(value):
        allowed = char in _HUGO_KEEP or char.isalpha() or unicodedata.category(char) == "Nd" \
            or unicodedata.category(char)[0] == "M" \
            or (char == "%" and re.fullmatch(r"[0-9A-Fa-f]{2}", value[i + 1 : i + 3]) is not None)
        if allowed:
            was_hyphen = char == "-"
            if prepend_hyphen:
                if not was_hyphen:
                    out.append("-")
                prepend_hyphen = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            prepend_hyphen = True
    sanitized = "".join(out)
    return sanitized.lower() if lower else sanitized


# Go's url.URL.String() keeps a path that is already validly escaped ASCII; otherwise it escapes the
# decoded path, keeping only unreserved characters and "$&+,/:;=@".
_GO_VALID = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@\[\]/]|%[0-9A-Fa-f]{2})*")


def go_escape(path: str) -> str:
    """A URL path as Go's ``url.Parse(path).String()`` writes it (Hugo's ``URLizeFilename``)."""
    if _GO_VALID.fullmatch(path):
        return path
    return quote(unquote(path), safe="$&+,/:;=@-._~")


def hexo_slugize(value: str, *, transform: int = 0) -> str:
    """hexo-util's ``slugize``: special characters and spaces to single hyphens; transform 1 lower-cases, 2 upper-cases."""
    value = "".join(_without_accent(c) for c in value)
    value = re.sub(r"[\u0000-\u001f]", "", value)
    value = re.sub(r"[\s~`!@#$%^&*()\-_+=\[\]{}|\\;:\"'<>,.?/]+", "-", value)
    value = re.sub(r"-{2,}", "-", value).strip("-")
    return value.lower() if transform == 1 else value.upper() if transform == 2 else value


def _without_accent(char: str) -> str:
    """A Latin letter without its diacritic, as hexo-util's ``escapeDiacritic`` table gives it; other characters unchanged."""
    if not ("\u00c0" <= char <= "\u024f" or "\u1e00" <= char <= "\u1eff"):
        return char
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)) or char


# encodeURI keeps ASCII letters, digits and ;,/?:@&=+$-_.!~*'()#
_ENCODE_URI_SAFE = ";,/?:@&=+$-_.!~*'()#"


def encode_uri(path: str) -> str:
    """hexo-util's ``encodeURL`` for a path: ``encodeURI(unescape(path))``."""
    return quote(unquote(path), safe=_ENCODE_URI_SAFE)

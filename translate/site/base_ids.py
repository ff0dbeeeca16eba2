"""From a heading's text to its base id, as kramdown, kramdown-parser-gfm and Hugo (goldmark's ``github`` types, Blackfriday) make it."""

from __future__ import annotations

import re
import unicodedata


def kramdown_slug(text: str) -> str:
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


def gfm_slug(text: str) -> str:
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


def github_slug(text: str, *, ascii_only: bool = False) -> str:
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


def blackfriday_slug(text: str) -> str:
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

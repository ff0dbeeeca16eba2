"""Masked text as a person reads it: each placeholder shown as what it stands for, glossary terms marked.

``<m1/>`` standing for inline code becomes ``<code>``, for a link or a URL a link with its text,
for an image its alt text, for HTML, Liquid or math the raw text in a ``<code class="raw">``;
``<l1>…</l1>`` becomes a link around the translated text. Only absolute ``http(s)`` destinations
become clickable links (opened in a new tab, without a referrer); others (relative paths, Liquid,
anything with another scheme) are shown, not followed. Every piece of text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..source.protect import PLACEHOLDER_RE, Placeholder, split_placeholders
from .html import esc

_CODE_RE = re.compile(r"(`+)(.+?)\1", re.S)
_LINK_RE = re.compile(r"(!?)\[(.*)\]\((.*)\)", re.S)
_REF_LINK_RE = re.compile(r"(!?)\[(.*)\]\[(.*)\]", re.S)
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>")
_BARE_URL_RE = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_HARD_BREAK_RE = re.compile(r"(?: {2,}|\\)?\r?\n")
_FOOTNOTE_RE = re.compile(r"\[\^[^\]]+\]")
_CLOSE_RE = re.compile(r"\]\(\s*(<[^>]*>|\S*)(?:\s+[\"'(].*)?\)\s*\Z", re.S)
"""The closing part of a link, ``](destination "title")``: the destination."""
_FOLLOWED_RE = re.compile(r"https?://[^\s\"'<>]+", re.I)


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of plain text to highlight: a glossary term in Chinese, or its rendering in English."""

    pattern: re.Pattern[str]
    """Where it occurs."""
    title: str
    """Shown on hover (e.g. ``才云 → Caicloud``)."""


def masked_html(text: str, placeholders: Sequence[Placeholder], marks: Sequence[Mark] = ()) -> str:
    """``text`` (masked) as escaped HTML with placeholders shown as what they stand for and ``marks`` highlighted."""
    originals = {p.token: p.original for p in placeholders}
    out: list[str] = []
    for is_tag, piece in split_placeholders(text):
        match = PLACEHOLDER_RE.fullmatch(piece) if is_tag else None
        if match is None:
            out.append(_marked(piece, marks))
            continue
        slash, kind, number, _ = match.groups()
        token = f"<m{number}/>" if kind == "m" else f"<{slash}l{number}>"
        original = originals.get(token)
        if original is None:  # a reply's invented placeholder: show it as it is
            out.append(f'<code class="raw" title="not in the source">{esc(piece)}</code>')
        elif kind == "m":
            out.append(atom_html(original, token))
        elif slash:
            out.append("]</span>" if _image_open(originals, number) else "</a>" if _is_followed(original) else "</span>")
        else:
            out.append(_link_open(original, originals.get(f"</l{number}>", ""), token))
    html = "".join(out)
    return _balanced(html)


def _image_open(originals: dict[str, str], number: str) -> bool:
    return originals.get(f"<l{number}>", "").startswith("!")


def _is_followed(close: str) -> bool:
    match = _CLOSE_RE.match(close)
    return bool(match and _FOLLOWED_RE.fullmatch(match.group(1).strip("<>")))


def link_destination(close: str) -> str:
    """Where a link whose text is translated leads, from what its closing placeholder stands for (``](url "title")``)."""
    match = _CLOSE_RE.match(close)
    return match.group(1).strip("<>") if match else close.lstrip("]")


def _link_open(opening: str, close: str, token: str) -> str:
    """The opening tag of a link (or image) whose text is translated, from its closing placeholder's destination."""
    match = _CLOSE_RE.match(close)
    destination = match.group(1).strip("<>") if match else close
    if opening.startswith("!"):
        return f'<span class="img" title="image {esc(destination)} ({esc(token)})">[image: '
    if match and _FOLLOWED_RE.fullmatch(destination):
        return f'<a href="{esc(destination)}" title="{esc(destination)}" rel="noopener noreferrer" target="_blank">'
    return f'<span class="link-local" title="link {esc(destination or close)} ({esc(token)})">'


def atom_html(original: str, token: str = "") -> str:
    """One protected element as a reader sees it (see the module docstring)."""
    hint = f" ({token})" if token else ""
    code = _CODE_RE.fullmatch(original)
    if code:
        return f'<code title="inline code{esc(hint)}">{esc(code.group(2).strip() or code.group(2))}</code>'
    link = _LINK_RE.fullmatch(original) or _REF_LINK_RE.fullmatch(original)
    if link:
        bang, label, target = link.groups()
        destination = target.split()[0].strip("<>") if target.split() else target
        if bang:
            return f'<span class="img" title="image {esc(destination)}{esc(hint)}">[image: {esc(label)}]</span>'
        return _anchor(destination, label, hint)
    autolink = _AUTOLINK_RE.fullmatch(original)
    if autolink:
        return _anchor(autolink.group(1), autolink.group(1), hint)
    if _BARE_URL_RE.fullmatch(original):
        return _anchor(original, original, hint)
    if _HARD_BREAK_RE.fullmatch(original):
        return "<br>"
    if _FOOTNOTE_RE.fullmatch(original):
        return f'<sup title="footnote{esc(hint)}">{esc(original)}</sup>'
    return f'<code class="raw" title="kept as is{esc(hint)}">{esc(original)}</code>'


def _anchor(destination: str, text: str, hint: str) -> str:
    if _FOLLOWED_RE.fullmatch(destination):
        return (f'<a href="{esc(destination)}" title="{esc(destination)}{esc(hint)}" rel="noopener noreferrer" '
                f'target="_blank">{esc(text)}</a>')
    return f'<span class="link-local" title="link {esc(destination)}{esc(hint)}">{esc(text)}</span>'


def _marked(text: str, marks: Sequence[Mark]) -> str:
    """Plain text, escaped, with the first mark found at each place highlighted."""
    spans: list[tuple[int, int, str]] = []
    for mark in marks:
        for found in mark.pattern.finditer(text):
            if found.end() > found.start() and not any(s < found.end() and found.start() < e for s, e, _ in spans):
                spans.append((found.start(), found.end(), mark.title))
    out: list[str] = []
    pos = 0
    for start, end, title in sorted(spans):
        out.append(esc(text[pos:start]))
        out.append(f'<mark class="term" title="{esc(title)}">{esc(text[start:end])}</mark>')
        pos = end
    out.append(esc(text[pos:]))
    return "".join(out)


_OPEN_TAG_RE = re.compile(r"<(a|span)\b[^>]*>|</(a|span)>")


def _balanced(html: str) -> str:
    """``html`` with every link or image tag it opens closed, and no closing tag without its opening.

    A rejected reply may carry ``</l1>`` before ``<l1>``, or one without the other; the page must
    stay well formed whatever it says.
    """
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in _OPEN_TAG_RE.finditer(html):
        out.append(html[pos : match.start()])
        pos = match.end()
        if match.group(1):
            stack.append(match.group(1))
            out.append(match.group())
        elif stack and stack[-1] == match.group(2):
            stack.pop()
            out.append(match.group())
    out.append(html[pos:])
    out.extend(f"</{tag}>" for tag in reversed(stack))
    return "".join(out)

"""Validation of one translated segment before anything is cached or written.

Each problem is a short sentence naming the failure: the pipeline puts them in the retry prompt
(so they speak to the model) and in the user's report (so they speak to a person).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import PlaceholderError
from ..source import cjk
from ..source.protect import PLACEHOLDER_RE, placeholder_problems, split_placeholders

if TYPE_CHECKING:
    from ..glossary.model import GlossaryEntry
    from ..source.segment import Segment


QA_VERSION = 1
"""The version of these checks, stored with every cached reply they passed.

Bump it whenever a check gets stricter: a cached reply stored by an older version is validated
again before it is used (and dropped if it fails); replies stored by this version are trusted.
Version 0 stands for replies cached before versions were stored.
"""

URL_RE = re.compile(f"https?://[^\\s<>\"'`)\\]{cjk.WIDE_PUNCTUATION}]+")
WIDE_PUNCT_RE = re.compile(f"[{cjk.WIDE_PUNCTUATION}]")
"""CJK symbols and punctuation, full-width and half-width forms: none belongs in the English."""
_HAN_RUN_RE = cjk.HAN_OR_KANA_RUN_RE
_LEFTOVER_RE = re.compile(f"[{cjk.LEFTOVER}]")
_KANA_RE = re.compile(f"[{cjk.KANA}]")
_CHATTER_START_RE = re.compile(
    r"""\A\W*(?:
        here(?:\s+is|'s|’s)\b[^\n.]{0,40}\btranslat   # "Here is the translation", "Here's my English translation"
      | (?:english\s+)?translation\s*:                  # "Translation: ..."
      | (?:sure|certainly|of\ course|okay)\b\s*[,!]     # "Sure, ..."
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_NOTE_RE = re.compile(r"(?:^|[\s(\[])(?:translator'?s?\s+)?note\s*:|\(translator|\btranslator'?s note", re.IGNORECASE)
_SOURCE_NOTE_RE = re.compile(r"注|备注|提示|note|N\.B\.", re.IGNORECASE)
_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」", "『": "』", "《": "》"}
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\r?\n")
_MAX_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Assessment:
    """The problems of one reply, by what they mean for it (see the README's "When the model stumbles")."""

    errors: tuple[str, ...] = ()
    """Never written: placeholders, markup, URLs, structure, empty, chatter, Chinese left."""
    glossary: tuple[str, ...] = ()
    """Glossary renderings not followed: errors while retries remain, warnings after the last one."""
    warnings: tuple[str, ...] = ()
    """Written, and recorded for review: e.g. a Japanese phrase the source quotes, kept as it is."""


def problems(segment: Segment, translation: str, entries: Sequence[GlossaryEntry]) -> list[str]:
    """Every way ``translation`` fails to be a usable English version of ``segment``; empty when valid."""
    found = assess_text(segment, translation, entries)
    return [*found.errors, *found.glossary]


def assess_text(segment: Segment, translation: str, entries: Sequence[GlossaryEntry]) -> Assessment:
    """``problems``, sorted into errors, glossary violations and warnings."""
    if not translation.strip():
        return Assessment(errors=("the translation is empty",))
    found = placeholder_problems(translation, segment.placeholders)
    if not found:
        found += _markup_problems(segment, translation)
    prose = _without_placeholders(translation)
    found += _missing_url_problems(segment.text, translation)
    leftover, warnings = _leftover_problems(prose, entries, segment.text)
    found += leftover
    found += _chatter_problems(segment.text, translation)
    glossary: list[str] = []
    if entries:
        from ..glossary.model import violations  # lazy: validation without a glossary needs no glossary module

        glossary = violations(entries, prose)
    return Assessment(tuple(found), tuple(glossary), tuple(warnings))


def _without_placeholders(text: str) -> str:
    """``text`` with each placeholder tag replaced by a space, so words on either side stay apart."""
    return PLACEHOLDER_RE.sub(" ", text)


def _urls(text: str) -> list[str]:
    """URLs in ``text`` outside placeholders, trailing sentence punctuation dropped."""
    plain = " ".join(piece for is_tag, piece in split_placeholders(text) if not is_tag)
    return [url.rstrip(".,:;!?*_~") for url in URL_RE.findall(plain)]


def _missing_url_problems(source: str, translation: str) -> list[str]:
    target_urls = _urls(translation)
    return [f"the URL {url} of the source is missing" for url in dict.fromkeys(_urls(source)) if url not in target_urls]


def _markup_problems(segment: Segment, translation: str) -> list[str]:
    """Links, URLs, HTML, template tags, code or tag-like text the translation adds (its placeholders are sound)."""
    from .markup import markup_problems  # lazy: the parser is not needed to know QA_VERSION

    try:
        return markup_problems(segment.text, translation, segment.placeholders)
    except PlaceholderError as exc:
        return [exc.message]


def _leftover_problems(prose: str, entries: Sequence[GlossaryEntry], source: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) for CJK text left in ``prose``: Japanese the source itself holds is a warning."""
    # Text the glossary itself wants in CJK (a kept term, a rendering such as "微信 (WeChat)") is allowed.
    allowed = {spelling for e in entries if e.keep for spelling in (e.term, *e.aliases)}
    allowed |= {e.rendering for e in entries if _LEFTOVER_RE.search(e.rendering or "")}
    for text in sorted(allowed, key=len, reverse=True):
        if text:
            prose = prose.replace(text, " ")
    runs = list(dict.fromkeys(_HAN_RUN_RE.findall(prose)))
    quoted = [run for run in runs if _KANA_RE.search(run) and run in source]  # e.g. a Japanese title the post quotes
    han = [run for run in runs if run not in quoted]
    punct = "".join(dict.fromkeys(WIDE_PUNCT_RE.findall(_HAN_RUN_RE.sub(" ", prose) if quoted else prose)))
    found = []
    if han:
        shown = ", ".join(han[:_MAX_SHOWN]) + (", ..." if len(han) > _MAX_SHOWN else "")
        found.append(f"Chinese text left untranslated: {shown}")
    if punct:
        found.append(f"full-width punctuation left (use ASCII): {punct}")
    warnings = [f"text in another script kept as the source has it: {', '.join(quoted[:_MAX_SHOWN])}"] if quoted else []
    return found, warnings


def _chatter_problems(source: str, translation: str) -> list[str]:
    found = []
    text = translation.strip()
    if _CHATTER_START_RE.match(text):
        found.append(f"the translation starts with chatter ({text[:30]!r}); reply with the translation only")
    if "```" in translation and "```" not in source:
        found.append("the translation adds a code fence")
    if _NOTE_RE.search(translation) and not _SOURCE_NOTE_RE.search(source):
        found.append("the translation adds a note")
    src = source.strip()
    wrapped = len(text) >= 2 and _QUOTES.get(text[0]) == text[-1] and text[-1] not in text[1:-1]
    if wrapped and not (src and src[0] in _QUOTES):
        found.append("the translation is wrapped in quotes the source does not have")
    if _BLANK_LINE_RE.search(translation) and not _BLANK_LINE_RE.search(source):
        found.append("the translation adds a blank line")
    return found


def reply_problems(segment: Segment, translation: str, entries: Sequence[GlossaryEntry]) -> list[str]:
    """``problems``, then whether the translation keeps its block's structure when spliced in; empty when usable."""
    found = assess(segment, translation, entries)
    return [*found.errors, *found.glossary]


def assess(segment: Segment, translation: str, entries: Sequence[GlossaryEntry]) -> Assessment:
    """``assess_text``, then whether the translation keeps its block's structure when spliced in."""
    found = assess_text(segment, translation, entries)
    if found.errors:
        return found
    from ..source.segment import structure_problems

    try:
        structure = structure_problems(segment, translation)
    except PlaceholderError as exc:
        structure = [exc.message]
    except ValueError:
        structure = ["the reply is the untranslated source text"]
    return Assessment((*found.errors, *structure), found.glossary, found.warnings) if structure else found


def judge(segment: Segment, reply: str, entries: Sequence[GlossaryEntry]) -> tuple[str, Assessment]:
    """The reply with the fixes by rule applied (``fixups.fix``), and its assessment.

    A fix must never add an error: when the fixed reply has an error the reply as it came does not
    (brackets and parentheses that became a link, backticks that became code), the reply is kept
    as it came, and assessed as such.
    """
    from .fixups import fix

    fixed = fix(reply)
    found = assess(segment, fixed, entries)
    if fixed == reply or not found.errors:
        return fixed, found
    unfixed = assess(segment, reply, entries)
    if set(found.errors) - set(unfixed.errors):
        return reply, unfixed
    return fixed, found


def integrity_problems(segment: Segment, translation: str) -> list[str]:
    """What no one may accept in a translation, whoever reviews it: it would break the post or add to it.

    An empty text, placeholders lost, repeated or invented, markup the source lacks (links, URLs,
    HTML, template tags, code), a URL of the source lost, a code fence added, or a block structure
    changed. Leftover Chinese, glossary renderings and wording are a person's call (``review`` lets
    a person accept a reply rejected for those).
    """
    if not translation.strip():
        return ["the translation is empty"]
    found = placeholder_problems(translation, segment.placeholders)
    if not found:
        found += _markup_problems(segment, translation)
    found += _missing_url_problems(segment.text, translation)
    if "```" in translation and "```" not in segment.text:
        found.append("the translation adds a code fence")
    if found:
        return found
    from ..source.segment import structure_problems

    try:
        return structure_problems(segment, translation)
    except PlaceholderError as exc:
        return [exc.message]
    except ValueError:
        return []  # the source text itself: nothing added, nothing broken

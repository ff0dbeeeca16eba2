"""Which terms a post's English edition needs, and the one-line warnings for fields it cannot translate.

A term field is one named in ``term_fields`` holding a text or a list of texts, or one named in
``fields`` holding a list of texts (a list is never a sentence). A field named in either whose
value is of another kind (a number, a mapping, a list of mappings…), or whose text cannot be
rewritten in place, is named in a warning with its file and line, never skipped silently. A term
field the site builds URLs from (``url_fields``) is kept as it is unless ``translate_url_terms``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..config import Settings
from ..source.fields import field_pattern, field_values
from ..source.post import Post, count_lines
from ..source.termvalues import TermValue, term_values
from .table import needs_rendering


@dataclass(frozen=True, slots=True)
class PostTerms:
    """The term fields of one post that its English edition writes from the table."""

    fields: tuple[TermValue, ...] = ()
    """The term fields holding a term with Chinese, with the spans of their texts in the source."""
    warnings: tuple[str, ...] = ()
    """``path:line: …`` for each field named in the settings that is not translated, and why."""
    kept_for_urls: tuple[str, ...] = ()
    """Term fields with Chinese kept as they are because the site builds URLs from them."""

    @property
    def terms(self) -> tuple[str, ...]:
        """The distinct terms with Chinese, in the order they appear."""
        return tuple(dict.fromkeys(v for f in self.fields for v in f.values if needs_rendering(v)))


def url_fields_note(field: str) -> str:
    """The warning said once per run for a term field kept because the site's URLs are built from it."""
    return (f"field {field} is kept as it is in English posts because the site builds URLs from it; "
            "set translate_url_terms = true to translate it (the English posts' URLs then change)")


def post_terms(settings: Settings, post: Post, where: str, *, url_fields: frozenset[str] = frozenset()) -> PostTerms:
    """The term fields of ``post`` (``where`` names it in warnings) and what cannot be translated in it."""
    fm = post.front_matter
    if fm is None:
        return PostTerms()
    fields: list[TermValue] = []
    warnings: list[str] = []
    kept: list[str] = []
    for key in dict.fromkeys((*settings.fields, *settings.term_fields)):
        value = fm.data.get(key)
        if value is None or value == "" or value == []:
            continue
        line = _line(post, key)
        is_term = key in settings.term_fields or isinstance(value, list)
        if isinstance(value, str) and not is_term:
            if value.strip() and next(field_values(post, [key]), None) is None:
                warnings.append(f"{where}:{line}: field {key} spans several lines; only one-line text is translated "
                                "(write it on one line to have it translated)")
            continue
        kind = _kind(value)
        if kind:
            warnings.append(f"{where}:{line}: field {key} is {kind}; only text or a list of texts is translated")
            continue
        texts: list[str] = value if isinstance(value, list) else [str(value)]
        if not any(needs_rendering(v) for v in texts):
            continue  # nothing to render: the English keeps it as it is
        if key in url_fields and not settings.translate_url_terms:
            kept.append(key)
            continue
        found = next(term_values(post, [key]), None)
        if isinstance(found, str) or found is None:
            warnings.append(f"{where}:{line}: field {key} cannot be rewritten in place; only one-line texts, "
                            "[a, b] lists and '- a' lines are translated")
            continue
        fields.append(found)
    return PostTerms(tuple(fields), tuple(warnings), tuple(kept))


def site_url_fields(settings: Settings) -> frozenset[str]:
    """The front matter fields the site builds its post URLs from (Jekyll ``:categories``, Hexo ``:category``).

    This is the one place that asks the site model; every function that needs the answer takes it as ``url_fields``.
    """
    site = settings.site
    if site is None:
        return frozenset()
    pattern = site.permalinks.get("posts" if site.generator == "jekyll" else "post", "")
    token = {"jekyll": ":categories", "hexo": ":category"}.get(site.generator)
    return frozenset({"category", "categories"}) if token and token in pattern else frozenset()


def _line(post: Post, key: str) -> int:
    fm = post.front_matter
    assert fm is not None
    match = field_pattern(fm.kind, key).search(post.text, fm.start, fm.end)
    return count_lines(post.text, match.start()) + 1 if match else count_lines(post.text, fm.start) + 1


def _kind(value: object) -> str:
    """What ``value`` is, as a warning says it, when it is not a text or a list of texts ("" when it is)."""
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        others = [_single_kind(v) for v in value if not isinstance(v, str)]
        if not others:
            return ""
        if len(set(others)) == 1 and len(others) == len(value):
            return f"a list of {_plural(others[0])}"
        return f"a list holding {others[0]}"
    return _single_kind(value)


def _single_kind(value: object) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date"
    if isinstance(value, str):
        return "a text"
    return "empty" if value is None else f"a {type(value).__name__}"


def _plural(kind: str) -> str:
    return {"true or false": "true/false values", "a number": "numbers", "a mapping": "mappings", "a list": "lists",
            "a date": "dates", "empty": "empty values"}.get(kind, kind.removeprefix("a ") + "s")

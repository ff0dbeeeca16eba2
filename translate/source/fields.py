"""Front matter fields: find each translated value's exact span in the raw text and write it back in
place; set the writer's own fields (``lang``, ``source``) in the English post.

Front matter is never re-dumped (that would reorder keys and rewrite values); only the value of a
chosen field is replaced, quoted in the same style as the original when that style can hold it, and
a field the writer sets is replaced on its line or added as a new line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .post import LINE_START, Post, toml_module

_YAML_FIELD = LINE_START + r"{key}[ \t]*:[ \t]*(?P<value>[^\r\n]*)"
_TOML_FIELD = LINE_START + r"{key}[ \t]*=[ \t]*(?P<value>[^\r\n]*)"


@dataclass(frozen=True, slots=True)
class FieldValue:
    """A scalar front matter value and where its source text lies."""

    key: str
    """The field name."""
    value: str
    """The parsed string value."""
    start: int
    """Offset of the value's first character (its opening quote, if quoted)."""
    end: int
    """Offset after the value (its closing quote, if quoted)."""
    style: str
    """How a new value is written: ``yaml-plain``, ``yaml-double``, ``yaml-single``, ``toml``."""


def field_values(post: Post, keys: Sequence[str]) -> Iterator[FieldValue]:
    """The values of ``keys`` that are single-line strings, with their exact spans."""
    fm = post.front_matter
    if fm is None:
        return
    raw = post.text[fm.start : fm.end]
    for key in keys:
        value = fm.data.get(key)
        if not isinstance(value, str) or not value.strip():
            continue
        match = field_pattern(fm.kind, key).search(raw)
        if not match:
            continue
        located = locate_scalar(match.group("value"), value, fm.kind)
        if located is None:
            continue  # block scalars and multi-line values are left as they are
        offset, length, style = located
        start = fm.start + match.start("value") + offset
        yield FieldValue(key=key, value=value, start=start, end=start + length, style=style)


def field_pattern(kind: str, key: str) -> re.Pattern[str]:
    """The line that sets top-level ``key`` in front matter of ``kind`` (``yaml`` or ``toml``); its value is group ``value``."""
    return re.compile((_YAML_FIELD if kind == "yaml" else _TOML_FIELD).format(key=re.escape(key)), re.M)


def locate_scalar(raw_value: str, value: str, kind: str) -> tuple[int, int, str] | None:
    """Offset, length and style of the scalar in ``raw_value`` that parses to ``value``."""
    if kind == "toml":
        quote = raw_value[:1]
        if quote not in "\"'":
            return None
        for end in range(1, len(raw_value)):
            if raw_value[end] == quote and _toml_string(raw_value[: end + 1]) == value:
                return 0, end + 1, "toml"
        return None
    quote = raw_value[:1]
    style = {"\"": "yaml-double", "'": "yaml-single"}.get(quote, "yaml-plain")
    # The scalar ends at its closing quote, or (plain) before a comment; one parse confirms it.
    guess = _yaml_scalar_end(raw_value, quote if style != "yaml-plain" else "")
    if guess and _yaml_load(raw_value[:guess]) == value:
        return 0, guess, style
    for end in range(1, len(raw_value) + 1):
        # The shortest prefix that parses to the value: a trailing comment stays outside the span.
        if style != "yaml-plain" and raw_value[end - 1] != quote:
            continue
        if _yaml_load(raw_value[:end]) == value:
            return 0, end, style
    return None


def _yaml_scalar_end(raw_value: str, quote: str) -> int:
    """Where a one-line YAML scalar most likely ends: after its closing quote, or before `` #``."""
    if quote == "'":
        match = re.match(r"'(?:[^']|'')*'", raw_value)
    elif quote == '"':
        match = re.match(r'"(?:[^"\\]|\\.)*"', raw_value)
    else:
        match = re.match(r"(?:[^#]|(?<=\S)#)*", raw_value)
        return len(match.group().rstrip(" \t")) if match else 0
    return match.end() if match else 0


def _yaml_load(piece: str) -> object:
    """``piece`` parsed as YAML (with libyaml when available); a sentinel when it does not parse."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(piece, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError:
        return _INVALID


_INVALID = object()


def _toml_string(piece: str) -> object:
    tomllib = toml_module()
    try:
        return tomllib.loads(f"v = {piece}").get("v")
    except tomllib.TOMLDecodeError:
        return None


def _yaml_double(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _yaml_single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _yaml_plain(text: str) -> str:
    # The cheap tests first: most values fail one of them, and loading YAML is the costly part.
    if text and text == text.strip() and not _YAML_INDICATOR_RE.search(text) and _yaml_load(text) == text:
        return text
    return _yaml_double(text)


_YAML_INDICATOR_RE = re.compile(r"[:#\[\]{},&*!|>'\"%@`]")


ENCODERS: dict[str, Callable[[str], str]] = {
    "yaml-plain": _yaml_plain,
    "yaml-double": _yaml_double,
    "yaml-single": _yaml_single,
    "toml": _yaml_double,  # a JSON string is a valid TOML basic string
}
"""Writes a value in a style: the original's for a translated value, the writer's for its own fields."""

_OPENING_FENCE_RE = re.compile(r"(?:---|\+\+\+)[ \t]*(\r\n|\r|\n)")
_CLOSING_FENCE_RE = re.compile(LINE_START + r"(?:---|\.\.\.|\+\+\+)[ \t]*(?:\r\n|\r|\n|\Z)")
_TOML_TABLE_RE = re.compile(LINE_START + r"[ \t]*\[")
_PLAIN_VALUE_RE = re.compile(r"[A-Za-z0-9_./-]+")
"""A value of the writer's own that may go unquoted in YAML: a language code or an ASCII path."""


def set_fields(source: Post, text: str, values: dict[str, str]) -> str:
    """``text`` (built from ``source``) with front matter fields set; added before the closing fence."""
    fm = source.front_matter
    if fm is None:
        return text  # no front matter to extend: adding one would change how the site renders the post
    # Offsets inside the front matter moved if a translated field grew or shrank: find the fences again.
    opening = _OPENING_FENCE_RE.match(text)
    if opening is None:
        return text
    eol = opening.group(1)
    match = _CLOSING_FENCE_RE.search(text, opening.end())
    if match is None:
        return text
    head, tail = text[opening.end() : match.start()], text[match.start() :]
    field = _YAML_FIELD if fm.kind == "yaml" else _TOML_FIELD
    for key, value in values.items():
        line = _field_line(fm.kind, key, value)
        pattern = re.compile(field.format(key=re.escape(key)))
        if pattern.search(head):
            head = pattern.sub(lambda _: line, head, count=1)
            continue
        # TOML keys after a [table] header belong to that table: top-level keys go before the first one.
        table = _TOML_TABLE_RE.search(head) if fm.kind == "toml" else None
        at = table.start() if table else len(head)
        before = head[:at]
        if before and not before.endswith(("\n", "\r")):
            before += eol
        head = before + line + eol + head[at:]
    return text[: opening.end()] + head + tail


def _field_line(kind: str, key: str, value: str) -> str:
    """The front matter line that sets ``key`` to ``value``."""
    if kind == "toml":
        return f"{key} = {ENCODERS['toml'](value)}"
    # Anything beyond plain ASCII is quoted, as the writer has always written these fields (so English
    # posts written before keep their bytes); yaml-plain still quotes what YAML reads as another type.
    style = "yaml-plain" if _PLAIN_VALUE_RE.fullmatch(value) else "yaml-double"
    return f"{key}: {ENCODERS[style](value)}"

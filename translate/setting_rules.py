"""Settings' rules: what each setting takes, how it is checked, and how the environment's text is read."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .layouts import LAYOUTS


@dataclass(frozen=True, slots=True)
class Rule:
    """How one setting's value is checked and converted."""

    valid: str
    """The values it takes, as messages say them after "set it to"."""
    check: Callable[[Any], Any]
    """A value as TOML or a flag gives it → the setting's value; raises ValueError when it is not valid."""
    parse: Callable[[str], Any] | None = None
    """Environment text → a value for ``check``; None when the setting is text already."""
    in_environment: str = ""
    """What messages say instead of ``valid`` for an environment variable, when it is written differently."""


def _whole(minimum: int, *, auto: bool = False) -> Rule:
    def check(value: Any) -> int | None:
        if auto and value == "auto":
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise ValueError
        return value

    def parse(text: str) -> Any:
        if auto and text.strip() == "auto":
            return "auto"
        if not re.fullmatch(r"[+-]?\d+", text.strip()):
            raise ValueError
        return int(text)

    valid = f"a whole number, at least {minimum}"
    return Rule(f'{valid}, or "auto"' if auto else valid, check, parse)


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise ValueError
    return float(value)


_TRUE, _FALSE = ("true", "1", "yes", "on"), ("false", "0", "no", "off")


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError
    return value


def _flag_text(text: str) -> bool:
    word = text.strip().lower()
    if word not in _TRUE + _FALSE:
        raise ValueError
    return word in _TRUE


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError
    return value


def _field_name(value: Any) -> str:
    # Written into front matter as a bare key: YAML and TOML must both read it back as that key.
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+", value):
        raise ValueError
    return value


def _url(value: Any) -> str | None:
    if value == "":
        return None
    if not isinstance(value, str) or not re.match(r"https?://[^/\s]", value) or any(c.isspace() for c in value):
        raise ValueError
    return value


def _path(value: Any) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value.strip() or "\0" in value:
        raise ValueError
    return Path(value)


def _optional_path(value: Any) -> Path | None:
    return None if value == "" else _path(value)


GENERATORS = ("auto", "jekyll", "hugo", "hexo", "none")
HEADING_RULES = ("auto", "off", "kramdown", "kramdown-gfm", "github", "github-ascii", "hexo")


def _one_of(names: tuple[str, ...]) -> Rule:
    def check(value: Any) -> str:
        if value not in names:
            raise ValueError
        return str(value)

    return Rule(f"one of {', '.join(names)}", check)


def _layout(value: Any) -> str:
    if value not in LAYOUTS and value != "auto":
        raise ValueError
    return str(value)


def _names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError
    return tuple(_text(name) for name in value)


def _field_names(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError
    return tuple(_field_name(name) for name in value)


def _folders(value: Any) -> tuple[Path, ...]:
    folders = (value,) if isinstance(value, (str, Path)) else value
    if not isinstance(folders, (list, tuple)) or not folders:
        raise ValueError
    return tuple(_path(folder) for folder in folders)


def _comma_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _prices(value: Any) -> dict[str, tuple[float, float]]:
    if not isinstance(value, dict):
        raise ValueError
    prices: dict[str, tuple[float, float]] = {}
    for model, pair in value.items():
        if not isinstance(pair, (list, tuple)) or len(pair) != 2:
            raise ValueError
        for price in pair:
            if isinstance(price, bool) or not isinstance(price, (int, float)) or not math.isfinite(price) or price < 0:
                raise ValueError
        prices[str(model)] = (float(pair[0]), float(pair[1]))
    return prices


RULES: dict[str, Rule] = {
    "model": Rule("a model name (a non-empty string)", _text),
    "base_url": Rule("an http:// or https:// URL of an OpenAI-compatible endpoint", _url),
    "glossary": Rule("a file path (a non-empty string)", _path),
    "cache_dir": Rule("a folder path (a non-empty string)", _path),
    "lock_file": Rule("a file path (a non-empty string)", _path),
    "concurrency": _whole(1),
    "batch_tokens": _whole(50),
    "batch_api_lines": _whole(1),
    "batch_api_bytes": _whole(1024),
    "batch_api_poll": Rule("a number of seconds greater than 0", _seconds, float),
    "batch_api_retry": _one_of(("batch", "chat")),
    "max_segment_tokens": _whole(50, auto=True),
    "max_tries": _whole(1),
    "timeout": Rule("a number of seconds greater than 0", _seconds, float),
    "json_mode": Rule("true or false", _flag, _flag_text, "true or false (or 1/0, yes/no, on/off)"),
    "math": Rule("true or false", _flag, _flag_text, "true or false (or 1/0, yes/no, on/off)"),
    "fields": Rule('a list of front matter field names, such as ["title", "description"]', _names, _comma_list,
                   "front matter field names separated by commas, such as title,description"),
    "term_fields": Rule('a list of front matter field names, such as ["tags", "categories"]', _field_names, _comma_list,
                        "front matter field names separated by commas, such as tags,categories"),
    "terms": Rule("a file path (a non-empty string)", _path),
    "translate_url_terms": Rule("true or false", _flag, _flag_text, "true or false (or 1/0, yes/no, on/off)"),
    "layout": Rule(f"one of auto, {', '.join(LAYOUTS)}", _layout),
    "out": Rule("a folder path", _optional_path),
    "lang_field": Rule("a front matter field name (letters, digits, _ and -)", _field_name),
    "source_field": Rule("a front matter field name (letters, digits, _ and -)", _field_name),
    "prices": Rule('a table of model name → [USD per million prompt tokens, per million completion tokens], '
                   'such as { "gpt-4o-mini" = [0.15, 0.60] }', _prices, json.loads,
                   'a JSON object of model name → [USD per million prompt tokens, per million completion tokens], '
                   'such as {"gpt-4o-mini": [0.15, 0.60]}'),
    "content": Rule('a list of folders, such as ["content"]', _folders, _comma_list,
                    "folders separated by commas, such as content,drafts"),
    "parse_workers": _whole(0, auto=True),
    "generator": _one_of(GENERATORS),
    "site_url": Rule("an http:// or https:// URL, such as https://example.com/blog", _url),
    "anchors": _one_of(HEADING_RULES),
    "rewrite_links": Rule("true or false", _flag, _flag_text, "true or false (or 1/0, yes/no, on/off)"),
}
"""Setting name → its rule; every setting a user may give (``root`` is found, not set)."""

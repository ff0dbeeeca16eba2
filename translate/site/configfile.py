"""Read a generator's configuration file (YAML, TOML or JSON) and the loosely typed values found in it.

Blog configurations in the wild hold odd types (``url: 123``, ``permalink: [a]``, ``category_map:``
left empty). A file that cannot be parsed at all is a ConfigError naming the file and line; a
value of the wrong type is ignored by the caller, which records what it assumed instead.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import ConfigError

_TOML_LINE = re.compile(r"at line (\d+)")


def load_config(path: Path) -> dict[str, Any]:
    """The settings in ``path`` (by its suffix: .yml/.yaml, .toml or .json); ConfigError when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ConfigError(f"cannot read the blog's configuration ({exc.strerror}); make it readable", path=path) from exc
    except UnicodeDecodeError as exc:
        raise ConfigError("the blog's configuration is not UTF-8 text; save it as UTF-8", path=path) from exc
    loader = _LOADERS.get(path.suffix.lower(), _load_yaml)
    data = loader(text, path)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("the blog's configuration is not a mapping of settings (key: value); fix the file", path=path, line=1)
    return {str(key): value for key, value in data.items()}


def _load_yaml(text: str, path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ConfigError(f"the blog's configuration is not valid YAML ({problem}); fix the YAML at this line",
                          path=path, line=mark.line + 1 if mark is not None else None) from exc


def _load_toml(text: str, path: Path) -> Any:
    from ..source.post import toml_module

    tomllib = toml_module()
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        raise ConfigError(f"the blog's configuration is not valid TOML ({exc}); fix the TOML at this line",
                          path=path, line=int(found.group(1)) if found else None) from exc


def _load_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"the blog's configuration is not valid JSON ({exc.msg}); fix the JSON at this line",
                          path=path, line=exc.lineno) from exc


_LOADERS: dict[str, Callable[[str, Path], Any]] = {
    ".yml": _load_yaml,
    ".yaml": _load_yaml,
    ".toml": _load_toml,
    ".json": _load_json,
}


def text(value: object) -> str | None:
    """``value`` as text when it is a scalar a generator would print (string, number, date), else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    return None


def flag(value: object, default: bool) -> bool:
    """``value`` as true/false (YAML and TOML booleans, and the words generators accept), else ``default``."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no", "on", "off"):
        return value.strip().lower() in ("true", "yes", "on")
    return default


def mapping(value: object) -> dict[str, Any]:
    """``value`` when it is a mapping (keys as text), else an empty one (``category_map:`` left empty is None)."""
    if isinstance(value, Mapping):
        return {str(key): item for key, item in value.items()}
    return {}


def texts(value: object) -> tuple[str, ...]:
    """A list of scalars (or one scalar) as text, empty and odd items left out."""
    items = value if isinstance(value, (list, tuple)) else [value]
    found = (text(item) for item in items)
    return tuple(item for item in found if item)


def lower_keys(value: Any) -> Any:
    """``value`` with every mapping key lower-cased, at every depth (Hugo's settings are case-insensitive)."""
    if isinstance(value, Mapping):
        return {str(key).lower(): lower_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lower_keys(item) for item in value]
    return value


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``over`` laid on top, mappings merged key by key at every depth."""
    merged = dict(base)
    for key, value in over.items():
        below = merged.get(key)
        merged[key] = merge(below, value) if isinstance(below, Mapping) and isinstance(value, Mapping) else value
    return merged

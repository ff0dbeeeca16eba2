"""Settings: defaults → ``[tool.translate]`` in pyproject.toml → ``TRANSLATE_*`` environment → flags.

Merged and validated in one place; unknown keys are rejected with the list of valid ones.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .layouts import LAYOUTS


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a command needs to know, after merging every source."""

    root: Path = Path(".")
    """The project folder (where pyproject.toml is); relative paths are resolved against it."""
    model: str = "gpt-4o-mini"
    """The chat model name sent to the endpoint."""
    base_url: str | None = None
    """An OpenAI-compatible endpoint; None means the SDK default (``OPENAI_BASE_URL`` or OpenAI)."""
    glossary: Path = Path("glossary.yaml")
    """The glossary file."""
    cache_dir: Path = Path(".translate-cache")
    """Where translated segments are cached (diskcache)."""
    lock_file: Path = Path("translate.lock")
    """The committed record of what each English post was made from."""
    concurrency: int = 4
    """Requests in flight at once."""
    batch_tokens: int = 4000
    """Source tokens per request, estimated offline."""
    max_tries: int = 4
    """Attempts per request before giving up (429, 5xx, timeouts, dropped connections)."""
    timeout: float = 120.0
    """Seconds to wait for one reply."""
    json_mode: bool = True
    """Ask for ``response_format={"type": "json_object"}``; turn off for servers that reject it."""
    fields: tuple[str, ...] = ("title", "description", "excerpt", "summary")
    """Front matter fields that are translated."""
    math: bool = False
    """Treat ``$…$`` and ``$$…$$`` as math (protected)."""
    layout: str = "jekyll"
    """Where English posts go: ``jekyll`` (en/_posts/…), ``hugo`` (content/en/…), ``hugo-suffix`` (name.en.md), ``mirror``."""
    out: Path | None = None
    """With ``mirror`` layout or ``--out``: the folder English posts mirror the inputs into."""
    lang_field: str = "lang"
    """Front matter field set to ``en`` in English posts."""
    source_field: str = "source"
    """Front matter field pointing at the Chinese post."""
    prices: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Model → (USD per million prompt tokens, per million completion tokens), for cost reports."""
    content: tuple[Path, ...] = (Path("content"),)
    """The posts ``translate run`` and ``check`` use when given no paths."""
    parse_workers: int | None = None
    """Processes that parse posts when 64 or more are given (Linux only); None: one per core, 0: none."""

    def path(self, value: Path) -> Path:
        """``value`` resolved against the project root."""
        return value if value.is_absolute() else self.root / value


_CONVERTERS: dict[str, Any] = {
    "root": Path,
    "glossary": Path,
    "cache_dir": Path,
    "lock_file": Path,
    "out": lambda v: None if v in (None, "") else Path(v),
    "concurrency": int,
    "batch_tokens": int,
    "max_tries": int,
    "timeout": float,
    "json_mode": lambda v: v if isinstance(v, bool) else str(v).lower() in ("1", "true", "yes", "on"),
    "math": lambda v: v if isinstance(v, bool) else str(v).lower() in ("1", "true", "yes", "on"),
    "fields": lambda v: tuple(v) if isinstance(v, (list, tuple)) else tuple(s.strip() for s in str(v).split(",") if s.strip()),
    "content": lambda v: tuple(Path(p) for p in (v if isinstance(v, (list, tuple)) else str(v).split(","))),
    "parse_workers": lambda v: None if v in (None, "", "auto") else int(v),
    "prices": lambda v: {str(k): (float(p[0]), float(p[1])) for k, p in dict(v).items()},
}


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a pyproject.toml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return start


def _pyproject_table(root: Path) -> dict[str, Any]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    from .source.post import toml_module

    tomllib = toml_module()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read [tool.translate]: {exc}", path=path) from exc
    table = data.get("tool", {}).get("translate", {})
    return {str(k).replace("-", "_"): v for k, v in table.items()}


def _environment(environ: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in environ.items():
        if name.startswith("TRANSLATE_") and name != "TRANSLATE_DEBUG":
            values[name[len("TRANSLATE_") :].lower()] = value
    if "base_url" not in values and environ.get("OPENAI_BASE_URL"):
        values["base_url"] = environ["OPENAI_BASE_URL"]
    return values


def load_settings(*, cwd: Path | None = None, environ: Mapping[str, str] | None = None, flags: Mapping[str, Any] | None = None) -> Settings:
    """Merge defaults, pyproject, environment and flags (None flags ignored) into validated Settings."""
    environ = os.environ if environ is None else environ
    root = find_root(cwd or Path.cwd())
    valid = {f.name for f in dataclasses.fields(Settings)}
    merged: dict[str, Any] = {"root": root}
    for source, values in (
        ("[tool.translate] in pyproject.toml", _pyproject_table(root)),
        ("environment (TRANSLATE_*)", _environment(environ)),
        ("command line", {k: v for k, v in (flags or {}).items() if v is not None}),
    ):
        unknown = sorted(set(values) - valid)
        if unknown:
            raise ConfigError(f"unknown setting {', '.join(unknown)} in {source}; valid settings: {', '.join(sorted(valid - {'root'}))}")
        merged.update(values)
    for key in ("concurrency", "batch_tokens", "max_tries", "timeout", "parse_workers"):
        if isinstance(merged.get(key), bool):
            raise ConfigError(f"invalid setting {key} = {merged[key]!r}: give a number")
    converted: dict[str, Any] = {}
    for key, value in merged.items():
        try:
            converted[key] = _CONVERTERS[key](value) if key in _CONVERTERS else value
        except (TypeError, ValueError, IndexError, KeyError, AttributeError) as exc:
            raise ConfigError(f"invalid setting {key} = {value!r} ({exc}); see the README's Configuration section") from exc
    try:
        settings = Settings(**converted)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"invalid setting: {exc}") from exc
    if settings.layout not in LAYOUTS:
        raise ConfigError(f"unknown layout {settings.layout!r}; choose one of {', '.join(LAYOUTS)}")
    if settings.concurrency < 1 or settings.batch_tokens < 50 or settings.max_tries < 1:
        raise ConfigError("concurrency and max_tries must be at least 1, batch_tokens at least 50")
    if settings.parse_workers is not None and settings.parse_workers < 0:
        raise ConfigError("parse_workers must be 0 (parse in the run's own process) or more")
    return settings

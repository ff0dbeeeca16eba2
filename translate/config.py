"""Settings: defaults → ``translate.toml`` or ``[tool.translate]`` in pyproject.toml → ``TRANSLATE_*`` environment → flags.

A blog is rarely a Python project: its settings may sit in a standalone ``translate.toml`` (keys at
the top level) instead of pyproject.toml's ``[tool.translate]``; settings in both is an error.

Merged and checked in one place (``load_settings``). Each setting has a typed rule that takes only
its own kind of value, so nothing is coerced silently: a TOML ``max_tries = 2.7`` is an error, not 2.
Only the environment, where every value is text, is parsed first ("4", "true", "a,b"). An error
names the key, where the value came from and what is valid; unknown keys are rejected with the list
of valid ones.
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .layouts import GENERATOR_LAYOUTS, LAYOUTS

if TYPE_CHECKING:
    from .site.model import Site

SEGMENT_TOKENS_FLOOR = 4000
"""The smallest default ``max_segment_tokens``, whatever ``batch_tokens`` is."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a command needs to know, after merging every source."""

    root: Path = Path(".")
    """The project folder (where translate.toml or pyproject.toml is); relative paths are resolved against it."""
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
    max_segment_tokens: int | None = None
    """Estimated tokens above which a segment fails its post instead of being sent; None: ``segment_token_limit()``."""
    max_tries: int = 4
    """Attempts per request before giving up (429, 5xx, timeouts, dropped connections)."""
    timeout: float = 120.0
    """Seconds to wait for one reply."""
    json_mode: bool = True
    """Ask for ``response_format={"type": "json_object"}``; turn off for servers that reject it."""
    fields: tuple[str, ...] = ("title", "description", "excerpt", "summary")
    """Front matter fields that are translated as text (a field also in ``term_fields`` is a term field)."""
    term_fields: tuple[str, ...] = ("tags", "categories", "category")
    """Front matter fields whose values are terms (a text or a list of texts), each rendered once for the whole blog."""
    terms: Path = Path("terms.yaml")
    """The table of term renderings (``terms.table``)."""
    translate_url_terms: bool = False
    """Translate term fields the site builds URLs from (changing those URLs); by default they are kept."""
    math: bool = False
    """Treat ``$…$`` and ``$$…$$`` as math (protected)."""
    layout: str = "jekyll"
    """Where English posts go: ``jekyll`` (en/_posts/…), ``hugo`` (the English contentDir, else content/en/…),
    ``hugo-suffix`` (name.en.md), ``hexo`` (source/_posts/en/…), ``mirror``; ``auto`` in settings: the generator's."""
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
    generator: str = "auto"
    """The blog's generator: ``jekyll``, ``hugo``, ``hexo``, ``none``, or ``auto`` (found from its configuration files)."""
    site_url: str | None = None
    """The site's URL with its base path (``https://example.com/blog``); None: as the generator's configuration says."""
    anchors: str = "auto"
    """The heading-id rule translated headings keep the Chinese ids by (``kramdown-gfm``, ``github``, ``hexo``…); ``off``; ``auto``: the generator's."""
    rewrite_links: bool = True
    """Point links between the blog's posts at their English editions."""
    site: Site | None = None
    """What the generator's configuration says (found by ``load_settings``, not set)."""

    def path(self, value: Path) -> Path:
        """``value`` resolved against the project root."""
        return value if value.is_absolute() else self.root / value

    def segment_token_limit(self) -> int:
        """The largest segment sent, in estimated tokens: ``max_segment_tokens``, else a full batch (at least 4000)."""
        if self.max_segment_tokens is not None:
            return self.max_segment_tokens
        return max(self.batch_tokens, SEGMENT_TOKENS_FLOOR)


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


@dataclass(frozen=True, slots=True)
class Given:
    """One setting as one source gives it."""

    key: str
    """The setting's name (dashes read as underscores)."""
    value: Any
    """The value, as TOML, click or the environment gives it."""
    origin: str
    """Where it came from, for messages: ``[tool.translate] in pyproject.toml``, ``environment TRANSLATE_MATH``…"""
    text: bool = False
    """Whether the value is environment text, to be parsed by the rule."""


SETTINGS_FILE = "translate.toml"
"""A standalone settings file: the same keys as ``[tool.translate]``, at its top level."""


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding a translate.toml or a pyproject.toml, else ``start``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / SETTINGS_FILE).is_file() or (folder / "pyproject.toml").is_file():
            return folder
    return start


PYPROJECT = "[tool.translate] in pyproject.toml"


def _project_settings(root: Path) -> list[Given]:
    """The project's settings: from translate.toml, or from pyproject.toml's [tool.translate] (not both)."""
    standalone = root / SETTINGS_FILE
    table = _pyproject_table(root)
    if not standalone.is_file():
        return [Given(str(k).replace("-", "_"), v, PYPROJECT) for k, v in table.items()]
    if table:
        raise ConfigError(f"settings are in both {SETTINGS_FILE} and [tool.translate] in pyproject.toml; keep one of them",
                          path=standalone)
    data = _toml(standalone)
    return [Given(str(k).replace("-", "_"), v, SETTINGS_FILE) for k, v in data.items()]


def _pyproject_table(root: Path) -> dict[str, Any]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return {}
    data = _toml(path)
    tool = data.get("tool", {})
    table = tool.get("translate", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError("tool.translate must be a table: write the settings under a [tool.translate] line", path=path)
    return table


def _toml(path: Path) -> dict[str, Any]:
    from .source.post import toml_module

    tomllib = toml_module()
    try:
        return dict(tomllib.loads(path.read_text(encoding="utf-8")))
    except OSError as exc:
        raise ConfigError(f"cannot read ({exc.strerror}); make it readable", path=path) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the settings: {exc}; fix the TOML", path=path) from exc


def _environment(environ: Mapping[str, str]) -> list[Given]:
    """``TRANSLATE_*`` variables (empty ones count as unset), and ``OPENAI_BASE_URL`` for ``base_url``."""
    given = [Given(name[len("TRANSLATE_") :].lower(), value, f"environment {name}", text=True)
             for name, value in sorted(environ.items())
             if name.startswith("TRANSLATE_") and name != "TRANSLATE_DEBUG" and value != ""]
    if not any(g.key == "base_url" for g in given) and environ.get("OPENAI_BASE_URL"):
        given.append(Given("base_url", environ["OPENAI_BASE_URL"], "environment OPENAI_BASE_URL", text=True))
    return given


def _flags(flags: Mapping[str, Any]) -> list[Given]:
    return [Given(k, v, f"command line --{k.replace('_', '-')}") for k, v in flags.items() if v is not None]


def _shown(key: str, value: Any) -> str:
    if key == "base_url":
        return "(not shown: it may hold credentials)"
    shown = json.dumps(value, ensure_ascii=False, default=str)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def convert(given: Given) -> Any:
    """The setting ``given`` names, checked and converted by its rule; ConfigError saying what is valid."""
    rule = RULES[given.key]
    try:
        value = rule.parse(given.value) if given.text and rule.parse is not None else given.value
        return rule.check(value)
    except (ValueError, TypeError) as exc:
        valid = rule.in_environment if given.text and rule.in_environment else rule.valid
        raise ConfigError(f"invalid setting {given.key} = {_shown(given.key, given.value)} ({given.origin}); "
                          f"set it to {valid}") from exc


def load_settings(*, cwd: Path | None = None, environ: Mapping[str, str] | None = None, flags: Mapping[str, Any] | None = None) -> Settings:
    """Merge defaults, translate.toml or pyproject, environment and flags (None flags ignored) into checked Settings."""
    environ = os.environ if environ is None else environ
    root = find_root(cwd or Path.cwd())
    values: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for source in (_project_settings(root), _environment(environ), _flags(flags or {})):
        unknown = [g for g in source if g.key not in RULES]
        if unknown:
            names = ", ".join(f"{g.key} ({g.origin})" for g in unknown)
            raise ConfigError(f"unknown setting {names}; valid settings: {', '.join(sorted(RULES))}")
        for given in source:
            values[given.key] = convert(given)
            origins[given.key] = given.origin
    values["site"] = _site(root, values)
    site = values["site"]
    if values.get("layout", "auto") == "auto":
        values["layout"] = GENERATOR_LAYOUTS.get(site.generator if site is not None else "", "jekyll")
    if "content" not in values and site is not None:
        values["content"] = _generator_content(site)
    settings = Settings(root=root, **values)
    _check_field_names(settings, origins)
    # A field named in both is a term field: its values are rendered through the table, not as sentences.
    return dataclasses.replace(settings, fields=tuple(f for f in settings.fields if f not in settings.term_fields))


def _site(root: Path, values: Mapping[str, Any]) -> Site | None:
    """What the blog generator's configuration says, unless ``generator = "none"``; None when no generator is found."""
    from .site.generators import read_site

    generator = values.get("generator", "auto")
    if generator == "none":
        return None
    site = read_site(root, generator=None if generator == "auto" else generator, site_url=values.get("site_url"))
    return site if site.generator else None


def _generator_content(site: Site) -> tuple[Path, ...]:
    """Where the generator keeps the posts, relative to the project folder: the default for ``content``."""
    from .site.generators import content_folders

    return content_folders(site)


def _check_field_names(settings: Settings, origins: Mapping[str, str]) -> None:
    """``lang_field`` and ``source_field`` are set in every English post: they must differ from each other, ``fields`` and ``term_fields``."""
    def where(key: str) -> str:
        return origins.get(key, "the default")

    for key in ("lang_field", "source_field"):
        name = getattr(settings, key)
        for names in ("fields", "term_fields"):
            if name in getattr(settings, names):
                raise ConfigError(f"invalid setting {key} = {json.dumps(name)} ({where(key)}): it names a translated field "
                                  f"({names} = {json.dumps(list(getattr(settings, names)), ensure_ascii=False)}, {where(names)}); "
                                  f"choose another field for {key}, or take {json.dumps(name)} out of {names}")
    if settings.lang_field == settings.source_field:
        raise ConfigError(f"invalid settings lang_field and source_field: both are {json.dumps(settings.lang_field)} "
                          f"({where('lang_field')}; {where('source_field')}); give them different names")

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
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .layouts import GENERATOR_LAYOUTS
from .setting_rules import RULES

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
    batch_api_lines: int = 50_000
    """Requests per batch with ``run --batch`` (the provider's limit, ``model.batch_lines.MAX_LINES``, is the most)."""
    batch_api_bytes: int = 200_000_000
    """Bytes per batch input file with ``run --batch`` (at most the provider's 200 MB, ``model.batch_lines.MAX_BYTES``)."""
    batch_api_poll: float = 60.0
    """Seconds between looks at the batches in flight with ``run --batch --wait``."""
    batch_api_retry: str = "batch"
    """Where the failed lines of a batch go up the retry ladder: ``batch`` (a new batch) or ``chat`` (the chat path, at once)."""
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
    from .site.content import content_folders

    return tuple(Path(folder) for folder in content_folders(site))


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

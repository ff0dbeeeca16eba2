"""Advice on the generator's own configuration, so English posts get URLs of their own: printed, never applied.

``translate init`` shows it; the user edits ``hugo.toml`` or ``_config.yml`` as they see fit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .content import hugo_content_dir
from .hugo import CONFIG_NAMES, HugoOptions
from .jekyll import JekyllOptions
from .model import Site

ENGLISH_CONTENT_DIR = "content.en"
"""The contentDir suggested for Hugo's English language."""
FALLBACK_LANGUAGE = "zh"
"""The language suggested as the default of a Hugo blog that declares none other than Hugo's own default, ``en``."""


@dataclass(frozen=True, slots=True)
class Advice:
    """A change to suggest in the generator's configuration, with the text to add."""

    message: str
    """What to do and why, naming the file."""
    snippet: str = ""
    """The settings to add, in the file's own format; "" when there is nothing to paste."""


def generator_advice(site: Site) -> tuple[Advice, ...]:
    """What the blog's generator configuration should say so its English edition works."""
    advise = ADVISERS.get(site.generator)
    return advise(site) if advise is not None else ()


def _hugo(site: Site) -> tuple[Advice, ...]:
    """Hugo without an ``en`` language publishes English posts as more pages of the Chinese site: declare the languages."""
    if any(lang.code == "en" for lang in site.languages) or not isinstance(site.options, HugoOptions):
        return ()
    # Hugo's own default language is en: a Chinese blog that names no other is taken to be zh.
    default = site.default_language if site.default_language != "en" else FALLBACK_LANGUAGE
    declared = {lang.code: lang for lang in site.languages}
    content_dir = hugo_content_dir(site, default)
    top: dict[str, object] = {} if default == site.default_language else {"defaultContentLanguage": default}
    languages: dict[str, dict[str, object]] = {}
    if default not in declared:
        languages[default] = {"contentDir": content_dir, "weight": 1}
    languages["en"] = {"contentDir": ENGLISH_CONTENT_DIR, "weight": 2}
    config = site.config_file if site.config_file is not None else site.root / "hugo.toml"
    if config.stem.lower() not in CONFIG_NAMES:  # config/_default/params.toml and the like: the table goes in its hugo file
        config = config.with_name(f"hugo{config.suffix}")
    render = SNIPPETS.get(config.suffix.lower(), _toml_snippet)
    where = _shown(config, site.root)
    placing = " (defaultContentLanguage with the top-level settings, before any table)" if top and render is _toml_snippet else ""
    return (Advice(f"{where} declares no en language, so Hugo would publish English posts as pages of the {default} site. "
                   f"Add this to {where}{placing}; English posts then go to {ENGLISH_CONTENT_DIR}/ and pair with the Chinese "
                   f"ones by path ({content_dir}/posts/a.md and {ENGLISH_CONTENT_DIR}/posts/a.md):",
                   render(top, languages)),)


def _toml_snippet(top: dict[str, object], languages: dict[str, dict[str, object]]) -> str:
    lines = [f"{key} = {json.dumps(value)}" for key, value in top.items()]
    for code, values in languages.items():
        lines += ["", f"[languages.{code}]"] if lines else [f"[languages.{code}]"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    return "\n".join(lines)


def _yaml_snippet(top: dict[str, object], languages: dict[str, dict[str, object]]) -> str:
    lines = [f"{key}: {_yaml_value(value)}" for key, value in top.items()] + ["languages:"]
    for code, values in languages.items():
        lines += [f"  {_yaml(code)}:", *(f"    {key}: {_yaml_value(value)}" for key, value in values.items())]
    return "\n".join(lines)


def _json_snippet(top: dict[str, object], languages: dict[str, dict[str, object]]) -> str:
    return json.dumps({**top, "languages": languages}, indent=2)


SNIPPETS: dict[str, Callable[[dict[str, object], dict[str, dict[str, object]]], str]] = {
    ".toml": _toml_snippet,
    ".yaml": _yaml_snippet,
    ".yml": _yaml_snippet,
    ".json": _json_snippet,
}
"""Hugo configuration file suffix → how its settings are written."""


def _jekyll(site: Site) -> tuple[Advice, ...]:
    """Jekyll: the polyglot plugin, or a posts permalink that gives en/_posts the Chinese posts' URLs."""
    config = _shown(site.config_file, site.root) if site.config_file is not None else "_config.yml"
    if site.link_plugin:
        return (Advice(f"{config} uses {site.link_plugin}: it points links at each language's pages when the site is "
                       f"built, so translate.toml says rewrite_links = false and links are kept as written."),)
    permalink = site.permalinks.get("posts", "")
    if not permalink or ":categories" in permalink or ":path" in permalink or not isinstance(site.options, JekyllOptions):
        return ()
    scope = str(PurePosixPath(site.options.collections_dir or ".") / "en")
    if any(d.path == scope and "permalink" in d.values for d in site.options.defaults):
        return ()
    english = "/en" + (permalink if permalink.startswith("/") else "/" + permalink)
    snippet = "\n".join(["defaults:", "  - scope:", f"      path: {_yaml(scope)}", "    values:", f"      permalink: {_yaml(english)}",
                         "      lang: en"])
    return (Advice(f"{config}: the posts permalink {permalink} has neither :categories nor :path, so English posts in "
                   f"{scope}/_posts would get the same URLs as the Chinese ones. Add this to {config} (into its "
                   f"defaults list if it has one):", snippet),)


ADVISERS: dict[str, Callable[[Site], tuple[Advice, ...]]] = {
    "hugo": _hugo,
    "jekyll": _jekyll,
}
"""Generator name → what to advise for its configuration."""


def _yaml(text: str) -> str:
    """``text`` as a YAML scalar: plain when YAML reads it back as written, else double-quoted."""
    plain = not any(c in text for c in "#{}[],&*!|>'\"%@`") and ": " not in text and not text.endswith(":")
    return text if plain else json.dumps(text, ensure_ascii=False)


def _yaml_value(value: object) -> str:
    return _yaml(value) if isinstance(value, str) else json.dumps(value)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)

"""Hugo: what ``hugo.toml``/``config.toml`` (and the ``config/`` folder) say about addresses, languages and permalinks.

Hugo's settings are case-insensitive (``baseURL`` is ``baseurl``); the keys are lower-cased on
reading. The ``config/_default`` folder is read after the root file, and ``config/production``
after it, as a plain ``hugo`` build does.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .configfile import flag, load_config, lower_keys, mapping, merge, text, texts
from .model import Language, Site
from .urls import split_site_url

CONFIG_NAMES = ("hugo", "config")
"""Hugo reads the first of ``hugo.*`` then ``config.*`` found."""
CONFIG_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
"""In this order of preference."""
CONTENT_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".html", ".htm", ".adoc", ".asciidoc", ".ad", ".rst",
                              ".rest", ".org", ".pandoc", ".pdc"})
"""Files Hugo builds pages from."""
DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
"""Front matter keys Hugo takes a page's date from, in order, unless ``[frontmatter] date`` says otherwise."""
_DATE_ALIASES = {"date": (), "lastmod": ("modified",), "publishdate": ("pubdate", "published"), "expirydate": ("unpublishdate",)}


@dataclass(frozen=True, slots=True)
class HugoOptions:
    """The Hugo settings that decide URLs, and the section and bundle folders found in the content."""

    content_dir: str = "content"
    """The ``contentDir`` of languages that name none, relative to the blog root (POSIX)."""
    ugly_urls: bool = False
    """``uglyURLs``: pages are ``/posts/a.html`` instead of ``/posts/a/``."""
    ugly_sections: Mapping[str, bool] = field(default_factory=dict)
    """``uglyURLs`` given per section."""
    lower_paths: bool = True
    """URLs are lower-cased (unless ``disablePathToLower``)."""
    default_in_subdir: bool = False
    """``defaultContentLanguageInSubdir``: the default language also gets its ``/lang/`` prefix."""
    multihost: bool = False
    """Each language has its own ``baseURL``: no language prefix in URLs."""
    date_keys: tuple[str, ...] = DATE_KEYS
    """Where a page's date comes from, in order (``:filename`` for a date at the start of the file name)."""
    sections: frozenset[str] = frozenset()
    """Folders (relative to a content folder) that hold an ``_index`` file, so are sections at any depth."""
    bundles: frozenset[str] = frozenset()
    """Folders (relative to a content folder) that hold an ``index`` file: leaf bundles, whose other files are not pages."""


def find_hugo_config(root: Path) -> Path | None:
    """The configuration file Hugo reads in ``root`` (a file of ``config/_default`` when there is no root file)."""
    for name in CONFIG_NAMES:
        for suffix in CONFIG_SUFFIXES:
            if (root / f"{name}{suffix}").is_file():
                return root / f"{name}{suffix}"
    folder = root / "config" / "_default"
    found = sorted(p for p in folder.glob("*") if p.suffix in CONFIG_SUFFIXES) if folder.is_dir() else []
    return found[0] if found else None


def read_hugo(root: Path, config_file: Path | None) -> Site:
    """The site Hugo's configuration describes; ConfigError when a file cannot be parsed."""
    config = _load(root, config_file)
    name = config_file.name if config_file is not None else "(no configuration file)"
    assumptions: list[str] = []
    raw_base = text(config.get("baseurl")) or ""
    split = split_site_url(raw_base)
    if split is None:
        assumptions.append(f"{name}: baseURL {raw_base or '(none)'} is not an http(s) address; links written with the "
                           f"blog's address cannot be recognised — set baseURL, or site_url")
    default = (text(config.get("defaultcontentlanguage")) or "en").lower()
    disabled = {code.lower() for code in texts(config.get("disablelanguages"))}
    languages = _languages(mapping(config.get("languages")), disabled, name, assumptions)
    if languages and default not in {lang.code for lang in languages}:
        assumptions.append(f"{name}: defaultContentLanguage {default} is not among the languages; read {languages[0].code} "
                           f"as the default — set defaultContentLanguage")
        default = languages[0].code
    languages = tuple(sorted(languages, key=lambda lang: lang.code != default))
    multihost = len(languages) > 1 and any(lang.base_url for lang in languages)
    if multihost:
        assumptions.append(f"{name}: each language has its own baseURL; URLs are given below each language's address, "
                           f"and links are recognised only at {split[0] if split else 'the site address'}")
    if not languages:
        assumptions.append(f"{name}: no languages table: Hugo builds one language ({default}), so English posts get no /en/ "
                           f"prefix (content/en/… is published under /en/…, name.en.md at the Chinese post's URL) — "
                           f"declare [languages.zh] and [languages.en] to give each edition its own URLs")
    permalinks = _permalinks(config.get("permalinks"), name, assumptions)
    ugly = config.get("uglyurls")
    content_dir = text(config.get("contentdir")) or "content"
    folders = [content_dir] + [lang.content_dir for lang in languages if lang.content_dir]
    sections, bundles = _scan(root, folders)
    options = HugoOptions(
        content_dir=content_dir.strip("/"),
        ugly_urls=flag(ugly, False) if not isinstance(ugly, Mapping) else False,
        ugly_sections={str(k): flag(v, False) for k, v in mapping(ugly).items()},
        lower_paths=not flag(config.get("disablepathtolower"), False),
        default_in_subdir=flag(config.get("defaultcontentlanguageinsubdir"), False),
        multihost=multihost,
        date_keys=_date_keys(mapping(config.get("frontmatter")).get("date")),
        sections=sections,
        bundles=bundles,
    )
    return Site(root=root, generator="hugo", config_file=config_file, base_url=split[0] if split else None,
                base_path=split[1] if split else "", permalinks=permalinks, languages=languages,
                default_language=default, assumptions=tuple(assumptions), options=options, heading_ids=_heading_ids(config))


def _heading_ids(config: Mapping[str, Any]) -> str:
    """goldmark's ``autoHeadingIDType`` (``github`` by default); "" when automatic ids are turned off."""
    parser = mapping(mapping(mapping(config.get("markup")).get("goldmark")).get("parser"))
    if parser.get("autoheadingid") is False:
        return ""
    rule = (text(parser.get("autoheadingidtype")) or "github").lower()
    return rule if rule in ("github", "github-ascii", "blackfriday") else "github"


def _load(root: Path, config_file: Path | None) -> dict[str, Any]:
    """The root configuration file, then ``config/_default``, then ``config/production``, merged."""
    config: dict[str, Any] = {}
    if config_file is not None and config_file.parent == root:
        config = lower_keys(load_config(config_file))
    for environment in ("_default", "production"):
        folder = root / "config" / environment
        for path in sorted(folder.glob("*")) if folder.is_dir() else []:
            if path.suffix not in CONFIG_SUFFIXES or not path.is_file():
                continue
            values = lower_keys(load_config(path))
            stem, _, lang = path.stem.lower().partition(".")
            if stem in CONFIG_NAMES:
                config = merge(config, values)
            elif lang:  # params.en.toml, menus.en.toml
                config = merge(config, {"languages": {lang: {stem: values}}})
            else:  # languages.toml, permalinks.toml, params.toml
                config = merge(config, {stem: values})
    return config


def _languages(table: Mapping[str, Any], disabled: set[str], name: str, assumptions: list[str]) -> tuple[Language, ...]:
    found = []
    for code, settings in table.items():
        if code.lower() in disabled:
            continue
        if not isinstance(settings, Mapping):
            assumptions.append(f"{name}: languages.{code} is not a table; left out")
            continue
        weight = settings.get("weight")
        base = split_site_url(text(settings.get("baseurl")) or "")
        found.append(Language(code=code.lower(), content_dir=(text(settings.get("contentdir")) or "").strip("/"),
                              weight=weight if isinstance(weight, int) and not isinstance(weight, bool) else 0,
                              language_code=text(settings.get("languagecode")) or "", base_url=base[0] if base else None))
    return tuple(sorted(found, key=lambda lang: (lang.weight == 0, lang.weight, lang.code)))


def _permalinks(raw: object, name: str, assumptions: list[str]) -> dict[str, str]:
    """Section → pattern, from the old form (``posts = …``) or the ``page`` table of Hugo ≥ 0.112 (``page.posts = …``)."""
    table = mapping(raw)
    if isinstance(table.get("page"), Mapping):
        assumptions.append(f"{name}: permalinks.page is Hugo 0.112+ syntax; read as the permalinks of pages")
        table = mapping(table["page"])
    found = {}
    for section, pattern in table.items():
        if isinstance(pattern, str) and pattern:
            found[section.strip(" /\\").lower()] = pattern
        elif not isinstance(pattern, Mapping):
            assumptions.append(f"{name}: permalinks.{section} is not a pattern; left out")
    return found


def _date_keys(raw: object) -> tuple[str, ...]:
    """``[frontmatter] date``: ``:default`` expanded, and the aliases Hugo adds (``lastmod`` → ``modified``)."""
    if raw is None:
        return DATE_KEYS
    keys: list[str] = []
    for key in texts(raw):
        for each in (("date", "publishdate", "lastmod") if key.lower() == ":default" else (key.lower(),)):
            keys += [each, *_DATE_ALIASES.get(each, ())]
    return tuple(dict.fromkeys(keys))


def _scan(root: Path, folders: list[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Folders holding ``_index.*`` (sections) and ``index.*`` (leaf bundles), relative to their content folder."""
    sections: set[str] = set()
    bundles: set[str] = set()
    for folder in dict.fromkeys(f.strip("/") for f in folders):
        top = root / folder
        for here, subfolders, files in os.walk(top):
            subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
            relative = Path(here).relative_to(top).as_posix()
            for file in files:
                stem, suffix = os.path.splitext(file)
                if suffix.lower() not in CONTENT_SUFFIXES:
                    continue
                base = stem.split(".", 1)[0]
                if base == "_index":
                    sections.add("" if relative == "." else relative)
                elif base == "index" and relative != ".":
                    bundles.add(relative)
    return frozenset(sections), frozenset(bundles)

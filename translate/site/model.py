"""The site model: what a blog's generator configuration says about where its pages are published."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Language:
    """One language of the blog, as the generator's configuration declares it."""

    code: str
    """The language key (``zh``, ``en``); Hugo puts it in front of the URLs of a language that is not the default."""
    content_dir: str = ""
    """Hugo: the folder of this language's content, relative to the blog root (POSIX); "" when it shares the default one."""
    weight: int = 0
    """Hugo: the order of the languages (lowest first)."""
    language_code: str = ""
    """The locale the site declares for it (Hugo ``languageCode``, Hexo ``language``), "" when none."""
    base_url: str | None = None
    """Hugo multihost: the language's own base URL; None when it shares the site's."""


@dataclass(frozen=True, slots=True)
class Site:
    """A blog folder, its generator and what the generator's configuration says about URLs."""

    root: Path
    """The blog folder."""
    generator: str = ""
    """``jekyll``, ``hugo`` or ``hexo``; "" when no generator was recognised."""
    config_file: Path | None = None
    """The configuration file read (the first of several for Hugo's config folder); None when none."""
    base_url: str | None = None
    """Scheme, host and base path without a trailing slash (``http://gaocegege.com/Blog``); None when unknown."""
    base_path: str = ""
    """The path part of the base URL (``/Blog``), "" at the root; known from ``baseurl``/``root`` even without a host."""
    permalinks: Mapping[str, str] = field(default_factory=dict)
    """URL patterns: Jekyll collection label (``posts``, ``pages``) → template; Hugo section → pattern; Hexo ``post``."""
    languages: tuple[Language, ...] = ()
    """The languages declared, the default one first; empty when the configuration declares none."""
    default_language: str = ""
    """The language of content that names none."""
    assumptions: tuple[str, ...] = ()
    """One line for each thing that was guessed or corrected, naming the file and the setting that would fix it."""
    variables: Mapping[str, str] = field(default_factory=dict)
    """Template expressions posts use in links, as the generator renders them (Jekyll ``site.url``, ``site.baseurl``)."""
    link_plugin: str = ""
    """A plugin that already points the site's own links at the right edition at build time (``jekyll-polyglot``)."""
    heading_ids: str = ""
    """The renderer's heading-id rule (a ``slugs.SLUG_RULES`` name) as its configuration sets it; "" when none is known."""
    options: object = None
    """The generator's own settings that decide URLs (dates, slugs, folders): ``JekyllOptions``, ``HugoOptions`` or
    ``HexoOptions``, each defined in its generator's module (which imports this one); None without a generator."""


@dataclass(frozen=True, slots=True)
class PageURL:
    """Where the generator publishes a content file, or why it publishes none."""

    url: str | None
    """The URL path below the base URL, starting with "/", as the generator writes it in links; None when there is none."""
    reason: str = ""
    """Why there is no URL (not a page, a draft, a date the configuration cannot give); "" when there is one."""

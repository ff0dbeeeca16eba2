"""Jekyll: what ``_config.yml`` says about the site's address and its URL patterns (Jekyll 4.3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from .configfile import load_config, mapping, text, texts
from .dates import time_zone
from .model import Language, Site
from .urls import split_site_url

STYLES: dict[str, str] = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
"""Jekyll's built-in permalink styles (``permalink: pretty``) → the template each stands for."""

DEFAULT_EXCLUDES = (".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
                    "vendor/bundle", "vendor/cache", "vendor/gems", "vendor/ruby")
"""What Jekyll leaves out of every site, whatever ``exclude`` says."""

MARKDOWN_EXT = ("markdown", "mkdown", "mkdn", "mkd", "md")
"""Jekyll's default ``markdown_ext``: the extensions it renders as Markdown."""
DATE_PLACEHOLDERS = frozenset({"year", "month", "day", "hour", "minute", "second", "i_day", "i_month", "short_month",
                               "long_month", "short_year", "w_year", "week", "w_day", "short_day", "long_day", "y_day"})
"""Placeholders that print the post's date."""


@dataclass(frozen=True, slots=True)
class Collection:
    """A Jekyll collection (``posts`` is one) and how its documents' URLs are made."""

    label: str
    """The collection name; its documents live in the ``_<label>`` folder."""
    output: bool
    """Whether Jekyll writes a page for each document."""
    permalink: str
    """The URL template of its documents."""


@dataclass(frozen=True, slots=True)
class FrontMatterDefault:
    """One entry of ``defaults``: front matter values for the documents its scope matches."""

    path: str
    """The scope's folder or glob, relative to the source folder; "" for every file."""
    type: str | None
    """The scope's document type (``posts``, ``pages``, a collection label); None for every type."""
    values: Mapping[str, Any]
    """The front matter values it gives."""


@dataclass(frozen=True, slots=True)
class JekyllOptions:
    """The settings of ``_config.yml`` that decide URLs."""

    style: str = "date"
    """The ``permalink`` setting as written: a style name or a template; pages take their ending from it."""
    collections: tuple[Collection, ...] = ()
    """The collections, ``posts`` first."""
    collections_dir: str = ""
    """The folder holding ``_posts`` and the other collection folders, relative to the source folder."""
    source: str = ""
    """The source folder relative to the blog root (POSIX); "" when it is the root."""
    defaults: tuple[FrontMatterDefault, ...] = ()
    """Front matter defaults, in the order written."""
    timezone: str | None = None
    """The ``timezone`` setting; None: the build's own time zone, taken as UTC (GitHub Pages)."""
    markdown_ext: tuple[str, ...] = MARKDOWN_EXT
    """File extensions Jekyll renders as Markdown (to ``.html``)."""
    exclude: tuple[str, ...] = DEFAULT_EXCLUDES
    """Paths (or globs) Jekyll leaves out."""
    include: tuple[str, ...] = field(default=(".htaccess",))
    """Paths Jekyll reads although their names start with ``.`` or ``_``."""


def read_jekyll(root: Path, config_file: Path | None) -> Site:
    """The site ``_config.yml`` (or .yaml, .toml) describes; ConfigError when it cannot be parsed."""
    config = load_config(config_file) if config_file is not None else {}
    name = config_file.name if config_file is not None else "(no configuration file)"
    assumptions: list[str] = []
    base_url, base_path = _base(config, name, assumptions)
    style = text(config.get("permalink"))
    if style is None:
        if "permalink" in config:
            assumptions.append(f"{name}: permalink is not text; read as Jekyll's default, date")
        style = "date"
    collections = _collections(config, style)
    zone = text(config.get("timezone"))
    if zone and time_zone(zone) is None:
        assumptions.append(f"{name}: timezone {zone} is not a known time zone; post dates are read in UTC — fix timezone")
        zone = None
    posts = collections[0].permalink
    if not text(config.get("timezone")) and any(f":{part}" in posts for part in DATE_PLACEHOLDERS):
        assumptions.append(f"{name}: no timezone: post times are read in UTC, as GitHub Pages builds them "
                           f"(a post dated near midnight may get another day) — set timezone to the zone the blog is built in")
    plugins = texts(config.get("plugins")) + texts(config.get("gems"))
    link_plugin = "jekyll-polyglot" if "jekyll-polyglot" in plugins else ""
    if link_plugin:
        assumptions.append(f"{name}: jekyll-polyglot points links at each language's pages when the site is built; "
                           f"links need no rewriting, and its per-language URLs are not modelled")
    languages = tuple(Language(code=code) for code in texts(config.get("languages"))) if link_plugin else ()
    lang = text(config.get("default_lang")) if link_plugin else text(config.get("lang"))
    options = JekyllOptions(
        style=style,
        collections=collections,
        collections_dir=_folder(config.get("collections_dir"), name, "collections_dir", assumptions),
        source=_folder(config.get("source"), name, "source", assumptions),
        defaults=_defaults(config.get("defaults")),
        timezone=zone or None,
        markdown_ext=_markdown_ext(config.get("markdown_ext"), name, assumptions),
        exclude=DEFAULT_EXCLUDES + texts(config.get("exclude")),
        include=texts(config.get("include")) or (".htaccess",),
    )
    permalinks = {c.label: c.permalink for c in collections if c.output}
    permalinks["pages"] = add_permalink_suffix("/:path/:basename", style)
    return Site(root=root, generator="jekyll", config_file=config_file, base_url=base_url, base_path=base_path,
                permalinks=permalinks, languages=languages, default_language=lang or (languages[0].code if languages else ""),
                assumptions=tuple(assumptions), link_plugin=link_plugin, options=options, heading_ids=_heading_ids(config),
                variables={"site.url": text(config.get("url")) or "", "site.baseurl": text(config.get("baseurl")) or ""})


def add_permalink_suffix(template: str, style: str) -> str:
    """Jekyll's ``Utils.add_permalink_suffix``: ``template`` ended the way the ``permalink`` style ends."""
    if style == "pretty":
        return template + "/"
    if style in ("date", "ordinal", "none"):
        return template + ":output_ext"
    return template + ("/" if style.endswith("/") else "") + (":output_ext" if style.endswith(":output_ext") else "")


def _heading_ids(config: Mapping[str, Any]) -> str:
    """kramdown's rule: its own parser's, or (Jekyll's default input, GFM) kramdown-parser-gfm's; "" for another renderer."""
    if (text(config.get("markdown")) or "kramdown").lower() != "kramdown":
        return ""
    kramdown = mapping(config.get("kramdown"))
    if kramdown.get("auto_ids") is False:
        return ""
    return "kramdown" if (text(kramdown.get("input")) or "GFM").lower() == "kramdown" else "kramdown-gfm"


def _collections(config: Mapping[str, Any], style: str) -> tuple[Collection, ...]:
    raw = config.get("collections")
    declared = {str(label): {} for label in raw} if isinstance(raw, list) else mapping(raw)
    posts = mapping(declared.pop("posts", None))
    found = [Collection("posts", True, text(posts.get("permalink")) or STYLES.get(style, style))]
    for label, metadata in declared.items():
        settings = mapping(metadata)
        template = text(settings.get("permalink")) or add_permalink_suffix("/:collection/:path", style)
        found.append(Collection(label, settings.get("output") is True, template))
    return tuple(found)


def _markdown_ext(raw: object, name: str, assumptions: list[str]) -> tuple[str, ...]:
    if raw is None:
        return MARKDOWN_EXT
    if not isinstance(raw, str) or not raw.strip(",").strip():
        assumptions.append(f"{name}: markdown_ext is not a list of extensions separated by commas; read as Jekyll's default")
        return MARKDOWN_EXT
    return tuple(e.strip().lower().lstrip(".") for e in raw.split(",") if e.strip())


def _defaults(raw: object) -> tuple[FrontMatterDefault, ...]:
    found = []
    for entry in raw if isinstance(raw, list) else []:
        entry = mapping(entry)
        scope, values = mapping(entry.get("scope")), mapping(entry.get("values"))
        if values:
            found.append(FrontMatterDefault(path=(text(scope.get("path")) or "").strip("/"), type=text(scope.get("type")), values=values))
    return tuple(found)


def _folder(raw: object, name: str, key: str, assumptions: list[str]) -> str:
    value = text(raw)
    if not value:
        return ""
    folder = PurePosixPath(value.replace("\\", "/"))
    if folder.is_absolute() or ".." in folder.parts:
        assumptions.append(f"{name}: {key} {value} is outside the blog folder; read as the blog folder itself")
        return ""
    return "" if str(folder) == "." else str(folder)


def _base(config: Mapping[str, Any], name: str, assumptions: list[str]) -> tuple[str | None, str]:
    """``(base URL, base path)`` from ``url`` and ``baseurl``, with what had to be assumed."""
    for key in ("url", "baseurl"):
        if config.get(key) is not None and text(config.get(key)) is None:
            assumptions.append(f"{name}: {key} is not text; left out — make it text, or set site_url")
    url, baseurl = (text(config.get("url")) or "").strip(), (text(config.get("baseurl")) or "").strip()
    path = "/" + baseurl.strip("/") if baseurl.strip("/") else ""
    if split_site_url(baseurl) and not split_site_url(url) and not url.startswith("//"):
        base = baseurl.rstrip("/") + ("/" + url.strip("/") if url.strip("/") else "")
        assumptions.append(f"{name}: url and baseurl look swapped (url: {url or '(empty)'}, baseurl: {baseurl}); "
                           f"read the site URL as {base} — set site_url to correct it")
        split = split_site_url(base)
        return (split[0], split[1]) if split else (None, "")
    if split_site_url(baseurl):
        assumptions.append(f"{name}: baseurl {baseurl} is an address, not a path; left out — make it a path such as /blog")
        path = ""
    if not url:
        assumptions.append(f"{name}: no url: links written with the blog's address cannot be recognised — set url, or site_url")
        return None, path
    if url.startswith("/") and not url.startswith("//"):
        assumptions.append(f"{name}: url {url} is a path, not an address; read as the base path {url.rstrip('/') + path} "
                           f"— set site_url to the blog's address")
        return None, url.rstrip("/") + path
    if not split_site_url(url) and "/" not in url and "." in url and not any(c.isspace() for c in url):
        assumptions.append(f"{name}: url {url} has no scheme; read as https://{url} — set site_url to correct it")
        url = f"https://{url}"
    split = split_site_url(url.rstrip("/") + path)
    if split is None:
        assumptions.append(f"{name}: url {url} is not an http(s) address; links written with the blog's address "
                           f"cannot be recognised — set url, or site_url")
        return None, path
    host = (split[0].split("://", 1)[1].split("/", 1)[0]).split(":")[0].lower()
    if host in ("localhost", "127.0.0.1", "0.0.0.0"):
        assumptions.append(f"{name}: url {url} is a local address; links written with the published address "
                           f"are not recognised — set site_url to the published address")
    return split

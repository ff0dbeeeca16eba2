"""Hexo: what ``_config.yml`` says about the site's address, folders and permalinks (Hexo 7)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .configfile import flag, load_config, mapping, text, texts
from .dates import time_zone
from .model import Language, Site
from .urls import split_site_url

DEFAULT_PERMALINK = ":year/:month/:day/:title/"
"""Hexo's default ``permalink``."""
PLACEHOLDER_URL = "http://example.com"
"""The ``url`` of Hexo's defaults and of ``hexo init``: not the blog's address."""
DATE_PARAMS = frozenset({"year", "month", "day", "hour", "minute", "second", "i_month", "i_day"})
"""Permalink parameters that print the post's date."""


@dataclass(frozen=True, slots=True)
class HexoOptions:
    """The settings of Hexo's ``_config.yml`` that decide URLs."""

    source_dir: str = "source"
    """The folder of posts and pages, relative to the blog root (POSIX)."""
    new_post_name: str = ":title.md"
    """How post files are named; its parameters are read back from each file name (``:year-:month-:day-:title.md``)."""
    trailing_index: bool = True
    """``pretty_urls.trailing_index``: URLs keep a final ``index.html``."""
    trailing_html: bool = True
    """``pretty_urls.trailing_html``: URLs keep a final ``.html``."""
    timezone: str | None = None
    """The ``timezone`` setting; dates are read as on a machine in that zone (UTC when unset)."""
    default_category: str = "uncategorized"
    """What ``:category`` prints for a post without categories (as written, not slugified)."""
    category_map: Mapping[str, str] = field(default_factory=dict)
    """Category name → the name its slug is made from."""
    filename_case: int = 0
    """1 lower-cases category slugs, 2 upper-cases them."""
    post_asset_folder: bool = False
    """Posts are folders: a permalink without ``/`` or ``.html`` at the end gets a ``/``."""
    render_drafts: bool = False
    """Drafts (``_drafts``) are published too."""
    skip_render: tuple[str, ...] = ()
    """Globs of files copied as they are instead of rendered."""
    permalink_defaults: Mapping[str, str] = field(default_factory=dict)
    """Values for permalink parameters a post does not give (``lang: zh`` for ``:lang/:title/``)."""


def read_hexo(root: Path, config_file: Path | None) -> Site:
    """The site Hexo's ``_config.yml`` describes; ConfigError when it cannot be parsed."""
    config = load_config(config_file) if config_file is not None else {}
    name = config_file.name if config_file is not None else "(no configuration file)"
    assumptions: list[str] = []
    base_url, base_path = _base(config, name, assumptions)
    permalink = text(config.get("permalink")) or DEFAULT_PERMALINK
    zone = text(config.get("timezone"))
    if zone and time_zone(zone) is None:
        assumptions.append(f"{name}: timezone {zone} is not a known time zone; dates are read in UTC — fix timezone")
        zone = None
    if zone and any(f":{p}" in permalink for p in DATE_PARAMS):
        assumptions.append(f"{name}: post dates are read as Hexo prints them on a machine in {zone}; a build in another "
                           f"time zone (CI runs in UTC) moves posts dated near midnight to another day")
    pretty = mapping(config.get("pretty_urls"))
    case = config.get("filename_case")
    languages = tuple(Language(code=code, language_code=code) for code in texts(config.get("language")) if code != "default")
    options = HexoOptions(
        source_dir=(text(config.get("source_dir")) or "source").strip("/"),
        new_post_name=text(config.get("new_post_name")) or ":title.md",
        trailing_index=flag(pretty.get("trailing_index"), True),
        trailing_html=flag(pretty.get("trailing_html"), True),
        timezone=zone or None,
        default_category=text(config.get("default_category")) or "uncategorized",
        category_map={k: v for k, v in ((k, text(v)) for k, v in mapping(config.get("category_map")).items()) if v},
        filename_case=case if case in (1, 2) else 0,
        post_asset_folder=flag(config.get("post_asset_folder"), False),
        render_drafts=flag(config.get("render_drafts"), False),
        skip_render=texts(config.get("skip_render")),
        permalink_defaults={k: v for k, v in ((k, text(v)) for k, v in mapping(config.get("permalink_defaults")).items()) if v is not None},
    )
    return Site(root=root, generator="hexo", config_file=config_file, base_url=base_url, base_path=base_path,
                permalinks={"post": permalink}, languages=languages,
                default_language=languages[0].code if languages else "", assumptions=tuple(assumptions), options=options,
                heading_ids="hexo")


def _base(config: Mapping[str, Any], name: str, assumptions: list[str]) -> tuple[str | None, str]:
    """``(base URL, base path)``: the host of ``url`` and the path of ``root``, which is where Hexo links pages."""
    url = (text(config.get("url")) or "").strip()
    root = text(config.get("root"))
    split = split_site_url(url)
    url_path = urlsplit(url).path.rstrip("/") if split else ""
    path = ("/" + root.strip("/") if root.strip("/") else "") if root is not None else url_path
    if split is None or url.rstrip("/") == PLACEHOLDER_URL:
        what = "Hexo's placeholder" if split else "not an http(s) address"
        assumptions.append(f"{name}: url {url or '(none)'} is {what}; links written with the blog's address cannot be "
                           f"recognised — set url, or site_url")
        return None, path
    if root is not None and url_path != path:
        assumptions.append(f"{name}: url {url} and root {root} name different paths; Hexo links pages under root, so the "
                           f"site URL is read as {split[0][: len(split[0]) - len(url_path)] + path} — set site_url to correct it")
    base = split[0][: len(split[0]) - len(url_path)] + path
    return base, path


def hidden(path: str) -> bool:
    """Whether Hexo skips ``path`` (a name in it starts with ``_`` or ``.``, or it ends with ``%`` or ``~``)."""
    return any(part.startswith(("_", ".")) for part in PurePosixPath(path).parts) or path.endswith(("%", "~"))

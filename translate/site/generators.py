"""The blog generators as a table: how each is recognised in a blog folder, read, and asked for page URLs.

``read_site`` recognises the generator by its configuration file and the folders and files it
leaves (weighted hints), reads the configuration, and applies the user's ``generator`` and
``site_url`` settings, which beat what was detected. ``page_url`` is the URL path (below the base
URL) of the page the generator builds from a content file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import ConfigError
from .hexo import read_hexo
from .hexo_urls import hexo_page_url
from .hugo import find_hugo_config, read_hugo
from .hugo_urls import hugo_page_url
from .jekyll import read_jekyll
from .jekyll_urls import jekyll_page_url
from .model import PageURL, Site
from .urls import split_site_url


@dataclass(frozen=True, slots=True)
class Hint:
    """A trace a generator leaves in a blog folder."""

    path: str
    """A path relative to the blog folder (a glob with ``*``)."""
    weight: int
    """How much it says: 3 names the generator outright, 1 is a folder others may have too."""
    mentions: str = ""
    """The hint is that this file mentions this word (``Gemfile`` → ``jekyll``); "" when existing is enough."""

    def found(self, root: Path) -> bool:
        """Whether the trace is in ``root``."""
        paths = sorted(root.glob(self.path)) if "*" in self.path else [root / self.path]
        if not self.mentions:
            return any(p.exists() for p in paths)
        for path in paths:
            try:
                if self.mentions in path.read_text(encoding="utf-8", errors="replace"):
                    return True
            except OSError:
                continue
        return False


@dataclass(frozen=True, slots=True)
class Generator:
    """What the site model needs of one blog generator."""

    find_config: Callable[[Path], Path | None]
    """The configuration file it would read in a blog folder, or None."""
    hints: tuple[Hint, ...]
    """The traces that tell it apart from the others."""
    read: Callable[[Path, Path | None], Site]
    """Read ``(blog folder, configuration file or None)`` into a Site."""
    page_url: Callable[[Site, str, Mapping[str, object] | None], PageURL]
    """The URL of the page built from a content file."""


def _first(*names: str) -> Callable[[Path], Path | None]:
    def find(root: Path) -> Path | None:
        return next((root / name for name in names if (root / name).is_file()), None)

    return find


GENERATORS: dict[str, Generator] = {
    "jekyll": Generator(
        find_config=_first("_config.yml", "_config.yaml", "_config.toml"),
        hints=(Hint("Gemfile", 3, mentions="jekyll"), Hint("_posts", 2), Hint("*/_posts", 1), Hint("_layouts", 1),
               Hint("_includes", 1), Hint(".jekyll-cache", 2), Hint("_site", 1), Hint("_config.yml", 1, mentions="baseurl"),
               Hint("_config.yml", 2, mentions="jekyll-")),
        read=read_jekyll,
        page_url=jekyll_page_url,
    ),
    "hugo": Generator(
        find_config=find_hugo_config,
        hints=(Hint("hugo.*", 3), Hint(".hugo_build.lock", 3), Hint("archetypes", 2), Hint("config/_default", 2),
               Hint("content", 1), Hint("layouts", 1)),
        read=read_hugo,
        page_url=hugo_page_url,
    ),
    "hexo": Generator(
        find_config=_first("_config.yml", "_config.yaml", "_config.json"),
        hints=(Hint("package.json", 3, mentions='"hexo"'), Hint("source/_posts", 2), Hint("scaffolds", 2),
               Hint("db.json", 1), Hint("_config.yml", 2, mentions="new_post_name"), Hint("_config.yml", 1, mentions="source_dir")),
        read=read_hexo,
        page_url=hexo_page_url,
    ),
}
"""Generator name (the ``generator`` setting) → how it is recognised, read and asked for URLs."""


def read_site(root: Path, *, generator: str | None = None, site_url: str | None = None) -> Site:
    """The site in the blog folder ``root``: its generator (detected, or ``generator``) and what its configuration says.

    ``site_url`` replaces the base URL the configuration gives. ConfigError for an unknown
    generator, a ``site_url`` that is not an http(s) address, or a configuration that cannot be parsed.
    """
    if generator:
        if generator not in GENERATORS:
            raise ConfigError(f"unknown generator {generator!r}; set generator to one of {', '.join(GENERATORS)}")
        site = _read(root, generator, GENERATORS[generator].find_config(root), ())
    else:
        site = _detect(root)
    return with_overrides(site, site_url=site_url) if site_url else site


def with_overrides(site: Site, *, generator: str | None = None, site_url: str | None = None) -> Site:
    """``site`` with the user's settings applied: ``generator`` re-reads the folder as that generator, ``site_url`` sets the base URL."""
    if generator and generator != site.generator:
        site = read_site(site.root, generator=generator)
    if not site_url:
        return site
    split = split_site_url(site_url)
    if split is None:
        raise ConfigError(f"invalid setting site_url = {site_url!r}; set it to the blog's http:// or https:// address, "
                          f"such as https://example.com/blog")
    # The readers end every note about the site's address by pointing at site_url: now set, they no longer apply.
    kept = tuple(note for note in site.assumptions if "site_url" not in note)
    return dataclasses.replace(site, base_url=split[0], base_path=split[1],
                               assumptions=kept + (f"site URL {split[0]} set by the site_url setting",))


def locate_page(site: Site, path: str, front_matter: Mapping[str, object] | None) -> PageURL:
    """Where the generator publishes the file at ``path`` (relative to the blog root), or why nowhere.

    ``front_matter`` is the file's front matter (None when it has no front matter block, which
    makes a Jekyll page a static file).
    """
    clean = PurePosixPath(path.replace("\\", "/"))
    if clean.is_absolute() or ".." in clean.parts or not clean.parts:
        return PageURL(None, f"{path} is not a path inside the blog folder")
    if not site.generator:
        return PageURL(None, "no blog generator was recognised; set generator to jekyll, hugo or hexo")
    return GENERATORS[site.generator].page_url(site, str(clean), front_matter)


def page_url(site: Site, path: str, front_matter: Mapping[str, object] | None) -> str | None:
    """The URL path (below the base URL, starting with "/") of the page built from ``path``; None when there is none."""
    return locate_page(site, path, front_matter).url


def _detect(root: Path) -> Site:
    """Read ``root`` as the generator whose traces weigh most; a Site without a generator when none is found."""
    scores = {}
    for name, generator in GENERATORS.items():
        config = generator.find_config(root)
        score = sum(hint.weight for hint in generator.hints if hint.found(root))
        if config is not None or score >= 3:
            scores[name] = (score, config)
    if not scores:
        return Site(root=root, assumptions=((f"{root}: no Jekyll, Hugo or Hexo configuration found; links to the blog's own "
                                            f"pages are left as they are — set generator (and site_url)"),))
    ranked = sorted(scores, key=lambda name: -scores[name][0])
    best = ranked[0]
    notes: tuple[str, ...] = ()
    if len(ranked) > 1 and scores[ranked[1]][0] == scores[best][0]:
        notes = (f"{root}: looks as much like {' as '.join(ranked[:2])}; read as {best} — set generator to choose",)
    return _read(root, best, scores[best][1], notes)


def _read(root: Path, name: str, config: Path | None, notes: tuple[str, ...]) -> Site:
    if config is None:
        notes += (f"{root}: no {name} configuration file; read with {name}'s defaults",)
    site = GENERATORS[name].read(root, config)
    return dataclasses.replace(site, assumptions=notes + site.assumptions)


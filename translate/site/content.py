"""Where each generator keeps a blog's Chinese posts: the default of the ``content`` setting, and what ``init`` writes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from .hexo import HexoOptions
from .hugo import HugoOptions
from .jekyll import JekyllOptions
from .model import Site


def content_folders(site: Site) -> tuple[str, ...]:
    """The folders of the blog's Chinese posts, relative to its folder (POSIX), as its generator places them."""
    find = CONTENT_FOLDERS.get(site.generator)
    return find(site) if find is not None else ("content",)


def _jekyll_content(site: Site) -> tuple[str, ...]:
    """``_posts``, and the folders of collections that are published as pages of their own, in the collections folder."""
    options = site.options if isinstance(site.options, JekyllOptions) else JekyllOptions()
    base = PurePosixPath(options.source or ".") / (options.collections_dir or ".")
    return tuple(str(base / f"_{c.label}") for c in options.collections
                 if c.label == "posts" or (c.output and (site.root / base / f"_{c.label}").is_dir()))


def _hugo_content(site: Site) -> tuple[str, ...]:
    """The default language's contentDir, else the site's."""
    return (hugo_content_dir(site, site.default_language),)


def hugo_content_dir(site: Site, code: str) -> str:
    """The content folder of the language ``code``: its own contentDir, else the site's."""
    options = site.options if isinstance(site.options, HugoOptions) else HugoOptions()
    language = next((lang for lang in site.languages if lang.code == code), None)
    return language.content_dir if language is not None and language.content_dir else options.content_dir or "content"


def _hexo_content(site: Site) -> tuple[str, ...]:
    """``_posts`` in the source folder."""
    options = site.options if isinstance(site.options, HexoOptions) else HexoOptions()
    return (str(PurePosixPath(options.source_dir or "source") / "_posts"),)


CONTENT_FOLDERS: dict[str, Callable[[Site], tuple[str, ...]]] = {
    "jekyll": _jekyll_content,
    "hugo": _hugo_content,
    "hexo": _hexo_content,
}
"""Generator → the folders of a blog's Chinese posts."""

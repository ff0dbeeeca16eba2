"""What ``translate init`` sets up in a blog folder: a starter ``translate.toml``, and the cache folder kept out of git.

The settings are chosen from the site model (``generators.read_site``): where the Chinese posts
are, where the generator expects their English editions, and what was detected, so later runs
need not guess. Nothing here edits the generator's own configuration.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..config import PYPROJECT, SETTINGS_FILE, Given, Settings, convert
from ..setting_rules import RULES
from ..errors import ConfigError
from ..layouts import GENERATOR_LAYOUTS, LAYOUTS
from ..paths import content_root, english_path, find_posts, shown_path
from ..source.post import write_atomic
from .content import content_folders, hugo_content_dir
from .generators import GENERATORS, read_site
from .model import Site

DEFAULT_MODEL = Settings().model
"""The model a starter file names, as the settings default."""

LAYOUT_NOTES: dict[str, str] = {
    "jekyll": "en/_posts/ beside _posts",
    "hugo": "the English language's contentDir of the Hugo configuration, else content/en/",
    "hugo-suffix": "name.en.md beside the Chinese post",
    "hexo": "source/_posts/en/",
    "mirror": "under the folder set by out",
}
"""Layout name → where it puts English posts, for the starter file's comments."""


SITE_URL_EXAMPLE = "https://example.com"
"""The address a commented ``site_url`` shows when the configuration gives none."""


@dataclass(frozen=True, slots=True)
class Starter:
    """The settings file written for a blog, and what it was chosen from."""

    site: Site
    """The blog as its generator's configuration describes it."""
    content: tuple[str, ...]
    """The folders of Chinese posts, relative to the blog folder (POSIX)."""
    layout: str
    """The layout name written."""
    rewrite_links: bool
    """Whether links between posts are pointed at English editions (off when a plugin does it at build time)."""
    text: str
    """The translate.toml text."""


def detect_site(root: Path, *, generator: str | None = None) -> Site:
    """The blog in ``root``, as ``generator`` or as detected; ConfigError when no Jekyll, Hugo or Hexo blog is found."""
    site = read_site(root, generator=generator)
    if site.generator:
        return site
    traces = ", ".join(dict.fromkeys(hint.path for each in GENERATORS.values() for hint in each.hints))
    raise ConfigError(f"no Jekyll, Hugo or Hexo blog found: looked for _config.yml, hugo.toml, config.toml and the files "
                      f"the generators leave ({traces}); run translate init in the blog's folder, "
                      f"or pass --generator jekyll, hugo or hexo", path=root)


def check_unconfigured(root: Path, *, force: bool) -> None:
    """ConfigError when the blog in ``root`` already has settings (a translate.toml, unless ``force``; a [tool.translate] table)."""
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and _has_translate_table(pyproject):
        raise ConfigError(f"this blog's settings are already in {PYPROJECT}; edit them there (init writes {SETTINGS_FILE}, "
                          f"and settings in both is an error)", path=shown_path(pyproject))
    if (root / SETTINGS_FILE).exists() and not force:
        raise ConfigError("already exists: the blog is set up; edit it, or pass --force to write a new one",
                          path=shown_path(root / SETTINGS_FILE))


def _has_translate_table(pyproject: Path) -> bool:
    from ..source.post import toml_module

    tomllib = toml_module()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read it: {exc}; fix the TOML", path=shown_path(pyproject)) from exc
    tool = data.get("tool")
    return isinstance(tool, dict) and "translate" in tool


def choose_layout(site: Site, content: Iterable[str]) -> str:
    """The layout that puts English posts where the blog's generator expects them."""
    if site.generator == "hugo" and _hugo_pairs_by_name(site, content):
        return "hugo-suffix"
    return GENERATOR_LAYOUTS.get(site.generator, "mirror")


def _hugo_pairs_by_name(site: Site, content: Iterable[str]) -> bool:
    """Whether the Hugo blog keeps translations beside their posts (``a.en.md``): ``en`` shares the posts' folder, or such files exist."""
    folders = [folder for folder in content if (site.root / folder).is_dir()]
    if any(lang.code == "en" for lang in site.languages) and hugo_content_dir(site, "en") in content:
        return True
    return any(next((site.root / folder).rglob("*.en.md"), None) is not None for folder in folders)


def starter_settings(site: Site, *, model: str = DEFAULT_MODEL) -> Starter:
    """The starter translate.toml for ``site``: its content folders, layout, generator, model and (commented) site URL."""
    content = content_folders(site)
    layout = choose_layout(site, content)
    rewrite_links = site.link_plugin == ""
    config = _shown(site.config_file, site.root) if site.config_file is not None else f"{site.generator}'s defaults"
    lines = [
        "# Settings of translate for this blog (see translate --help and the README's Configuration).",
        "",
        "# The folders of Chinese posts that translate run and check read when given no paths.",
        f"content = {_toml(list(content))}",
        "",
        "# Where English posts go:",
        *(f"#   {name:<12} {LAYOUT_NOTES.get(name, '')}".rstrip() for name in LAYOUTS),
        *([f"# For a {site.generator.capitalize()} blog, {layout} puts them in {LAYOUT_NOTES[site.generator]}."]
          if layout != site.generator and site.generator in LAYOUT_NOTES else []),
        f"layout = {_toml(layout)}",
        "",
        f"# The blog generator, detected from {config} (auto: detect it on every run; none: no site features).",
        f"generator = {_toml(site.generator)}",
        "",
        "# The chat model; the endpoint comes from OPENAI_BASE_URL (any OpenAI-compatible server), the key from OPENAI_API_KEY.",
        f"model = {_toml(model)}",
        "",
    ]
    if site.base_url:
        lines += [f"# The blog's address, as {config} gives it; set it if the blog is published elsewhere.",
                  f"# site_url = {_toml(site.base_url)}"]
    else:
        lines += [f"# The blog's address: {config} gives none, so links written with it are not recognised; set it.",
                  f"# site_url = {_toml(SITE_URL_EXAMPLE + site.base_path)}"]
    if not rewrite_links:
        lines += ["", f"# {site.link_plugin} points links at each language's pages when the site is built: rewriting them too would do it twice.",
                  "rewrite_links = false"]
    text = "\n".join(lines) + "\n"
    _check(text)
    return Starter(site=site, content=content, layout=layout, rewrite_links=rewrite_links, text=text)


def write_settings(root: Path, starter: Starter) -> Path:
    """Write the starter settings to ``root``'s translate.toml; its path."""
    path = root / SETTINGS_FILE
    write_atomic(path, starter.text.encode("utf-8"))
    return path


def _check(text: str) -> None:
    """Every setting of a starter file is one load_settings takes (the file is never written otherwise)."""
    from ..source.post import toml_module

    for key, value in toml_module().loads(text).items():
        if key not in RULES:
            raise ConfigError(f"unknown setting {key} in the starter {SETTINGS_FILE}; valid settings: {', '.join(sorted(RULES))}")
        convert(Given(key, value, f"the starter {SETTINGS_FILE}"))


def _toml(value: str | list[str]) -> str:
    """A TOML string or array of strings (JSON's string escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


IgnoreOutcome = Literal["created", "added", "present", "outside"]
"""What ``ignore_folder`` did: created .gitignore, added a line, found the folder ignored, or left out a folder outside the blog."""


def ignore_folder(root: Path, folder: Path) -> tuple[IgnoreOutcome, str]:
    """Make ``root``'s .gitignore ignore ``folder``, keeping the file's line endings and final newline; what was done and the pattern."""
    absolute = folder if folder.is_absolute() else root / folder
    try:
        relative = absolute.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "outside", str(folder)
    pattern = relative + "/"
    path = root / ".gitignore"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        write_atomic(path, (pattern + "\n").encode("utf-8"))
        return "created", pattern
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"is not UTF-8 text; save it as UTF-8, or add {pattern} to it yourself", path=shown_path(path)) from exc
    if ignored(text, relative):
        return "present", pattern
    newline = "\r\n" if "\r\n" in text else "\n"
    if not text:
        text = pattern + newline
    elif text.endswith(("\n", "\r")):
        text += pattern + newline
    else:  # a file without a final newline keeps going without one
        text += newline + pattern
    write_atomic(path, text.encode("utf-8"))
    return "added", pattern


def ignored(gitignore: str, folder: str) -> bool:
    """Whether the .gitignore text ignores ``folder`` (a POSIX path relative to its folder), the last matching line deciding."""
    parts = folder.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]  # ignoring a folder ignores what is inside
    result = False
    for raw in gitignore.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = re.sub(r"/(\*\*?)?$", "", line[1:] if negated else line)  # dir/, dir/* and dir/** all hide the folder's files
        pattern = pattern.removeprefix("**/")
        # A pattern with a slash is relative to the .gitignore's folder; one without matches a name at any depth.
        names = prefixes if "/" in pattern else parts
        pattern = pattern.lstrip("/")
        if pattern and any(fnmatch.fnmatchcase(name, pattern) for name in names):
            result = not negated
    return result


@dataclass(frozen=True, slots=True)
class Content:
    """The Chinese posts in the configured content folders."""

    posts: tuple[Path, ...]
    """Every post found, sorted per folder."""
    folders: tuple[tuple[Path, int], ...]
    """Each content folder that exists, with how many posts it holds."""
    missing: tuple[Path, ...]
    """The content folders that do not exist."""


def find_content(settings: Settings) -> Content:
    """The posts ``translate run`` would read when given no paths, counted per content folder."""
    folders = [settings.path(folder) for folder in settings.content]
    present = [folder for folder in folders if folder.is_dir()]
    found = list(find_posts(settings, present))
    counts = Counter(root for _post, root in found)
    return Content(posts=tuple(post for post, _root in found),
                   folders=tuple((folder, counts[folder.absolute()]) for folder in present),
                   missing=tuple(folder for folder in folders if not folder.is_dir()))


def english_example(settings: Settings, content: Content) -> tuple[Path, Path] | None:
    """The first post and where its English edition goes under ``settings``; None without posts."""
    if not content.posts:
        return None
    post = content.posts[0]
    return post, english_path(settings, post, input_root=content_root(settings, post, fallback=post.parent))


def starter_glossary(settings: Settings, posts: Iterable[Path], *, limit: int, warn: Callable[[str], object]) -> int:
    """Write the ``limit`` best glossary candidates in ``posts`` as proposed entries of a new glossary; how many (loads jieba)."""
    from functools import partial

    from ..glossary.audit import segmented_post
    from ..glossary.editing import append_proposed
    from ..glossary.mining import extract_terms_from

    candidates = extract_terms_from(posts, partial(segmented_post, settings), warn=warn)[:limit]
    if not candidates:
        return 0
    return append_proposed(settings.path(settings.glossary),
                           [(c.term, f"{c.kind}, {c.count}x in {len(c.posts)} post" + ("s" if len(c.posts) != 1 else ""))
                            for c in candidates])

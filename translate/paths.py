"""Which files are posts, and where each post's English edition goes."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from .config import Settings
from .errors import ConfigError, InputWarning
from .layouts import LAYOUTS

POST_SUFFIXES = (".md", ".markdown")


def english_path(settings: Settings, source: Path, *, input_root: Path) -> Path:
    """Where the English edition of ``source`` (found under ``input_root``) is written."""
    layout = LAYOUTS[settings.layout]
    relative = source.relative_to(input_root) if source.is_relative_to(input_root) else Path(source.name)
    if settings.out is not None or layout.needs_out:
        if settings.out is None:
            raise ConfigError(f"layout {settings.layout!r} needs an output folder: pass --out DIR or set out in [tool.translate]")
        return settings.path(settings.out) / relative
    if layout.suffix is not None:
        return source.with_name(f"{source.stem}{layout.suffix}{source.suffix}")
    if layout.language_dirs:
        folders = language_folders(settings)
        if folders is not None:
            chinese, english = folders
            if source.is_relative_to(chinese):
                return english / source.relative_to(chinese)
    parts = source.parts
    if layout.anchor in parts:
        i = len(parts) - 1 - parts[::-1].index(layout.anchor) + (1 if layout.inside else 0)
        return Path(*parts[:i], "en", *parts[i:])
    return input_root / "en" / relative


def language_folders(settings: Settings) -> tuple[Path, Path] | None:
    """(the default language's content folder, the English one), absolute, when the site's configuration declares both."""
    site = settings.site
    if site is None:
        return None
    from .site.content import hugo_content_dir

    by_code = {language.code: language for language in site.languages}
    english = by_code.get("en")
    default = by_code.get(site.default_language)
    if english is None or not english.content_dir or default is None or default is english:
        return None
    return (site.root / hugo_content_dir(site, default.code)).absolute(), (site.root / english.content_dir).absolute()


def shown_path(path: Path) -> str:
    """``path`` as messages show it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ProjectKeys:
    """Paths relative to the project root, as keys: for the many paths of one run, each folder is resolved once.

    Resolving a path checks every folder above it for a symbolic link; over a blog that is most of
    the time a rebuild spends outside parsing. The result is that of ``Path.resolve()``.
    """

    def __init__(self, settings: Settings) -> None:
        self.root = settings.root.resolve()
        self._folders: dict[Path, Path] = {}

    def __call__(self, path: Path) -> str:
        """``path`` relative to the project root with forward slashes (absolute if outside it)."""
        absolute = self.resolve(path)
        return absolute.relative_to(self.root).as_posix() if absolute.is_relative_to(self.root) else absolute.as_posix()

    def resolve(self, path: Path) -> Path:
        """``path.resolve()``, with the folders above it resolved once per instance."""
        try:
            linked = path.is_symlink()
        except OSError:  # e.g. a folder without search permission: let resolve() decide, as it would have
            linked = True
        if linked or path.name in ("", ".", ".."):
            return path.resolve()
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        return folder / path.name


def is_english(settings: Settings, path: Path, *, root: Path) -> bool:
    """Whether ``path`` (found under ``root``) is an English edition written by this tool."""
    suffix = LAYOUTS[settings.layout].suffix
    if suffix is not None and path.stem.endswith(suffix):
        return True
    absolute = path if path.is_absolute() else Path.cwd() / path
    base = root if root.is_absolute() else Path.cwd() / root
    if settings.out is not None and absolute.is_relative_to(settings.path(settings.out).absolute()):
        return True
    folders = language_folders(settings) if LAYOUTS[settings.layout].language_dirs else None
    if folders is not None and absolute.is_relative_to(folders[1]):
        return True
    # Only the part below the root counts: a project kept in a folder named "en" is still Chinese.
    relative = absolute.relative_to(base) if absolute.is_relative_to(base) else Path(path.name)
    return "en" in relative.parts[:-1]


def content_root(settings: Settings, path: Path, *, fallback: Path) -> Path:
    """The configured content folder holding ``path`` (absolute), else ``fallback``.

    English paths and the English post's ``source`` field are relative to it, so they do not depend
    on whether a run was given the whole blog or a single post.
    """
    for folder in settings.content:
        candidate = settings.path(folder).absolute()
        if path.is_relative_to(candidate):
            return candidate
    return fallback


def find_posts(settings: Settings, inputs: Iterable[Path]) -> Iterator[tuple[Path, Path]]:
    """(post, content root) for every Chinese post under ``inputs``, sorted, outputs excluded.

    Each input is resolved once; the posts below it keep their names. Symbolic links are followed
    only when they stay inside the content folder: a post linked from elsewhere (``passwd.md`` →
    ``/etc/passwd``) is skipped with an ``InputWarning``, or, given by name, refused. A folder that
    cannot be read is an error, not an empty folder.
    """
    for given in inputs:
        named = given.absolute()
        given = given.resolve()
        if given.is_file():
            root = content_root(settings, given, fallback=given.parent)
            _check_out(settings, root)
            _check_named_link(settings, named, given)
            if is_english(settings, given, root=root):
                raise ConfigError(f"{given}: is an English edition written by translate; pass the Chinese post instead")
            yield given, root
        elif given.is_dir():
            _check_out(settings, content_root(settings, given, fallback=given))
            for path in _post_files(given):
                if is_english(settings, path, root=given):
                    continue
                root = content_root(settings, path, fallback=given)
                if path.is_symlink() and not path.resolve().is_relative_to(root.resolve()):
                    warnings.warn(f"{shown_path(path.parent) / Path(path.name)}: skipped: it is a symbolic link to {path.resolve()}, outside the "
                                  f"content folder {shown_path(root)}; copy the post into the folder to translate it",
                                  InputWarning)  # reported where it is raised: once per command, however many callers
                    continue
                if path.is_file():
                    yield path, root
        else:
            raise ConfigError(f"{given}: no such file or folder; pass post files or folders of posts")


def _post_files(folder: Path) -> list[Path]:
    """Files named like posts under ``folder``, sorted; hidden files and folders left out, linked folders not entered."""
    def unreadable(exc: OSError) -> None:
        where = shown_path(Path(exc.filename)) if exc.filename else shown_path(folder)
        raise ConfigError(f"{where}: cannot read this folder ({exc.strerror}); make it readable, or move it out of the posts")

    found: list[Path] = []
    for top, folders, files in os.walk(folder, onerror=unreadable):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(Path(top, name) for name in files
                     if not name.startswith(".") and Path(name).suffix.lower() in POST_SUFFIXES)
    return sorted(found)


def _check_named_link(settings: Settings, named: Path, target: Path) -> None:
    """Refuse a post given by name that leads through a symbolic link out of its content folder (its own folder if in none)."""
    named = Path(os.path.normpath(named))
    if named == target:
        return
    root = content_root(settings, named, fallback=named.parent).resolve()
    if not target.is_relative_to(root):
        raise ConfigError(f"{shown_path(named.parent) / Path(named.name)}: leads through a symbolic link to {target}, outside the content folder "
                          f"{shown_path(root)}; translate follows no link out of it: copy the post into the folder")


def _check_out(settings: Settings, folder: Path) -> None:
    """Refuse an output folder equal to or inside a folder of posts: English posts would overwrite or join the Chinese ones."""
    if settings.out is None:
        return
    out = settings.path(settings.out).resolve()
    source = folder.resolve()
    if out == source or out.is_relative_to(source):
        raise ConfigError(f"the output folder {shown_path(out)} (--out or out =) is {'the' if out == source else 'inside the'} "
                          f"folder of posts {shown_path(source)}: English posts would mix with the Chinese ones; "
                          f"choose an output folder outside it")


def check_writable(settings: Settings, *, lock: bool = True, cache: bool = True) -> None:
    """Raise ConfigError unless the lock file (with ``lock``) and the cache folder (with ``cache``) can be written."""
    lock_file = settings.path(settings.lock_file)
    places = []
    if lock:
        if lock_file.is_dir():
            raise ConfigError(f"{shown_path(lock_file)}: is a folder, not the lock file; set lock_file to a file path")
        places.append(("the lock file", lock_file.parent, "set lock_file to a file in a writable folder"))
    if cache:
        places.append(("the cache", settings.path(settings.cache_dir), "set cache_dir to a writable folder, or run with --no-cache"))
    for what, folder, setting in places:
        existing = folder.absolute()
        while not existing.exists() and existing != existing.parent:  # the folders missing are made on first use
            existing = existing.parent
        subject = "it" if existing == folder.absolute() else _folder_name(existing)
        where = f"cannot write {what} in {_folder_name(folder)}: {subject}"
        if not existing.is_dir():
            raise ConfigError(f"{where} is a file, not a folder; {setting}")
        if not os.access(existing, os.W_OK | os.X_OK):  # also false on a read-only file system
            raise ConfigError(f"{where} is not writable; make it writable, or {setting}")


def _folder_name(folder: Path) -> str:
    shown = shown_path(folder)
    return shown if shown != "." else str(folder.resolve())

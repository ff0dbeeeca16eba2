"""``translate cache {stats,clear,path}``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .common import settings_options


@click.group("cache")
def cache_group() -> None:
    """Inspect or clear the translation cache.

    \b
    Examples:
      translate cache stats
      translate cache clear
      translate cache path
    """


def _directory(cache_dir: Path | None, *, opened: bool = True) -> Path:
    from ..config import load_settings
    from ..paths import check_writable

    settings = load_settings(flags={"cache_dir": cache_dir})
    if opened:  # diskcache creates the folder and its database
        check_writable(settings, lock=False)
    return settings.path(settings.cache_dir)


@cache_group.command("path")
@settings_options
def path_command(glossary: Path | None, cache_dir: Path | None) -> None:
    """Print the cache folder."""
    click.echo(str(_directory(cache_dir, opened=False)))


@cache_group.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@settings_options
def stats_command(as_json: bool, glossary: Path | None, cache_dir: Path | None) -> None:
    """Entries, size on disk, and hits/misses of the last run."""
    from ..store.cache import TranslationCache, read_run_stats

    directory = _directory(cache_dir)
    cache = TranslationCache(directory)
    try:
        stats = {**cache.stats(), **{k: v for k, v in read_run_stats(directory).items() if k in ("hits", "misses")}}
    finally:
        cache.close()
    if as_json:
        click.echo(json.dumps(stats))
        return
    click.echo(f"{directory}: {stats['entries']} entries, {stats['size_bytes'] / 1024:.1f} KiB; "
               f"last run: {stats.get('hits', 0)} hits, {stats.get('misses', 0)} misses")


@cache_group.command("clear")
@settings_options
def clear_command(glossary: Path | None, cache_dir: Path | None) -> None:
    """Remove every cached translation."""
    from ..store.cache import TranslationCache

    cache = TranslationCache(_directory(cache_dir))
    try:
        removed = cache.clear()
    finally:
        cache.close()
    click.echo(f"Removed {removed} cached translations.")

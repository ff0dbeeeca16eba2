"""``translate cache {stats,clear,path}``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import settings_options

if TYPE_CHECKING:
    from ..store.ledger import Spend, SpendSummary, Total


@click.group("cache")
def cache_group() -> None:
    """Inspect or clear the translation cache, and see what runs spent.

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
    """Entries, size on disk, hits/misses of the last run, and what runs spent (from the spend ledger).

    Spending is summed over all time, the last 30 days and each model, and the last few runs are
    listed; a run whose model had no price counts its tokens but no dollars.

    \b
    Examples:
      translate cache stats
      translate cache stats --json | jq .spend.all_time.cost
    """
    from datetime import datetime, timezone

    from ..store.cache import TranslationCache, read_run_stats
    from ..store.ledger import read_spends, summarize

    directory = _directory(cache_dir)
    cache = TranslationCache(directory)
    try:
        stats = {**cache.stats(), **{k: v for k, v in read_run_stats(directory).items() if k in ("hits", "misses")}}
    finally:
        cache.close()
    spend = summarize(read_spends(directory), now=datetime.now(timezone.utc))
    if as_json:
        click.echo(json.dumps({**stats, "spend": spend.record()}, ensure_ascii=False))
        return
    click.echo(f"{directory}: {stats['entries']} entries, {stats['size_bytes'] / 1024:.1f} KiB; "
               f"last run: {stats.get('hits', 0)} hits, {stats.get('misses', 0)} misses")
    for line in spend_lines(spend):
        click.echo(line)


def spend_lines(summary: SpendSummary) -> list[str]:
    """The spend ledger summed up, as ``cache stats`` prints it."""
    if not summary.all_time.runs:
        return ["Spent: nothing recorded yet (a run that sends requests adds a line to spend.jsonl in the cache folder)."]
    rows = [("all time", summary.all_time), ("last 30 days", summary.recent),
            *((f"  {model}", total) for model, total in sorted(summary.models.items()))]
    width = max(len(name) for name, _ in rows)
    lines = ["Spent (USD at the price each run used):"]
    lines += [f"  {name:<{width}}  {_total(total)}" for name, total in rows]
    lines.append("Last runs:")
    lines += [f"  {_run(spend)}" for spend in summary.last]
    return lines


def _total(total: Total) -> str:
    cost = f"${total.cost:.4f}" + (f" + {_count(total.unpriced, 'run')} unpriced" if total.unpriced else "")
    return (f"{_count(total.runs, 'run')}, {_count(total.requests, 'request')}, "
            f"{total.prompt_tokens:,} + {total.completion_tokens:,} tokens, {cost}")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _run(spend: Spend) -> str:
    cost = "cost unknown (no price)" if spend.cost is None else f"${spend.cost:.4f}"
    return (f"{spend.at}  {spend.model} at {spend.host}: {_count(spend.requests, 'request')}, "
            f"{spend.prompt_tokens:,} + {spend.completion_tokens:,} tokens, {cost}")


@cache_group.command("clear")
@settings_options
def clear_command(glossary: Path | None, cache_dir: Path | None) -> None:
    """Remove every cached translation; the spend ledger is kept.

    The ledger (spend.jsonl in the cache folder) records money already spent, not translations:
    clearing the cache makes the next run pay again, and the ledger is where that shows. Delete the
    file yourself to start it afresh.

    \b
    Examples:
      translate cache clear
    """
    from ..store.cache import TranslationCache
    from ..store.ledger import LEDGER_FILE

    directory = _directory(cache_dir)
    cache = TranslationCache(directory)
    try:
        removed = cache.clear()
    finally:
        cache.close()
    kept = f"; the spend ledger {directory / LEDGER_FILE} is kept" if (directory / LEDGER_FILE).is_file() else ""
    click.echo(f"Removed {removed} cached translations{kept}.")

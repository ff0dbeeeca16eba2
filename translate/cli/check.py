"""``translate check``: offline staleness check for CI and pre-commit."""

from __future__ import annotations

from pathlib import Path

import click

from .common import inputs_or_default, settings_options


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Also fail when a translation was written with a warning.")
@settings_options
def check_command(paths: tuple[Path, ...], strict: bool, glossary: Path | None, cache_dir: Path | None) -> None:
    """Fail (exit 1) when an English post is stale, missing or orphaned. No network, no key.

    Translations written with a warning are listed; with --strict they fail the check too.

    \b
    Examples:
      translate check
      translate check --strict content/_posts
    """
    from ..store.staleness import check
    from ..config import load_settings

    settings = load_settings(flags={"glossary": glossary, "cache_dir": cache_dir})
    report = check(settings, inputs_or_default(paths, settings))
    for label, items in (("stale", report.stale), ("missing", report.missing), ("orphaned", report.orphaned), ("warning", report.warned)):
        for path, reason in items:
            click.echo(f"{label}: {path}: {reason}", err=True)
    if report.ok and strict and report.warned:
        click.echo(f"{len(report.warned)} posts have translations written with a warning (--strict); {report.current} current.")
        click.get_current_context().exit(1)
    if report.ok:
        click.echo(f"All {report.current} English posts are current.")
        return
    click.echo(f"{len(report.stale)} stale, {len(report.missing)} missing, {len(report.orphaned)} orphaned; {report.current} current.")
    click.get_current_context().exit(1)

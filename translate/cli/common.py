"""Options and output shared by the commands."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def settings_options(func: F) -> F:
    """The options every command that reads settings accepts."""
    func = click.option("--glossary", "glossary", type=click.Path(path_type=Path, dir_okay=False), help="Glossary file (default glossary.yaml).")(func)
    func = click.option("--cache-dir", "cache_dir", type=click.Path(path_type=Path, file_okay=False), help="Cache folder (default .translate-cache).")(func)
    return func


def plain_output() -> bool:
    """Plain lines instead of progress bars: in CI, without a terminal, or with NO_COLOR."""
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


def echo_error(message: str) -> None:
    """An ``Error: …`` line on stderr."""
    click.echo(f"Error: {message}", err=True)


def inputs_or_default(paths: tuple[Path, ...], settings: Any) -> list[Path]:
    """The given paths, or the configured content folders."""
    return list(paths) if paths else [settings.path(p) for p in settings.content]

"""The command line: a click group whose commands return through ``run(argv) -> int``."""

from __future__ import annotations

import json
import os
import sys
import traceback
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import InputWarning, TranslateError


class _Group(click.Group):
    """Keeps command modules unimported until their command runs (no jieba or openai at start-up)."""

    lazy = {
        "run": ("translate.cli.run", "run_command"),
        "status": ("translate.cli.run", "status_command"),
        "check": ("translate.cli.check", "check_command"),
        "cache": ("translate.cli.cache", "cache_group"),
        "glossary": ("translate.cli.glossary", "glossary"),
        "review": ("translate.cli.review", "review_command"),
        "init": ("translate.cli.init", "init_command"),
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            import importlib

            module, attr = self.lazy[name]
            try:
                command: click.Command = getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError:
                return None
            return command
        return super().get_command(ctx, name)


@click.group(cls=_Group)
# The version written in the package, not looked up in installed metadata: right in a source tree too.
@click.version_option(__version__, "--version", prog_name="translate", message="%(prog)s %(version)s")
def cli() -> None:
    """Translate a Chinese Markdown blog into English and keep it current.

    \b
    Examples:
      translate init                # set up the blog in this folder
      translate run                 # translate what changed in the blog
      translate check               # CI: fail when an English post is stale
      translate segment content/_posts/2022-12-31-newyear2022.md
    """


@cli.command("segment")
@click.argument("post", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the segments as JSON.")
@click.option("--all", "all_text", is_flag=True, help="Also show text with no Chinese in it.")
def segment_command(post: Path, as_json: bool, all_text: bool) -> None:
    """Show what would be sent for POST: each segment's id, line, masked text and placeholders.

    \b
    Examples:
      translate segment content/_posts/2022-12-31-newyear2022.md
      translate segment --json post.md | jq '.segments[].text'
    """
    from ..config import load_settings
    from ..source.post import read_post
    from ..source.segment import segment

    settings = load_settings()
    parsed = read_post(post)
    segments = segment(parsed, fields=settings.fields, math=settings.math, all_text=all_text)
    if as_json:
        payload = {
            "post": str(post),
            "segments": [
                {
                    "id": s.id,
                    "line": s.line,
                    "kind": s.kind,
                    "text": s.text,
                    "placeholders": {p.token: p.original for p in s.placeholders},
                }
                for s in segments
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for s in segments:
        click.echo(f"{post}:{s.line}  [{s.id}] {s.kind}")
        click.echo(f"  {s.text}")
        for p in s.placeholders:
            click.echo(f"    {p.token} = {p.original}")
    click.echo(f"{len(segments)} segments", err=True)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv``; return the exit status instead of exiting."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default", InputWarning)  # each distinct warning once per command
            warnings.showwarning = _show_warning(warnings.showwarning)
            # Without standalone mode, click returns the code of ctx.exit(code) instead of exiting.
            status = cli.main(args=list(argv) if argv is not None else None, prog_name="translate", standalone_mode=False)
    except TranslateError as exc:
        if os.environ.get("TRANSLATE_DEBUG"):
            traceback.print_exc()
        click.echo(f"Error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except OSError as exc:  # the disk or the permissions, not a bug: say which file
        if os.environ.get("TRANSLATE_DEBUG"):
            traceback.print_exc()
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"Error: {where}{exc.strerror or exc}; check that it can be read and written and that the disk has room", err=True)
        return 1
    except Exception as exc:  # a bug, not bad input: say so in one line unless debugging
        if os.environ.get("TRANSLATE_DEBUG"):
            raise
        click.echo(f"Error: internal error ({type(exc).__name__}: {exc}); set TRANSLATE_DEBUG=1 for the traceback and report it", err=True)
        return 1
    return status if isinstance(status, int) else 0


def _show_warning(show: Callable[..., None]) -> Callable[..., None]:
    """``warnings.showwarning`` printing an ``InputWarning`` as a ``Warning: …`` line, others as ``show`` does."""
    def shown(message: Warning | str, category: type[Warning], filename: str, lineno: int, file: Any = None,
              line: str | None = None) -> None:
        if issubclass(category, InputWarning):
            click.echo(f"Warning: {message}", err=True)
        else:
            show(message, category, filename, lineno, file, line)

    return shown


def main() -> None:
    """Console script entry point."""
    sys.exit(run())

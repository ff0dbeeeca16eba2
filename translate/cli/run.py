"""``translate run`` and ``translate status``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .common import echo_error, inputs_or_default, plain_output, settings_options

if TYPE_CHECKING:
    from ..config import Settings
    from ..model.prices import Price
    from ..model.translator import Usage
    from ..run.pipeline import RunOptions
    from ..run.report import PostOutcome, RunReport


@click.command("run")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), help="Write English posts under DIR, mirroring the inputs.")
@click.option("--model", help="Model name sent to the endpoint.")
@click.option("--concurrency", type=int, help="Requests in flight at once.")
@click.option("--dry-run", is_flag=True, help="Plan and estimate cost; no network, nothing written.")
@click.option("--offline", is_flag=True, help="Use the lock and cache only; anything else is an error.")
@click.option("--force", is_flag=True, help="Re-translate every segment (through the cache unless --no-cache).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--adopt", is_flag=True, help="Keep existing English posts missing from the lock as their translations.")
@click.option("--retry-failed", is_flag=True, help="Send parked segments (failed after every retry in an earlier run) again.")
@click.option("--batch", is_flag=True, help="Submit what must be sent as Batch API jobs (half price, within 24 h); a later run collects them.")
@click.option("--wait", is_flag=True, help="With --batch: wait until every batch is collected.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable summary on stdout.")
@settings_options
def run_command(paths: tuple[Path, ...], out: Path | None, model: str | None, concurrency: int | None, dry_run: bool,
                offline: bool, force: bool, no_cache: bool, adopt: bool, retry_failed: bool, batch: bool, wait: bool, as_json: bool,
                glossary: Path | None, cache_dir: Path | None) -> None:
    """Translate the posts in PATHS (default: the configured content folder) into English.

    Only new or changed segments are sent; the rest comes from the lock and the cache.

    \b
    Examples:
      translate run                       # the whole blog, as configured
      translate run content/_posts/2022-12-31-newyear2022.md
      translate run --dry-run             # what it would cost
      translate run posts/ --out en/ --model deepseek-chat
      translate run --batch               # submit a backfill; run it again later to collect
    """
    from ..config import load_settings
    from ..model.prices import price_for
    from .batch import batch_json, batch_translator_for, echo_batches
    from ..model.translator import Usage
    from ..paths import check_writable
    from ..run.pipeline import RunOptions, run
    from ..run.report import summary_rows

    settings = load_settings(flags={"out": out, "model": model, "concurrency": concurrency, "glossary": glossary, "cache_dir": cache_dir})
    if not dry_run:  # a dry run writes nothing
        check_writable(settings, cache=not no_cache)
    options = RunOptions(force=force, adopt=adopt, dry_run=dry_run, offline=offline, no_cache=no_cache, retry_failed=retry_failed,
                         batch=batch)
    plain = plain_output() or as_json or batch
    inputs = inputs_or_default(paths, settings)
    translator = batch_translator_for(settings, batch=batch, wait=wait, dry_run=dry_run, offline=offline, no_cache=no_cache)
    price = price_for(settings.model, settings.prices, batch=batch)
    so_far = [Usage()]  # the running usage, as the run reports it

    def line(post: PostOutcome) -> None:
        if as_json:
            return
        spent = f"; so far {spend_so_far(so_far[0], price)}" if so_far[0].requests else ""
        if post.state == "failed":
            click.echo(f"failed      {post.key}{spent}", err=True)
        elif post.written:
            click.echo(f"written     {post.english_key}  (kept {post.kept}, cached {post.cached}, sent {post.sent}){spent}", err=True)

    def spent(usage: Usage) -> None:
        so_far[0] = usage

    if plain or dry_run:
        report = run(settings, inputs, options, progress=line, spent=spent, translator=translator)
    else:
        report = _with_progress_bar(settings, inputs, options, price)
    rows = summary_rows(report)
    if translator is not None and not as_json:
        echo_batches(translator, pending=sum(p.state == "pending" for p in report.posts))
    if as_json:
        click.echo(json.dumps({
            "posts": rows, "requests": report.usage.requests, "prompt_tokens": report.usage.prompt_tokens,
            "completion_tokens": report.usage.completion_tokens, "cost": report.cost,
            "price": report.price.record() if report.price is not None else None, "model": settings.model,
            "seconds": round(report.seconds, 3), "dry_run": dry_run, "failed": len(report.failed), "parked": report.parked,
            "warnings": report.warnings, "new_terms": report.new_terms, **batch_json(translator),
        }, ensure_ascii=False, indent=2))
    else:
        _summary(report, dry_run=dry_run, plain=plain, model=settings.model)
    for post in report.posts:
        for warning in post.warnings:
            click.echo(f"Warning: {warning}", err=True)
    for post in report.failed:
        for failure in post.failures:
            echo_error(failure)
    if report.failed:
        click.get_current_context().exit(1)


def spend_so_far(usage: Usage, price: Price | None) -> str:
    """``4,210 tokens, $0.0012``: what a run has spent so far, for its progress line."""
    tokens = f"{usage.prompt_tokens + usage.completion_tokens:,} tokens"
    return tokens if price is None else f"{tokens}, ${price.cost(usage):.4f}"


def _with_progress_bar(settings: Settings, inputs: Sequence[Path], options: RunOptions, price: Price | None) -> RunReport:
    """Run with a rich progress bar and the spending so far (terminals only; CI and pipes get plain lines)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..model.translator import Usage
    from ..paths import find_posts
    from ..run.pipeline import run

    total = sum(1 for _ in find_posts(settings, inputs))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[spend]}"))
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("translating", total=total, spend=spend_so_far(Usage(), price))

        def advance(post: PostOutcome) -> None:
            bar.update(task, advance=1, description=post.key if post.state != "up to date" else "translating")

        def spent(usage: Usage) -> None:
            bar.update(task, spend=spend_so_far(usage, price))

        return run(settings, inputs, options, progress=advance, spent=spent)


def _summary(report: RunReport, *, dry_run: bool, plain: bool, model: str) -> None:
    from ..model.prices import cost_sentence

    posts = report.posts
    up_to_date = sum(p.state == "up to date" for p in posts)
    if dry_run:
        todo = sum(p.todo for p in posts)
        done = sum(p.kept + p.cached for p in posts)
        cost = cost_sentence(report.usage, report.price, model)
        terms = f" and {report.new_terms} new terms (tags, categories)" if report.new_terms else ""
        click.echo(
            f"Dry run: {len(posts)} posts ({up_to_date} up to date), {todo} segments{terms} to send, {done} already done; "
            f"{report.usage.requests} requests, ~{report.usage.prompt_tokens} prompt + ~{report.usage.completion_tokens} completion tokens; "
            f"cost {cost}."
        )
        for p in posts:
            if p.todo:
                click.echo(f"  {p.key}: {p.todo} segments to send")
        return
    if up_to_date == len(posts):
        click.echo(f"All {len(posts)} posts are up to date; nothing to send.")
        return
    if not plain:
        from rich.console import Console
        from rich.table import Table

        table = Table("post", "state", "kept", "cached", "sent")
        for p in posts:
            if p.state != "up to date":
                table.add_row(p.key, "failed" if p.state == "failed" else ("written" if p.written else "unchanged"),
                              str(p.kept), str(p.cached), str(p.sent))
        Console(stderr=True).print(table)
    written = sum(p.written for p in posts)
    # Planned again (settings or glossary changed) but the English came out the same: its lock entry was renewed.
    unchanged = sum(p.state in ("new", "changed") and not p.written for p in posts)
    flags = "".join(f", {n} {what}" for n, what in ((report.parked, "segments parked"), (report.warnings, "warnings")) if n)
    renewed = f", {unchanged} rechecked (English unchanged)" if unchanged else ""
    click.echo(
        f"{len(posts)} posts: {up_to_date} up to date, {written} written{renewed}, {len(report.failed)} failed{flags}; "
        f"{report.usage.requests} requests, {report.usage.prompt_tokens} prompt + {report.usage.completion_tokens} completion tokens; "
        f"{report.seconds:.1f}s."
    )
    if report.usage.requests:
        click.echo(f"Cost {cost_sentence(report.usage, report.price, model)}.")


@click.command("status")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON.")
@settings_options
def status_command(paths: tuple[Path, ...], as_json: bool, glossary: Path | None, cache_dir: Path | None) -> None:
    """A table of posts: up to date, stale (which segments), new, edited by hand, failed last time.

    \b
    Examples:
      translate status
      translate status --json
    """
    from dataclasses import asdict

    from ..config import load_settings
    from ..run.status import post_statuses

    settings = load_settings(flags={"glossary": glossary, "cache_dir": cache_dir})
    rows = [asdict(row) for row in post_statuses(settings, inputs_or_default(paths, settings))]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(r["post"]) for r in rows), default=4)
    for r in rows:
        click.echo(f"{r['post']:<{width}}  {r['state']}" + (f"  ({r['detail']})" if r["detail"] else ""))
    from .batch import echo_pending_batches

    echo_pending_batches(settings)
    if settings.site is not None:  # what was guessed about the site, and what its configuration lacks for an English edition
        from ..site.advice import generator_advice

        for note in settings.site.assumptions:
            click.echo(f"Note: {note}", err=True)
        for advice in generator_advice(settings.site):
            click.echo(f"Note: {advice.message}", err=True)
            if advice.snippet:
                click.echo("\n".join("    " + line for line in advice.snippet.splitlines()), err=True)

"""``translate init``: set up a Jekyll, Hugo or Hexo blog for translation (settings, glossary, .gitignore, advice)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from ..site.generators import GENERATORS

NEXT_STEPS = (
    ("translate run --dry-run", "what would be sent, and what it would cost (no network)"),
    ("translate glossary review", "approve, render or reject the proposed names"),
    ("translate run", "translate the posts"),
)
"""The commands a newly set up blog runs next, with what each does."""


@click.command("init")
@click.argument("folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--generator", type=click.Choice(sorted(GENERATORS)), help="The blog's generator, when it is not detected.")
@click.option("--model", help="The chat model to name in translate.toml (default gpt-4o-mini).")
@click.option("--force", is_flag=True, help="Replace an existing translate.toml.")
@click.option("--no-glossary", is_flag=True, help="Do not propose glossary entries from the posts.")
@click.option("--limit", type=click.IntRange(min=1), default=30, show_default=True, help="Propose at most N glossary entries.")
def init_command(folder: Path, generator: str | None, model: str | None, force: bool, no_glossary: bool, limit: int) -> None:
    """Set up the blog in FOLDER (default: the current folder) for translation.

    Detects the generator (Jekyll, Hugo, Hexo) and writes a starter translate.toml; proposes
    glossary entries found in the posts when there is no glossary.yaml; adds the cache folder
    to .gitignore; and says what the generator's configuration needs so English posts get
    URLs of their own (its files are never edited).

    \b
    Examples:
      translate init
      translate init --generator hugo --model deepseek-chat
      translate init path/to/blog --no-glossary
    """
    from ..config import load_settings
    from ..paths import shown_path
    from ..site.advice import generator_advice
    from ..site.starter import (
        DEFAULT_MODEL,
        LAYOUT_NOTES,
        check_unconfigured,
        detect_site,
        english_example,
        find_content,
        ignore_folder,
        starter_glossary,
        starter_settings,
        write_settings,
    )

    root = folder.absolute()
    check_unconfigured(root, force=force)
    site = detect_site(root, generator=generator)
    starter = starter_settings(site, model=model or DEFAULT_MODEL)
    config = shown_path(site.config_file) if site.config_file is not None else "no configuration file"
    click.echo(f"Blog: {site.generator.capitalize()} ({config})")
    click.echo(f"Site URL: {site.base_url or 'not found (set site_url in translate.toml)'}")

    settings_file = write_settings(root, starter)
    settings = load_settings(cwd=root)
    content = find_content(settings)
    for posts, count in content.folders:
        click.echo(f"Content: {shown_path(posts)} ({count} post{'' if count == 1 else 's'})")
    for posts in content.missing:
        click.echo(f"Warning: content folder {shown_path(posts)} does not exist yet; write posts there, "
                   f"or change content in {shown_path(settings_file)}", err=True)

    example = english_example(settings, content)
    where = (f"{shown_path(example[0])} → {shown_path(example[1])}" if example is not None
             else f"English posts in {LAYOUT_NOTES.get(starter.layout, starter.layout)}")
    click.echo(f"Wrote {shown_path(settings_file)}: generator {site.generator}, layout {starter.layout} ({where})"
               + ("" if starter.rewrite_links else ", rewrite_links = false"))
    glossary = settings.path(settings.glossary)
    if no_glossary:
        pass
    elif glossary.exists():
        click.echo(f"Kept {shown_path(glossary)} as it is")
    elif not content.posts:
        click.echo("No glossary written: no posts to find names in; once there are, run: translate glossary extract --write")
    else:
        added = starter_glossary(settings, content.posts, limit=limit, warn=partial(click.echo, err=True))
        click.echo(f"Wrote {shown_path(glossary)}: {added} proposed entries" if added else "No glossary written: no candidate names found")
    outcome, pattern = ignore_folder(root, settings.cache_dir)
    click.echo({"created": f"Wrote .gitignore: {pattern}", "added": f"Added {pattern} to .gitignore",
                "present": f".gitignore already ignores {pattern}",
                "outside": f"Cache folder {pattern} is outside the blog; .gitignore left as it is"}[outcome])

    for advice in generator_advice(site):
        click.echo(f"\n{advice.message}")
        if advice.snippet:
            click.echo("\n" + "\n".join(f"    {line}" if line else "" for line in advice.snippet.splitlines()))
    if site.assumptions:
        click.echo("")
    for note in site.assumptions:
        click.echo(f"Note: {note}")
    click.echo("\nNext:")
    width = max(len(command) for command, _ in NEXT_STEPS)
    for command, what in NEXT_STEPS:
        click.echo(f"  {command:<{width}}  # {what}")

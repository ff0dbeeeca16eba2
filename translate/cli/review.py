"""``translate review``: the local review page, or its read-only export."""

from __future__ import annotations

from pathlib import Path

import click

from .common import settings_options


@click.command("review")
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (default: a free one).")
@click.option("--no-open", is_flag=True, help="Do not open the page in a browser.")
@click.option("--html", "html_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Write what needs attention to FILE as one read-only HTML page, and exit.")
@settings_options
def review_command(port: int, no_open: bool, html_file: Path | None, glossary: Path | None, cache_dir: Path | None) -> None:
    """Review what needs a person: parked segments, stale posts, proposed glossary entries.

    Serves a page on 127.0.0.1 (opened in your browser) with the attention list, each post side
    by side with its English, and the proposed glossary entries. There you accept a rejected
    reply, edit a translation (checked before it is saved, then the post is written), send a
    segment again, and approve or reject glossary entries. Ctrl-C stops it.

    \b
    Examples:
      translate review
      translate review --port 8765 --no-open
      translate review --html review.html    # for a CI artifact or a pull request
    """
    from ..config import load_settings
    from ..paths import shown_path

    settings = load_settings(flags={"glossary": glossary, "cache_dir": cache_dir})
    if html_file is not None:
        from ..review.export import write_export

        exported = write_export(settings, html_file)
        from ..review.html import plural

        entries = "entry" if exported.proposed == 1 else "entries"
        click.echo(f"Wrote {shown_path(html_file)}: {plural(exported.parked, 'parked segment')}, "
                   f"{plural(exported.posts, 'post')} needing attention, {exported.proposed} proposed glossary {entries}", err=True)
        return
    from ..review.server import ReviewServer

    server = ReviewServer(settings, port=port)
    click.echo(f"Review page: {server.url}  (Ctrl-C to stop)", err=True)
    if not no_open:
        import webbrowser

        webbrowser.open(server.url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
    finally:
        server.close()

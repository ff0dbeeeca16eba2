"""``translate glossary {extract,review,check}``: grow the glossary and check translations against it."""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..config import Settings, load_settings
from ..glossary.editing import decide, entry_comment, entry_examples
from ..glossary.model import load_glossary
from ..paths import find_posts, shown_path
from ..source.cjk import HAN_OR_KANA_RE
from .common import inputs_or_default

if TYPE_CHECKING:
    from ..glossary.ranking import Candidate

_glossary_option = click.option(
    "--glossary", "glossary_file", type=click.Path(path_type=Path, dir_okay=False), help="The glossary file (default: glossary.yaml)."
)


@click.group("glossary")
def glossary() -> None:
    """Grow the glossary from your posts, review it, and check translations against it.

    \b
    Examples:
      translate glossary extract --limit 30
      translate glossary review
      translate glossary check
    """


def _settings(glossary_file: Path | None) -> tuple[Settings, Path]:
    settings = load_settings(flags={"glossary": glossary_file})
    return settings, settings.path(settings.glossary)


@glossary.command("extract")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_glossary_option
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Show (or write) at most N candidates.")
@click.option("--json", "as_json", is_flag=True, help="Print the candidates as JSON.")
@click.option("--write", is_flag=True, help="Append the candidates to the glossary as proposed entries.")
def extract(paths: tuple[Path, ...], glossary_file: Path | None, limit: int, as_json: bool, write: bool) -> None:
    """Find candidate terms in the Chinese posts under PATHS that the glossary lacks.

    Candidates are Latin-script names inside Chinese text, names in inline code, link texts
    pointing at a repository, proper nouns (people, places, organisations) and frequent
    uncommon nouns, ranked so names come first: words common in general Chinese or English
    and standard acronyms (API, CPU) go down. Spellings of one thing are one candidate with
    aliases (docker/Docker, 才云科技/才云). Where posts have English editions, the English
    that goes with a term there is proposed as its rendering, with the evidence. Already
    listed terms, including rejected ones, are left out.

    \b
    Examples:
      translate glossary extract --limit 30
      translate glossary extract content/_posts --json | jq '.candidates[].term'
      translate glossary extract --write && translate glossary review
    """
    from ..glossary.audit import paired_sentences, segmented_post
    from ..glossary.background import load_english
    from ..glossary.editing import NewEntry, append_entries
    from ..glossary.mining import candidate_json, extract_terms_from
    from ..glossary.renderings import with_renderings

    settings, path = _settings(glossary_file)
    current = load_glossary(path)
    known = {s for e in current.entries for s in e.spellings}
    known |= {s.lower() for s in known}
    inputs = inputs_or_default(paths, settings)
    sources = [post for post, _root in find_posts(settings, inputs)]
    warn = partial(click.echo, err=True)
    candidates = extract_terms_from(sources, partial(segmented_post, settings), warn=warn, known=known)[:limit]
    pairs = paired_sentences(settings, inputs, warn=warn)
    if pairs:
        candidates = with_renderings(candidates, pairs, commonness=load_english().english_zipf,
                                     explained=lambda source: [e.rendering for e in current.entries_in(source)])
    if write:
        added = append_entries(path, [NewEntry(c.term, _evidence(c), c.aliases, c.rendering if c.rendering != c.term else "",
                                               tuple(str(e) for e in c.examples)) for c in candidates])
        click.echo(f"Added {added} proposed entries to {shown_path(path)}; review them with: translate glossary review", err=True)
    if as_json:
        click.echo(json.dumps({"candidates": [candidate_json(c) for c in candidates]}, ensure_ascii=False, indent=2))
    elif not write:
        for n, c in enumerate(candidates, start=1):
            also = f"  (also {', '.join(c.aliases)})" if c.aliases else ""
            proposal = "" if not c.rendering else "  → kept as is" if c.rendering == c.term else f"  → {c.rendering}"
            click.echo(f"{n:3d}. {c.term}{also}{proposal}")
            click.echo(f"     {_counts(c)}, score {c.score:g}" + (f"; rendering {_ORIGINS[c.origin]}: {c.evidence}" if c.rendering else ""))
            for example in c.examples:
                click.echo(f"     e.g. {example}")


_ORIGINS = {"english": "from your English editions", "model": "proposed by the model", "": ""}
"""Where a proposed rendering comes from, as the reviewer reads it."""


def _counts(candidate: Candidate) -> str:
    """The kind and counts of a candidate."""
    posts = f"{len(candidate.posts)} post" + ("s" if len(candidate.posts) != 1 else "")
    return f"{candidate.kind}, {candidate.count}x in {posts}"


def _evidence(candidate: Candidate) -> str:
    """The kind and counts of a candidate and where its rendering comes from, written next to its entry."""
    rendering = f"; rendering {_ORIGINS[candidate.origin]}: {candidate.evidence}" if candidate.rendering else ""
    return _counts(candidate) + rendering


@glossary.command("review")
@_glossary_option
@click.option("--approve", "approvals", multiple=True, metavar="TERM[=RENDERING]", help="Approve TERM, kept as is or with RENDERING; repeatable.")
@click.option("--reject", "rejections", multiple=True, metavar="TERM", help="Reject TERM; repeatable.")
def review(glossary_file: Path | None, approvals: tuple[str, ...], rejections: tuple[str, ...]) -> None:
    """Go through proposed entries one by one: approve, reject, skip or quit.

    Each answer is saved at once, so an interrupted review loses nothing. With --approve or
    --reject, those entries are decided without asking.

    \b
    Examples:
      translate glossary review
      translate glossary review --approve envd --approve 才云=Caicloud --reject 随笔
    """
    _settings_, path = _settings(glossary_file)
    current = load_glossary(path)
    if approvals or rejections:
        for spec in approvals:
            term, has_rendering, rendering = spec.partition("=")
            decide(path, current, term.strip(), "approved", rendering.strip() if has_rendering else None)
        for term in rejections:
            decide(path, current, term.strip(), "rejected", None)
        click.echo(f"Saved {len(approvals) + len(rejections)} decisions to {shown_path(path)}", err=True)
        return
    proposed = [e for e in current.entries if e.status == "proposed"]
    if not proposed:
        click.echo(f"No proposed entries in {shown_path(path)}; find some with: translate glossary extract --write", err=True)
        return
    for n, entry in enumerate(proposed, start=1):
        click.echo(f"\n[{n}/{len(proposed)}] {entry.term}" + (f"  (also {', '.join(entry.aliases)})" if entry.aliases else ""))
        hint = entry_comment(path, entry.term) or entry.note
        if hint:
            click.echo(f"  {hint}")
        for example in entry_examples(path, entry.term):
            click.echo(f"  e.g. {example}")
        keepable = not HAN_OR_KANA_RE.search(entry.term)  # Chinese is never left in the English
        offers = [(key, text) for key, text, shown in (
            ("a", f"[a]ccept {entry.rendering!r}", bool(entry.rendering)), ("k", "[k]eep as is", keepable), ("t", "[t]ype a rendering", True),
            ("r", "[r]eject", True), ("s", "[s]kip", True), ("q", "[q]uit", True)) if shown]
        answer = click.prompt("  " + ", ".join(text for _key, text in offers), type=click.Choice([key for key, _text in offers]), show_choices=False)
        if answer == "q":
            break
        if answer == "s":
            continue
        if answer == "a":
            decide(path, current, entry.term, "approved", entry.rendering)
        elif answer == "t":
            rendering = click.prompt("  English rendering", default=entry.rendering or None).strip()
            decide(path, current, entry.term, "approved", rendering)
        else:
            decide(path, current, entry.term, "approved" if answer == "k" else "rejected", None)
        click.echo(f"  saved: {entry.term} {'approved' if answer != 'r' else 'rejected'}")


@glossary.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_glossary_option
def check(paths: tuple[Path, ...], glossary_file: Path | None) -> None:
    """Lint the glossary and report English posts that break an approved entry.

    Each English post is paired with its Chinese source segment by segment; a violation is
    reported as `path:line: term: expected 'rendering'`. Exit status 1 on any violation.

    \b
    Examples:
      translate glossary check
      translate glossary check content/_posts --glossary docs/glossary.yaml
    """
    from ..glossary.audit import check_posts

    settings, path = _settings(glossary_file)
    current = load_glossary(path)
    problems = checked = 0
    for post in check_posts(settings, current, inputs_or_default(paths, settings)):
        if post.violations is None:
            click.echo(f"Warning: {shown_path(post.english)}: cannot pair segments with {shown_path(post.source)} (their structure differs); not checked", err=True)
            continue
        checked += 1
        for found in post.violations:
            v = found.violation
            problem = f"forbidden {v.forbidden!r}" if v.forbidden else f"expected {v.entry.rendering!r}"
            click.echo(f"{shown_path(post.english)}:{found.line}: {v.entry.term}: {problem}")
            problems += 1
    summary = f"{len(current.approved())} approved glossary entries, {checked} English posts checked, {problems} violations"
    click.echo(("Error: " if problems else "") + summary, err=True)
    if problems:
        click.get_current_context().exit(1)

"""``translate glossary {extract,review,check}``: grow the glossary and check translations against it."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import click

from ..config import Settings, load_settings
from ..errors import ConfigError, PostError
from ..glossary.model import Glossary, find_violations, load_glossary, parse_glossary
from ..paths import english_path, find_posts
from ..source.post import read_post, write_atomic
from ..source.protect import PLACEHOLDER_RE, needs_translation
from ..source.segment import Segment, segment

_glossary_option = click.option(
    "--glossary", "glossary_file", type=click.Path(path_type=Path, dir_okay=False), help="The glossary file (default: glossary.yaml)."
)
_HEADER = "# Glossary: see `translate glossary --help`. Review proposed entries with `translate glossary review`.\n"


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


def _inputs(settings: Settings, paths: Sequence[Path]) -> list[Path]:
    return list(paths) if paths else [settings.path(p) for p in settings.content]


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
    uncommon nouns, ranked so names come first. Already listed terms, including rejected
    ones, are left out.

    \b
    Examples:
      translate glossary extract --limit 30
      translate glossary extract content/_posts --json | jq '.candidates[].term'
      translate glossary extract --write && translate glossary review
    """
    from ..glossary.mining import candidate_json, extract_terms_from

    settings, path = _settings(glossary_file)
    current = load_glossary(path)
    known = {s for e in current.entries for s in e.spellings}
    known |= {s.lower() for s in known}
    sources = [post for post, _root in find_posts(settings, _inputs(settings, paths))]
    warn = partial(click.echo, err=True)
    candidates = extract_terms_from(sources, partial(_segmented, settings), warn=warn, known=known)[:limit]
    if write:
        added = append_proposed(path, [(c.term, f"{c.kind}, {c.count}x in {len(c.posts)} posts") for c in candidates])
        click.echo(f"Added {added} proposed entries to {_shown(path)}; review them with: translate glossary review", err=True)
    if as_json:
        click.echo(json.dumps({"candidates": [candidate_json(c) for c in candidates]}, ensure_ascii=False, indent=2))
    elif not write:
        for n, c in enumerate(candidates, start=1):
            posts = f"{len(c.posts)} post" + ("s" if len(c.posts) != 1 else "")
            click.echo(f"{n:3d}. {c.term}  ({c.kind}, {c.count}x in {posts}, score {c.score:g})")
            click.echo(f"     {c.context}")


def _segmented(settings: Settings, post: Path) -> tuple[str, list[Segment]] | str:
    """A post's name and segments, or a warning when it cannot be read."""
    try:
        parsed = read_post(post)
    except PostError as exc:
        return f"Warning: {exc}; skipped"
    return _shown(post), segment(parsed, fields=settings.fields, math=settings.math)


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
            _decide(path, current, term.strip(), "approved", rendering.strip() if has_rendering else None)
        for term in rejections:
            _decide(path, current, term.strip(), "rejected", None)
        click.echo(f"Saved {len(approvals) + len(rejections)} decisions to {_shown(path)}", err=True)
        return
    proposed = [e for e in current.entries if e.status == "proposed"]
    if not proposed:
        click.echo(f"No proposed entries in {_shown(path)}; find some with: translate glossary extract --write", err=True)
        return
    for n, entry in enumerate(proposed, start=1):
        click.echo(f"\n[{n}/{len(proposed)}] {entry.term}" + (f"  (also {', '.join(entry.aliases)})" if entry.aliases else ""))
        hint = _comment(path, entry.term) or entry.note
        if hint:
            click.echo(f"  {hint}")
        answer = click.prompt(
            "  [k]eep as is, [t]ype a rendering, [r]eject, [s]kip, [q]uit", type=click.Choice(list("ktrsq")), show_choices=False
        )
        if answer == "q":
            break
        if answer == "s":
            continue
        if answer == "t":
            rendering = click.prompt("  English rendering", default=entry.rendering or None).strip()
            _decide(path, current, entry.term, "approved", rendering)
        else:
            _decide(path, current, entry.term, "approved" if answer == "k" else "rejected", None)
        click.echo(f"  saved: {entry.term} {'approved' if answer != 'r' else 'rejected'}")


def _decide(path: Path, current: Glossary, term: str, status: str, rendering: str | None) -> None:
    """Set ``term``'s status (and rendering, or keep-as-is when approving without one) in the file."""
    entry = current.get(term)
    if entry is None or not path.is_file():
        raise ConfigError(f"no entry for {term!r} in {_shown(path)}; check the spelling or add it with: translate glossary extract --write")
    yaml, doc = _load_round_trip(path.read_text(encoding="utf-8"))
    item = next(i for i in doc["entries"] if str(i.get("term", "")).strip() == entry.term)
    if status == "approved":
        if rendering and rendering != entry.term:
            item.pop("keep", None)
            _put(item, "rendering", rendering)
        else:
            item.pop("rendering", None)
            _put(item, "keep", True)
    _put(item, "status", status)
    _save(path, yaml, doc)


def _put(item: Any, key: str, value: object) -> None:
    """Set ``key``, placing a new key just before ``status`` so entries keep their usual shape."""
    if key in item or "status" not in item:
        item[key] = value
    else:
        item.insert(list(item).index("status"), key, value)


def _comment(path: Path, term: str) -> str:
    """The end-of-line comment of an entry's ``term:`` line (extract writes its evidence there)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\s*-?\s*term:\s*(.*?)\s+#\s*(.*)$", line)
        if match and match.group(1).strip("'\"") == term:
            return match.group(2)
    return ""


def _load_round_trip(text: str) -> tuple[Any, Any]:
    """A ruamel.yaml loader/dumper set to the file's own indentation, and the loaded document."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    indent = re.search(r"^entries:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", text, re.M)
    offset = len(indent.group(1)) if indent else 2
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    doc = yaml.load(text) if text.strip() else None
    if doc is None:
        doc = CommentedMap()
        doc["version"] = 1
    if doc.get("entries") is None:
        doc["entries"] = CommentedSeq()
    return yaml, doc


def append_proposed(path: Path, terms: Sequence[tuple[str, str]]) -> int:
    """Append (term, comment) pairs to the glossary file as proposed entries, keeping its formatting."""
    from ruamel.yaml.comments import CommentedMap

    text = path.read_text(encoding="utf-8") if path.is_file() else _HEADER
    yaml, doc = _load_round_trip(text)
    for term, comment in terms:
        item = CommentedMap()
        item["term"] = term
        item["status"] = "proposed"
        if comment:
            item.yaml_add_eol_comment(comment, "term")
        doc["entries"].append(item)
    _save(path, yaml, doc)
    return len(terms)


def _save(path: Path, yaml: Any, doc: Any) -> None:
    """Validate the edited glossary, then write it atomically (never leave an invalid file)."""
    import io

    buffer = io.StringIO()
    yaml.dump(doc, buffer)
    text = buffer.getvalue()
    if not path.is_file():
        text = _HEADER + text
    parse_glossary(text, path=path)
    write_atomic(path, text.encode("utf-8"))


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
    settings, path = _settings(glossary_file)
    current = load_glossary(path)
    problems = checked = 0
    for post, root in find_posts(settings, _inputs(settings, paths)):
        english = english_path(settings, post, input_root=root)
        if not english.is_file():
            continue
        pairs = _align(settings, post, english)
        if pairs is None:
            click.echo(f"Warning: {_shown(english)}: cannot pair segments with {_shown(post)} (their structure differs); not checked", err=True)
            continue
        checked += 1
        for pair in pairs:
            if not needs_translation(PLACEHOLDER_RE.sub(" ", pair.source.text)):
                continue
            for v in find_violations(current.entries_in(pair.source.text), visible_text(pair.english)):
                problem = f"forbidden {v.forbidden!r}" if v.forbidden else f"expected {v.entry.rendering!r}"
                click.echo(f"{_shown(english)}:{pair.english.line}: {v.entry.term}: {problem}")
                problems += 1
    summary = f"{len(current.approved())} approved glossary entries, {checked} English posts checked, {problems} violations"
    click.echo(("Error: " if problems else "") + summary, err=True)
    if problems:
        click.get_current_context().exit(1)


def _align(settings: Settings, post: Path, english: Path) -> Any:
    from ..source.align import align

    return align(read_post(post), read_post(english), fields=settings.fields, math=settings.math)


def visible_text(seg: Segment) -> str:
    """A segment's text as a reader sees it: link texts and inline code kept, other markup blanked."""
    originals = {p.token: p.original for p in seg.placeholders}

    def shown(match: re.Match[str]) -> str:
        original = originals.get(match.group(), "")
        link = re.match(r"!?\[([^\]]*)\]\(", original)
        if link:
            return f" {link.group(1)} "
        code = re.fullmatch(r"(`+)([^`].*?)\1", original, re.S)
        return f" {code.group(2)} " if code else " "

    return PLACEHOLDER_RE.sub(shown, seg.text)



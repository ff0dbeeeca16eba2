"""``translate check``: offline check of the English edition for CI, pull requests and pre-commit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .common import inputs_or_default, settings_options

if TYPE_CHECKING:
    from ..config import Settings
    from ..store.lock import PostRecord
    from ..store.staleness import CheckReport, Finding, Refusal


@click.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--allow-pending", is_flag=True,
              help="Report pending translations (new or stale posts the next 'translate run' makes) without failing: "
                   "for a pull-request or pre-commit gate, where English posts are made after merge.")
@click.option("--strict", is_flag=True, help="Also fail on translations written with a warning.")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report on stdout.")
@settings_options
def check_command(paths: tuple[Path, ...], allow_pending: bool, strict: bool, as_json: bool, glossary: Path | None,
                  cache_dir: Path | None) -> None:
    """Fail (exit 1) when the English edition is not current. No network, no key.

    Pending: a new or stale post (the next 'translate run' makes it). To fix: an English post whose
    source is gone, and one edited by hand so that the next run would refuse to rewrite it
    (outside its translated text, restructured, not in the lock). Both fail the check; with
    --allow-pending only what a person must fix does. Translations written with a warning are
    listed; with --strict they fail the check too.

    \b
    Examples:
      translate check                      # after 'translate run' in CI: everything current
      translate check --allow-pending      # a pull request or pre-commit gate
      translate check --json content/_posts
    """
    from ..config import load_settings
    from ..store.staleness import check

    settings = load_settings(flags={"glossary": glossary, "cache_dir": cache_dir})
    report = check(settings, inputs_or_default(paths, settings), refusal=_refusal(settings))
    for label, findings in _sections(report):
        for finding in findings:
            click.echo(f"{label}: {finding.post}: {finding.reason}", err=True)
    failed = bool(report.to_fix or (report.pending and not allow_pending) or (strict and report.warned))
    if as_json:
        click.echo(json.dumps(_as_json(report, strict=strict, allow_pending=allow_pending, failed=failed), ensure_ascii=False, indent=2))
    else:
        click.echo(_summary(report, strict=strict, allow_pending=allow_pending))
    if failed:
        click.get_current_context().exit(1)


def _refusal(settings: Settings) -> Refusal:
    """``staleness.Refusal`` for ``settings``: the run's own decision, its modules loaded only when a post needs it."""

    def refusal(source: Path, root: Path, record: PostRecord | None) -> str | None:
        from ..run.plan import rewrite_refusal

        return rewrite_refusal(settings, source, root, record)

    return refusal


def _sections(report: CheckReport) -> list[tuple[str, list[Finding]]]:
    """(label, findings) in the order they are shown; the labels are the keys of ``--json``."""
    return [("orphaned", report.orphaned), ("edited", report.edited), ("stale", report.stale), ("missing", report.missing),
            ("dropped", report.dropped), ("warning", report.warned)]


def _summary(report: CheckReport, *, strict: bool, allow_pending: bool) -> str:
    """The closing line on stdout."""
    if report.ok and not report.warned:
        return f"All {report.current} English posts are current."
    parts = []
    if report.to_fix:
        parts.append(f"{report.to_fix} to fix ({_counts(report, ('orphaned', 'edited'))})")
    if report.pending:
        waiting = f"{report.pending} pending ({_counts(report, ('stale', 'missing', 'dropped'))})"
        parts.append(waiting + ("" if report.to_fix else ": the next 'translate run' makes them") + (" (allowed)" if allow_pending else ""))
    if report.warned:
        parts.append(f"{len(report.warned)} with translations written with a warning" + (" (--strict)" if strict else ""))
    return "; ".join(parts) + f"; {report.current} current."


def _counts(report: CheckReport, labels: tuple[str, ...]) -> str:
    """``1 stale, 2 missing`` for the non-empty sections among ``labels``."""
    found = dict(_sections(report))
    return ", ".join(f"{len(found[label])} {'edited by hand' if label == 'edited' else label}" for label in labels if found[label])


def _as_json(report: CheckReport, *, strict: bool, allow_pending: bool, failed: bool) -> dict[str, Any]:
    """The report for ``--json``: the exit status, counts, and each section's posts with their reasons."""
    sections = _sections(report)
    return {
        "exit_status": 1 if failed else 0,
        "strict": strict,
        "allow_pending": allow_pending,
        "counts": {"current": report.current, "pending": report.pending, "to_fix": report.to_fix,
                   **{label: len(findings) for label, findings in sections}},
        "posts": {label: [{"post": f.post, "english": f.english, "reason": f.reason} for f in findings] for label, findings in sections},
    }

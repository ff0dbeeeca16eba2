"""``translate check``: is every English post present and current? Reads hashes, parses nothing.

Imports neither the openai SDK nor jieba nor the Markdown parser, so CI answers in well under a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Settings
from .lock import Lock, stale_reason
from ..paths import POST_SUFFIXES, ProjectKeys, english_path, find_posts, is_english


@dataclass
class CheckReport:
    """Problems found, each as (post path, reason)."""

    stale: list[tuple[str, str]] = field(default_factory=list)
    """Posts whose English edition is out of date."""
    missing: list[tuple[str, str]] = field(default_factory=list)
    """Posts with no English edition (or not in the lock)."""
    orphaned: list[tuple[str, str]] = field(default_factory=list)
    """English posts or lock entries whose source is gone."""
    current: int = 0
    """Posts that are up to date."""

    @property
    def ok(self) -> bool:
        """Whether nothing is stale, missing or orphaned."""
        return not (self.stale or self.missing or self.orphaned)


def check(settings: Settings, inputs: Sequence[Path]) -> CheckReport:
    """Compare every post under ``inputs`` with the lock and its English edition."""
    from ..glossary.model import load_glossary

    lock = Lock.load(settings.path(settings.lock_file))
    glossary = load_glossary(settings.path(settings.glossary))
    report = CheckReport()
    expected: set[Path] = set()
    keys = ProjectKeys(settings)
    for source, root in find_posts(settings, inputs):
        key = keys(source)
        english = english_path(settings, source, input_root=root)
        expected.add(keys.resolve(english))
        record = lock.posts.get(key)
        if record is None:
            report.missing.append((key, "never translated (not in the lock); run 'translate run'"))
            continue
        if not english.is_file():
            report.missing.append((key, f"English post {keys(english)} is missing; run 'translate run'"))
            continue
        reason = stale_reason(settings, lock, glossary, record, source.read_bytes())
        if reason:
            report.stale.append((key, f"{reason}; run 'translate run'"))
        else:
            report.current += 1
    for given in inputs:
        if given.is_dir():
            for path in sorted(given.rglob("*")):
                if path.suffix.lower() in POST_SUFFIXES and is_english(settings, path, root=given) and keys.resolve(path) not in expected:
                    report.orphaned.append((keys(path), "English post whose source is gone; delete it"))
    for key in lock.orphans(settings.root):
        report.orphaned.append((key, "in the lock but the source is gone; run 'translate run' to forget it"))
    return report

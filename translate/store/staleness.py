"""Staleness: what ``translate check`` and ``translate run`` decide from hashes alone.

``check`` asks whether every English post is present and current, and sorts what is not into what
the next ``translate run`` makes by itself (pending) and what a person must fix (an English post
whose source is gone, one edited by hand so that a run would refuse to rewrite it).

Imports neither the openai SDK nor jieba nor the Markdown parser, so CI answers in well under a
second; only an English post edited by hand whose source must be translated again is looked at
further, by the ``refusal`` its caller passes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Settings
from ..paths import POST_SUFFIXES, ProjectKeys, english_path, find_posts, is_english
from .digest import digest
from .journal import load_lock
from .lock import Lock, PostRecord

if TYPE_CHECKING:
    from ..glossary.model import Glossary
    from ..terms.table import TermTable


@dataclass(frozen=True, slots=True)
class Finding:
    """One post ``check`` reports, and why."""

    post: str
    """The Chinese post's path relative to the project root (for an orphan: the English post's)."""
    reason: str
    """Why, and what to do about it."""
    english: str = ""
    """Its English post's path relative to the project root ("" for an orphan)."""


Refusal = Callable[[Path, Path, PostRecord | None], str | None]
"""(source, input folder, lock entry) → why a run would refuse to rewrite the source's existing English post, or None."""


@dataclass
class CheckReport:
    """What ``check`` found, post by post: pending translations, problems for a person, warnings."""

    stale: list[Finding] = field(default_factory=list)
    """Pending: posts whose English edition is out of date; the next run updates it."""
    missing: list[Finding] = field(default_factory=list)
    """Pending: posts with no English edition (or not in the lock); the next run makes it."""
    dropped: list[Finding] = field(default_factory=list)
    """Pending: lock entries whose source is gone; the next run forgets them."""
    orphaned: list[Finding] = field(default_factory=list)
    """To fix: English posts whose source is gone (a run never deletes a post)."""
    edited: list[Finding] = field(default_factory=list)
    """To fix: English posts a run would refuse to rewrite (edited by hand outside their translated text, restructured, not ours)."""
    warned: list[Finding] = field(default_factory=list)
    """Current posts with translations written with a warning (they fail ``check --strict``)."""
    current: int = 0
    """Posts that are up to date."""

    @property
    def pending(self) -> int:
        """Posts and lock entries the next ``translate run`` brings up to date by itself."""
        return len(self.stale) + len(self.missing) + len(self.dropped)

    @property
    def to_fix(self) -> int:
        """Posts a person must fix before a run can bring them up to date."""
        return len(self.orphaned) + len(self.edited)

    @property
    def ok(self) -> bool:
        """Whether every English post is current: nothing pending, nothing to fix."""
        return not (self.pending or self.to_fix)


def check(settings: Settings, inputs: Sequence[Path], *, refusal: Refusal | None = None) -> CheckReport:
    """Compare every post under ``inputs`` with the lock and its English edition.

    A post that must be translated again while its English post is not what this tool wrote is
    passed to ``refusal``: when a run would refuse to rewrite it, it is ``edited`` (to fix), not pending.
    """
    from ..glossary.model import load_glossary
    from ..terms.table import load_term_table

    lock = load_lock(settings.path(settings.lock_file), root=settings.root)
    glossary = load_glossary(settings.path(settings.glossary))
    from ..terms.usage import site_url_fields

    terms = load_term_table(settings.path(settings.terms))
    url_fields = site_url_fields(settings)
    report = CheckReport()
    expected: set[Path] = set()
    keys = ProjectKeys(settings)
    for source, root in find_posts(settings, inputs):
        key = keys(source)
        english = english_path(settings, source, input_root=root)
        expected.add(keys.resolve(english))
        record = lock.posts.get(key)
        if record is None or not english.is_file():
            absent = "never translated (not in the lock)" if record is None else f"English post {keys(english)} is missing"
            pending, finding = report.missing, Finding(key, f"{absent}; run 'translate run'", keys(english))
        else:
            reason = stale_reason(settings, lock, glossary, record, source.read_bytes(), terms=terms, url_fields=url_fields)
            if reason is None:
                report.current += 1
                if record.warnings:
                    report.warned.append(Finding(key, f"{record.warnings} translations written with a warning; see 'translate review'",
                                                 record.english))
                continue
            pending, finding = report.stale, Finding(key, f"{reason}; run 'translate run'", keys(english))
        refused = refusal(source, root, record) if refusal and english.is_file() and _edited(english, record) else None
        if refused:
            report.edited.append(Finding(key, refused, keys(english)))
        else:
            pending.append(finding)
    orphans: list[tuple[Path, bool]] = []  # (English post, whether it must say it is ours)
    for given in inputs:
        if given.is_dir():
            orphans.extend((path, False) for path in _posts_in(given) if is_english(settings, path, root=given))
            beside = _english_folder(settings, given)
            if beside is not None and beside.is_dir():  # Jekyll's en/_posts, Hugo's content.en: English posts may be the author's own
                orphans.extend((path, True) for path in _posts_in(beside))
    for key in lock.orphans(settings.root):
        left = lock.posts[key].english
        report.dropped.append(Finding(key, "in the lock but the source is gone; run 'translate run' to forget it", left))
        orphans.append((settings.root / left, False))
    found: set[Path] = set()
    for path, must_be_ours in orphans:
        resolved = keys.resolve(path)
        if resolved in expected or resolved in found or not path.is_file() or (must_be_ours and not _names_a_source(settings, path)):
            continue
        found.add(resolved)
        report.orphaned.append(Finding(keys(path), "English post whose source is gone; delete it"))
    return report


def _posts_in(folder: Path) -> list[Path]:
    """The post files under ``folder``, in order."""
    return [path for path in sorted(folder.rglob("*")) if path.suffix.lower() in POST_SUFFIXES]


def _english_folder(settings: Settings, given: Path) -> Path | None:
    """The folder the English editions of the posts in ``given`` go to, when it lies outside ``given``."""
    folder = english_path(settings, given / "post.md", input_root=given).parent
    return None if folder.absolute().is_relative_to(given.absolute()) else folder


def _names_a_source(settings: Settings, path: Path) -> bool:
    """Whether the English post ``path`` was written by this tool: its front matter names its source."""
    from ..errors import TranslateError
    from ..source.post import read_post

    try:
        front_matter = read_post(path).front_matter
    except TranslateError:
        return False
    return front_matter is not None and bool(front_matter.data.get(settings.source_field))


def _edited(english: Path, record: PostRecord | None) -> bool:
    """Whether ``english`` differs from what this tool wrote, as the lock entry ``record`` says (no entry: not known to be ours)."""
    return record is None or digest(english.read_bytes()) != record.english_hash


def options_digest(settings: Settings, *, url_fields: frozenset[str] = frozenset()) -> str:
    """Digest of the settings that change how posts are segmented and written.

    ``url_fields`` are the front matter fields the site builds URLs from (see ``terms.usage``).
    With no term fields, the digest is the one locks written before term fields existed hold.
    """
    options: tuple[object, ...] = (sorted(settings.fields), settings.math, settings.lang_field, settings.source_field)
    if settings.term_fields:
        kept = sorted(url_fields) if not settings.translate_url_terms else []
        options = (*options, sorted(settings.term_fields), kept)
    return digest(repr(options))


def stale_reason(settings: Settings, lock: Lock, glossary: Glossary, record: PostRecord, raw: bytes, *,
                 terms: TermTable, url_fields: frozenset[str] = frozenset(),
                 english: Callable[[str], bool] | None = None) -> str | None:
    """Why the English post ``record`` describes is out of date for source bytes ``raw``; None if current.

    ``english`` says whether a post (by lock key) has an English edition; by default ``has_english``.
    A run passes one that also counts the posts it is about to write.
    """
    if digest(raw) != record.source_hash:
        return "the source changed since it was translated"
    if record.options != options_digest(settings, url_fields=url_fields):
        return "settings of what is translated changed: fields, term_fields or math"
    changed = sorted(term for term, fingerprint in record.terms.items() if terms.fingerprint(term) != fingerprint)
    if changed:
        return f"term renderings changed in {terms.path.name}: {', '.join(changed)}"
    if lock.glossary_digest != glossary.digest():
        entries = glossary_stale(record, glossary, raw.decode("utf-8", errors="replace"))
        if entries:
            return f"glossary entries changed: {', '.join(entries)}"
    changed = links_stale(settings, lock, record, english=english)
    if changed:
        return f"posts it links to gained or lost their English edition: {', '.join(changed)}"
    return None


def has_english(settings: Settings, lock: Lock, key: str) -> bool:
    """Whether the post with lock key ``key`` has an English edition: recorded in the lock and present on disk."""
    record = lock.posts.get(key)
    return record is not None and (settings.root / record.english).is_file()


def links_stale(settings: Settings, lock: Lock, record: PostRecord, *, english: Callable[[str], bool] | None = None) -> list[str]:
    """The posts ``record`` links to whose English edition appeared or went since its links were written."""
    exists = english or (lambda key: has_english(settings, lock, key))
    return sorted(key for key, linked in record.links.items() if exists(key) != linked)


def glossary_stale(record: PostRecord, glossary: Glossary, source_text: str | None) -> list[str]:
    """Terms whose change may affect a post: recorded entries that changed or went, entries newly mentioned.

    The record holds every entry the source mentioned when it was translated, found by the same
    substring test, so an entry that only looks like a word there (交大 in 外交大臣) is not stale
    unless it changed.
    """
    current = {e.term: e for e in glossary.approved()}
    stale = {term for term, fp in record.glossary.items() if term not in current or current[term].fingerprint() != fp}
    mentioned = glossary.approved() if source_text is None else glossary.mentioned_in(source_text)
    stale.update(e.term for e in mentioned if e.term not in record.glossary)
    return sorted(stale)

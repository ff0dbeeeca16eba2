"""The committed lock file, its format only: what each English post was made from.

One JSON object per source post, keys sorted, one segment per line, so that two branches touching
different posts merge cleanly. It holds hashes and paths only, never text or secrets.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LockError
from ..source.post import write_atomic

LOCK_VERSION = 1


@dataclass(frozen=True, slots=True)
class SegmentRecord:
    """What one English segment (in English-post order) was made from."""

    source: str
    """Digest of the source segment (kind, masked text and what its placeholders stand for)."""
    glossary: str = ""
    """Digest of the glossary entries that occur in it ("" when none)."""
    english: str = ""
    """Digest of the English text this tool wrote for it ("" when not known): a different text is a hand edit."""


@dataclass(frozen=True, slots=True)
class PostRecord:
    """The lock entry of one source post."""

    english: str
    """The English post's path, relative to the project root, with forward slashes."""
    source_hash: str
    """Digest of the source post's bytes."""
    english_hash: str
    """Digest of the English post's bytes as this tool wrote them (a difference means hand edits)."""
    options: str
    """Digest of the settings that change segmentation (fields, math)."""
    glossary: Mapping[str, str] = field(default_factory=dict)
    """Term → fingerprint of every glossary entry the source mentions (``Glossary.mentioned_in``) or a segment uses."""
    segments: tuple[SegmentRecord, ...] = ()
    """One record per English segment, in order."""
    warnings: int = 0
    """Translations in it written with a warning (the warnings themselves are kept with the cache)."""
    links: Mapping[str, bool] = field(default_factory=dict)
    """Lock key of each blog post it links to → whether the link was pointed at that post's English edition."""
    terms: Mapping[str, str] = field(default_factory=dict)
    """Term → digest of the rendering its English front matter was written with (``terms.table``); absent in older locks."""


class Lock:
    """The lock file's content: source path (relative, forward slashes) → PostRecord."""

    def __init__(self, path: Path, posts: dict[str, PostRecord] | None = None, *, glossary_digest: str = "") -> None:
        self.path = path
        self.posts: dict[str, PostRecord] = posts or {}
        self.glossary_digest = glossary_digest

    @classmethod
    def load(cls, path: Path) -> Lock:
        """Read the lock file; a missing file is an empty lock."""
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError) as exc:
            raise LockError(f"cannot read the lock file: {exc}", path=path) from exc
        try:
            data = json.loads(text)
            if data.get("version") != LOCK_VERSION:
                raise LockError(
                    f"lock file version {data.get('version')!r} is not {LOCK_VERSION}; delete it and run 'translate run --adopt'",
                    path=path,
                )
            posts = {key: record_from_json(entry) for key, entry in data.get("posts", {}).items()}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise LockError(
                f"the lock file is damaged ({exc}); resolve merge markers or delete it and run 'translate run --adopt'",
                path=path,
            ) from exc
        return cls(path, posts, glossary_digest=str(data.get("glossary_digest", "")))

    def save(self) -> bool:
        """Write the lock file atomically; False when nothing changed."""
        return write_atomic(self.path, self.dumps().encode("utf-8"))

    def dumps(self) -> str:
        """The lock as merge-friendly JSON text."""
        lines = ["{", f'  "version": {LOCK_VERSION},', f'  "glossary_digest": {json.dumps(self.glossary_digest)},', '  "posts": {']
        keys = sorted(self.posts)
        for n, key in enumerate(keys):
            record = self.posts[key]
            lines.append(f"    {json.dumps(key, ensure_ascii=False)}: {{")
            lines.append(f'      "english": {json.dumps(record.english, ensure_ascii=False)},')
            lines.append(f'      "source_hash": "{record.source_hash}",')
            lines.append(f'      "english_hash": "{record.english_hash}",')
            lines.append(f'      "options": "{record.options}",')
            lines.append(f'      "glossary": {json.dumps(dict(sorted(record.glossary.items())), ensure_ascii=False)},')
            if record.warnings:
                lines.append(f'      "warnings": {record.warnings},')
            if record.links:
                lines.append(f'      "links": {json.dumps(dict(sorted(record.links.items())), ensure_ascii=False)},')
            if record.terms:
                lines.append(f'      "terms": {json.dumps(dict(sorted(record.terms.items())), ensure_ascii=False)},')
            segments = [f'["{s.source}", "{s.glossary}"' + (f', "{s.english}"]' if s.english else "]")
                        for s in record.segments]  # hex digests only
            if segments:
                lines.append('      "segments": [')
                lines.extend(f"        {s}," for s in segments[:-1])
                lines.append(f"        {segments[-1]}")
                lines.append("      ]")
            else:
                lines.append('      "segments": []')
            lines.append("    }" + ("," if n + 1 < len(keys) else ""))
        lines.extend(["  }", "}", ""])
        return "\n".join(lines)

    def orphans(self, root: Path) -> list[str]:
        """Lock keys whose source post no longer exists under the project ``root``."""
        return sorted(key for key in self.posts if not (root / key).exists())


def record_from_json(entry: Mapping[str, object]) -> PostRecord:
    """A lock entry from its JSON object; raises KeyError, TypeError or ValueError when it is malformed."""
    glossary = entry.get("glossary", {})
    segments = entry.get("segments", [])
    links = entry.get("links", {})
    terms = entry.get("terms", {})
    if not isinstance(glossary, dict) or not isinstance(segments, list) or not isinstance(links, dict) or not isinstance(terms, dict):
        raise TypeError("glossary, links and terms must be objects and segments a list")
    return PostRecord(
        english=str(entry["english"]),
        source_hash=str(entry["source_hash"]),
        english_hash=str(entry["english_hash"]),
        options=str(entry["options"]),
        glossary={str(k): str(v) for k, v in glossary.items()},
        segments=tuple(SegmentRecord(*seg) for seg in segments),
        warnings=int(str(entry.get("warnings", 0))),
        links={str(k): bool(v) for k, v in links.items()},
        terms={str(k): str(v) for k, v in terms.items()},
    )


def record_json(record: PostRecord) -> dict[str, object]:
    """A lock entry as a JSON object (the inverse of ``record_from_json``)."""
    return {
        "english": record.english,
        "source_hash": record.source_hash,
        "english_hash": record.english_hash,
        "options": record.options,
        "glossary": dict(sorted(record.glossary.items())),
        "segments": [[s.source, s.glossary, *([s.english] if s.english else [])] for s in record.segments],
        **({"warnings": record.warnings} if record.warnings else {}),
        **({"links": dict(sorted(record.links.items()))} if record.links else {}),
        **({"terms": dict(sorted(record.terms.items()))} if record.terms else {}),
    }

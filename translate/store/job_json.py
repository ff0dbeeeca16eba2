"""Segment jobs as JSON, so a reply that arrives in a later run can be validated and cached without planning again.

A job is written with everything ``qa.judge`` and the cache need: its cache key, the masked text
with its placeholders, the segment's kind and how it is written back, and its glossary entries.
Entries are shared by many jobs, so a document keeps them once, by fingerprint, and a job names them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..glossary.entry import GlossaryEntry
from ..model.translator import SegmentJob
from ..source.protect import Placeholder
from ..source.segment import Segment


def job_json(job: SegmentJob) -> dict[str, Any]:
    """``job`` as a JSON object, kept under its cache key; its entries are named by fingerprint (see ``entries_json``)."""
    seg = job.segment
    return {
        "post": job.post, "title": job.title, "earlier": job.earlier,
        "segment": {"id": seg.id, "kind": seg.kind, "line": seg.line, "start": seg.start, "end": seg.end, "text": seg.text,
                    "placeholders": [[p.token, p.original] for p in seg.placeholders], "style": seg.style,
                    "continuation": seg.continuation, "eol": seg.eol},
        "entries": [entry.fingerprint() for entry in job.entries],
    }


def job_from_json(key: str, data: Mapping[str, Any], entries: Mapping[str, GlossaryEntry]) -> SegmentJob:
    """The job ``job_json`` wrote under ``key``; ``entries`` maps fingerprints to entries. Raises KeyError or ValueError when malformed."""
    seg = data["segment"]
    segment = Segment(
        id=str(seg["id"]), kind=str(seg["kind"]), line=int(seg["line"]), start=int(seg["start"]), end=int(seg["end"]),
        text=str(seg["text"]), placeholders=tuple(Placeholder(str(token), str(original)) for token, original in seg["placeholders"]),
        style=str(seg["style"]), continuation=str(seg["continuation"]), eol=str(seg["eol"]),
    )
    return SegmentJob(key=key, segment=segment, entries=tuple(entries[str(f)] for f in data["entries"]),
                      post=str(data["post"]), title=_text(data.get("title")), earlier=_text(data.get("earlier")))


def entries_json(jobs: Iterable[SegmentJob]) -> dict[str, dict[str, Any]]:
    """Fingerprint → JSON object of every glossary entry ``jobs`` use."""
    found: dict[str, dict[str, Any]] = {}
    for job in jobs:
        for entry in job.entries:
            found.setdefault(entry.fingerprint(), {
                "term": entry.term, "rendering": entry.rendering, "keep": entry.keep, "aliases": list(entry.aliases),
                "forbidden": list(entry.forbidden), "note": entry.note, "status": entry.status, "line": entry.line,
                "ignore_case": entry.ignore_case,
            })
    return found


def entries_from_json(data: Mapping[str, Mapping[str, Any]]) -> dict[str, GlossaryEntry]:
    """Fingerprint → entry, from what ``entries_json`` wrote (each keyed by the fingerprint it had when written)."""
    return {
        str(fingerprint): GlossaryEntry(
            term=str(e["term"]), rendering=str(e["rendering"]), keep=bool(e["keep"]), aliases=tuple(str(a) for a in e["aliases"]),
            forbidden=tuple(str(f) for f in e["forbidden"]), note=str(e["note"]), status=str(e["status"]), line=int(e["line"]),
            ignore_case=bool(e.get("ignore_case", False)),
        )
        for fingerprint, e in data.items()
    }


def _text(value: object) -> str | None:
    return None if value is None else str(value)

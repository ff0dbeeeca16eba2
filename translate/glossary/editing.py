"""Edits to glossary.yaml that keep the file as its author wrote it: comments, order, quoting, indentation.

The file is loaded and dumped with ruamel.yaml's round trip, set to the file's own indentation, and
every edited text is validated as a glossary before it replaces the file.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..paths import shown_path
from ..source.cjk import HAN_OR_KANA_RE
from ..source.post import write_atomic
from .model import Glossary, parse_glossary

_HEADER = "# Glossary: see `translate glossary --help`. Review proposed entries with `translate glossary review`.\n"
"""The first line of a glossary file this tool creates."""


def decide(path: Path, current: Glossary, term: str, status: str, rendering: str | None) -> None:
    """Set ``term``'s status (and rendering, or keep-as-is when approving without one) in the file."""
    entry = current.get(term)
    if entry is None or not path.is_file():
        raise ConfigError(f"no entry for {term!r} in {shown_path(path)}; check the spelling or add it with: translate glossary extract --write")
    yaml, doc = _load_round_trip(path.read_text(encoding="utf-8"))
    item = next(i for i in doc["entries"] if str(i.get("term", "")).strip() == entry.term)
    if status == "approved" and not rendering and HAN_OR_KANA_RE.search(entry.term):
        raise ConfigError(f"{entry.term} cannot be kept as is: Chinese is never left in the English; give a rendering ({entry.term}=<English>)")
    if status == "approved":
        if rendering and rendering != entry.term:
            item.pop("keep", None)
            _put(item, "rendering", rendering)
        else:
            item.pop("rendering", None)
            _put(item, "keep", True)
    _put(item, "status", status)
    _save(path, yaml, doc)


def set_rendering(path: Path, current: Glossary, term: str, rendering: str) -> None:
    """Give ``term`` the English ``rendering`` without deciding it (its status stays as it is)."""
    entry = current.get(term)
    if entry is None or not path.is_file():
        raise ConfigError(f"no entry for {term!r} in {shown_path(path)}; check the spelling or add it with: translate glossary extract --write")
    if not rendering.strip():
        raise ConfigError(f"{entry.term}: the rendering is empty; type the English for it")
    yaml, doc = _load_round_trip(path.read_text(encoding="utf-8"))
    item = next(i for i in doc["entries"] if str(i.get("term", "")).strip() == entry.term)
    item.pop("keep", None)
    _put(item, "rendering", rendering.strip())
    _save(path, yaml, doc)


def _put(item: Any, key: str, value: object) -> None:
    """Set ``key``, placing a new key just before ``status`` so entries keep their usual shape."""
    if key in item or "status" not in item:
        item[key] = value
    else:
        item.insert(list(item).index("status"), key, value)


def entry_comment(path: Path, term: str) -> str:
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


@dataclass(frozen=True, slots=True)
class NewEntry:
    """A proposed entry to append to the glossary file."""

    term: str
    """The source term."""
    comment: str = ""
    """The evidence, written as a comment after the term."""
    aliases: tuple[str, ...] = ()
    """Other spellings of the same thing."""
    rendering: str = ""
    """A proposed rendering ("" for none)."""
    examples: tuple[str, ...] = ()
    """Sentences it occurs in, written as comment lines above the entry for the reviewer."""


def append_proposed(path: Path, terms: Sequence[tuple[str, str]]) -> int:
    """Append (term, comment) pairs to the glossary file as proposed entries, keeping its formatting."""
    return append_entries(path, [NewEntry(term, comment) for term, comment in terms])


def append_entries(path: Path, entries: Sequence[NewEntry]) -> int:
    """Append ``entries`` to the glossary file as proposed entries, keeping its formatting."""
    from ruamel.yaml.comments import CommentedMap

    text = path.read_text(encoding="utf-8") if path.is_file() else _HEADER
    yaml, doc = _load_round_trip(text)
    indent = _entry_indent(text)
    for entry in entries:
        item = CommentedMap()
        item["term"] = entry.term
        if entry.aliases:
            item["aliases"] = list(entry.aliases)
        if entry.rendering:
            item["rendering"] = entry.rendering
        item["status"] = "proposed"
        if entry.comment:
            item.yaml_add_eol_comment(entry.comment, "term")
        doc["entries"].append(item)
        if entry.examples:
            lines = "\n".join(f"e.g. {' '.join(example.split())}" for example in entry.examples)
            doc["entries"].yaml_set_comment_before_after_key(len(doc["entries"]) - 1, before=lines, indent=indent)
    _save(path, yaml, doc)
    return len(entries)


def _entry_indent(text: str) -> int:
    found = re.search(r"^entries:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", text, re.M)
    return len(found.group(1)) if found else 2


def entry_examples(path: Path, term: str) -> list[str]:
    """The ``e.g.`` comment lines just above an entry (extract writes example sentences there)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        match = re.match(r"\s*-\s*term:\s*(.*?)(?:\s+#.*)?$", line)
        if match and match.group(1).strip("'\"") == term:
            found = []
            for above in reversed(lines[:n]):
                comment = re.match(r"\s*#\s?e\.g\. (.*)$", above)
                if not comment:
                    break
                found.append(comment.group(1))
            return found[::-1]
    return []


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

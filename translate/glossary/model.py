"""The glossary: load and validate glossary.yaml (one entry: ``entry``; finding entries and checking
English: ``matching``).

File format (a YAML mapping; see the project's glossary.yaml)::

    entries:
      - term: 才云              # the source term, Chinese or Latin
        rendering: Caicloud     # the English; or `keep: true` for names kept as is (envd, TiDB)
        aliases: [才云科技]      # other source spellings of the same thing
        forbidden: [Cai Cloud]  # renderings that must not appear
        note: a Beijing startup, acquired by Alibaba   # sent to the model with the entry
        status: approved        # approved (default) | proposed | rejected
        ignore_case: false      # match the term and the rendering in any letter case

Only approved entries are used for translation and checked.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import GlossaryError
from ..yamlfile import compose_yaml, read_yaml_text
from ..source.cjk import HAN_OR_KANA_RE
from ..store.digest import digest
from .entry import GlossaryEntry
from .matching import Matcher, Violation, find_violations, rendering_pattern, violations

__all__ = [
    "Glossary",
    "GlossaryEntry",
    "Violation",
    "find_violations",
    "load_glossary",
    "parse_glossary",
    "rendering_pattern",
    "violations",
]
STATUSES = ("approved", "proposed", "rejected")
KEYS = ("term", "rendering", "keep", "aliases", "forbidden", "note", "status", "ignore_case")


@dataclass(frozen=True, slots=True)
class Glossary:
    """The entries of one glossary file and a matcher for its approved ones."""

    path: Path | None
    """Where it was read from (None for an empty or in-memory glossary)."""
    entries: tuple[GlossaryEntry, ...]
    """Every entry in file order, whatever its status."""
    _matcher: Matcher = field(init=False, repr=False, compare=False)
    _digest: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", Matcher(self.approved()))
        joined = "\n".join(sorted(e.fingerprint() for e in self.approved()))
        object.__setattr__(self, "_digest", digest(joined))

    def approved(self) -> tuple[GlossaryEntry, ...]:
        """The entries used for translation and checks."""
        return tuple(e for e in self.entries if e.status == "approved")

    def get(self, spelling: str) -> GlossaryEntry | None:
        """The entry (any status) whose term or alias is ``spelling``."""
        return next((e for e in self.entries if spelling in e.spellings), None)

    def entries_in(self, text: str) -> tuple[GlossaryEntry, ...]:
        """Approved entries occurring in ``text`` (masked source text), in glossary order."""
        return self._matcher.find(text)

    def mentioned_in(self, text: str) -> tuple[GlossaryEntry, ...]:
        """Approved entries with a spelling anywhere in ``text``, code included: a plain substring test, no parsing."""
        folded = text.lower()
        return tuple(
            e for e in self.approved()
            if any(s and (s in text or (e.ignore_case and s.lower() in folded)) for s in e.spellings)
        )

    def remember_word_bounds(self, memo: MutableMapping[str, list[int]]) -> None:
        """Keep jieba's word boundaries in ``memo`` (e.g. on disk), so later runs need not load jieba."""
        self._matcher.bounds_memo = memo

    def digest(self) -> str:
        """A hash of all approved entries' fingerprints (computed once: every post asks for it)."""
        return self._digest


def load_glossary(path: Path) -> Glossary:
    """Read and validate ``path``; a missing file is an empty glossary."""
    text = read_yaml_text(path, GlossaryError)
    return Glossary(path=None, entries=()) if text is None else parse_glossary(text, path=path)


def parse_glossary(text: str, *, path: Path | None = None) -> Glossary:
    """Validate the text of a glossary file; errors name the line and say how to fix it."""
    import yaml

    root = compose_yaml(text, path=path, error=GlossaryError)
    if root is None:
        return Glossary(path=path, entries=())
    top = _mapping(root, path, "the glossary must be a mapping with an 'entries:' list")
    entries_node = None
    for key, value in top:
        if key.value == "entries":
            entries_node = value
        elif key.value != "version":
            raise GlossaryError(f"unknown top-level key {key.value!r}; valid keys: entries, version", path=path, line=_line(key))
    if entries_node is None or (isinstance(entries_node, yaml.ScalarNode) and entries_node.value in ("", "~", "null")):
        return Glossary(path=path, entries=())
    if not isinstance(entries_node, yaml.SequenceNode):
        raise GlossaryError("'entries' must be a list of '- term: ...' items", path=path, line=_line(entries_node))
    entries = tuple(_entry(node, path) for node in entries_node.value)
    _check_unique(entries, path)
    return Glossary(path=path, entries=entries)


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: Any, path: Path | None, message: str) -> list[tuple[Any, Any]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise GlossaryError(message, path=path, line=_line(node))
    return list(node.value)


def _text(node: Any, key: str, path: Path | None) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise GlossaryError(f"'{key}' must be text", path=path, line=_line(node))
    return str(node.value).strip()


def _texts(node: Any, key: str, path: Path | None) -> tuple[str, ...]:
    import yaml

    if isinstance(node, yaml.ScalarNode):
        return (node.value.strip(),) if node.value.strip() else ()
    if not isinstance(node, yaml.SequenceNode):
        raise GlossaryError(f"'{key}' must be a list of text, e.g. [a, b]", path=path, line=_line(node))
    return tuple(_text(item, key, path) for item in node.value)


def _flag(node: Any, key: str, path: Path | None) -> bool:
    value = _text(node, key, path).lower()
    if value not in ("true", "false", "yes", "no"):
        raise GlossaryError(f"'{key}' must be true or false", path=path, line=_line(node))
    return value in ("true", "yes")


def _entry(node: Any, path: Path | None) -> GlossaryEntry:
    line = _line(node)
    values: dict[str, Any] = {}
    for key_node, value_node in _mapping(node, path, "each entry must be a mapping like '- term: 才云'"):
        key = key_node.value
        if key not in KEYS:
            raise GlossaryError(f"unknown key {key!r}; valid keys: {', '.join(KEYS)}", path=path, line=_line(key_node))
        if key in values:
            raise GlossaryError(f"key {key!r} appears twice in one entry; keep one", path=path, line=_line(key_node))
        if key in ("aliases", "forbidden"):
            values[key] = _texts(value_node, key, path)
        elif key in ("keep", "ignore_case"):
            values[key] = _flag(value_node, key, path)
        else:
            values[key] = _text(value_node, key, path)
    term = values.get("term", "")
    if not term:
        raise GlossaryError("entry has no 'term'; add 'term: <source term>'", path=path, line=line)
    status = values.get("status", "approved")
    if status not in STATUSES:
        raise GlossaryError(f"unknown status {status!r} for {term}; use one of {', '.join(STATUSES)}", path=path, line=line)
    keep = values.get("keep", False)
    rendering = values.get("rendering", "")
    if keep and rendering and rendering != term:
        raise GlossaryError(f"{term} has 'keep: true' and rendering {rendering!r}; drop one of them", path=path, line=line)
    if keep and HAN_OR_KANA_RE.search(term):
        raise GlossaryError(f"{term} has 'keep: true', which would leave Chinese in the English; give 'rendering: <English>' instead",
                            path=path, line=line)
    if keep:
        rendering = term
    if status == "approved" and not rendering:
        raise GlossaryError(
            f"approved entry {term} has no rendering; add 'rendering: <English>' or 'keep: true', or set 'status: proposed'",
            path=path,
            line=line,
        )
    forbidden = values.get("forbidden", ())
    for bad in forbidden:
        if rendering and bad.lower() in rendering.lower():
            raise GlossaryError(f"{term}: forbidden {bad!r} is part of the rendering {rendering!r}; remove it from 'forbidden'", path=path, line=line)
    return GlossaryEntry(
        term=term,
        rendering=rendering,
        keep=keep,
        aliases=values.get("aliases", ()),
        forbidden=forbidden,
        note=values.get("note", ""),
        status=status,
        line=line,
        ignore_case=values.get("ignore_case", False),
    )


def _check_unique(entries: Sequence[GlossaryEntry], path: Path | None) -> None:
    seen: dict[str, GlossaryEntry] = {}
    for entry in entries:
        for spelling in entry.spellings:
            key = spelling.casefold() if entry.ignore_case else spelling
            other = seen.get(key) or seen.get(spelling.casefold())
            if other is not None and other is not entry:
                what = "duplicate term" if spelling == entry.term and other.term == spelling else f"{spelling!r} is claimed by two entries"
                raise GlossaryError(
                    f"{what}: {spelling} (also at line {other.line}); merge the entries or remove one spelling",
                    path=path,
                    line=entry.line,
                )
            if other is entry and spelling != entry.term and spelling in entry.spellings[: entry.spellings.index(spelling)]:
                raise GlossaryError(f"{spelling!r} is listed twice for {entry.term}; remove the repeat", path=path, line=entry.line)
            seen[key] = entry
            if entry.ignore_case:
                seen[spelling.casefold()] = entry

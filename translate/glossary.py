"""The glossary: load and validate glossary.yaml, find its entries in a text, check a translation.

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

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import GlossaryError
from .protect import HAN_RE, PLACEHOLDER_RE

STATUSES = ("approved", "proposed", "rejected")
_LATIN_WORD = r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
"""A word character that is not Han or kana: Latin terms must not touch one on either side."""
KEYS = ("term", "rendering", "keep", "aliases", "forbidden", "note", "status", "ignore_case")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One term of the glossary and how it must be translated."""

    term: str
    """The Chinese or Latin source term."""
    rendering: str
    """The English rendering; equal to ``term`` for entries kept as is; empty for unreviewed ones."""
    keep: bool
    """Whether the term is kept as is (envd, TiDB)."""
    aliases: tuple[str, ...]
    """Other source spellings that mean the same."""
    forbidden: tuple[str, ...]
    """Renderings that must not appear in the English."""
    note: str
    """A hint for translators and reviewers, sent in the prompt."""
    status: str
    """``approved``, ``proposed`` or ``rejected``."""
    line: int
    """1-based line of the entry in glossary.yaml."""
    ignore_case: bool = False
    """Match the term, its aliases and its renderings in any letter case."""

    @property
    def spellings(self) -> tuple[str, ...]:
        """The term and its aliases."""
        return (self.term, *self.aliases)

    def fingerprint(self) -> str:
        """A stable short hash of everything that affects a translation (not status or line)."""
        fields = [self.term, self.rendering, self.keep, list(self.aliases), list(self.forbidden), self.note, self.ignore_case]
        return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]

    def prompt_line(self) -> str:
        """One line for the system prompt, e.g. ``- 才云 → Caicloud``."""
        source = self.term + (f" (also written {', '.join(self.aliases)})" if self.aliases else "")
        line = f"- {source} → {self.rendering}" + (" (keep as is)" if self.keep else "")
        if self.forbidden:
            line += f"; never {', '.join(repr(f) for f in self.forbidden)}"
        if self.note:
            line += f" — {' '.join(self.note.split())}"
        return line


@dataclass(frozen=True, slots=True)
class Violation:
    """One way an English text fails a glossary entry."""

    entry: GlossaryEntry
    """The entry that is not obeyed."""
    forbidden: str
    """The forbidden rendering found, or "" when the expected rendering is missing."""

    @property
    def message(self) -> str:
        """A short human description."""
        if self.forbidden:
            return f"glossary: {self.entry.term} must not be rendered as {self.forbidden!r}"
        verb = "kept as" if self.entry.keep else "rendered as"
        return f"glossary: {self.entry.term} must be {verb} {self.entry.rendering!r}"


@dataclass(frozen=True, slots=True)
class Glossary:
    """The entries of one glossary file and a matcher for its approved ones."""

    path: Path | None
    """Where it was read from (None for an empty or in-memory glossary)."""
    entries: tuple[GlossaryEntry, ...]
    """Every entry in file order, whatever its status."""
    _matcher: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", _Matcher(self.approved()))

    def approved(self) -> tuple[GlossaryEntry, ...]:
        """The entries used for translation and checks."""
        return tuple(e for e in self.entries if e.status == "approved")

    def get(self, spelling: str) -> GlossaryEntry | None:
        """The entry (any status) whose term or alias is ``spelling``."""
        return next((e for e in self.entries if spelling in e.spellings), None)

    def entries_in(self, text: str) -> tuple[GlossaryEntry, ...]:
        """Approved entries occurring in ``text`` (masked source text), in glossary order."""
        return self._matcher.find(text)  # type: ignore[no-any-return]

    def digest(self) -> str:
        """A hash of all approved entries' fingerprints."""
        joined = "\n".join(sorted(e.fingerprint() for e in self.approved()))
        return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def load_glossary(path: Path) -> Glossary:
    """Read and validate ``path``; a missing file is an empty glossary."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return Glossary(path=None, entries=())
    except UnicodeDecodeError as exc:
        raise GlossaryError("is not valid UTF-8; re-save it as UTF-8", path=path) from exc
    except OSError as exc:
        raise GlossaryError(f"cannot read: {exc.strerror}", path=path) from exc
    return parse_glossary(text, path=path)


def parse_glossary(text: str, *, path: Path | None = None) -> Glossary:
    """Validate the text of a glossary file; errors name the line and say how to fix it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise GlossaryError(f"not valid YAML ({problem}); fix the syntax", path=path, line=mark.line + 1 if mark else None) from exc
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


def violations(entries: Sequence[GlossaryEntry], english: str) -> list[str]:
    """Every way ``english`` (placeholders allowed) fails ``entries``, as short human strings."""
    return [v.message for v in find_violations(entries, english)]


def find_violations(entries: Sequence[GlossaryEntry], english: str) -> list[Violation]:
    """Entries whose rendering is missing from ``english`` or whose forbidden rendering is in it.

    A rendering is found on word boundaries; spaces inside it may be missing or be any whitespace
    ("VS Code" accepts "VSCode"); an English plural "s"/"es" may follow; a leading lowercase letter
    may be capitalised (sentence start); otherwise letter case must match unless ``ignore_case``.
    """
    clean = PLACEHOLDER_RE.sub(" ", english)
    found: list[Violation] = []
    for entry in entries:
        if entry.rendering and not rendering_pattern(entry.rendering, ignore_case=entry.ignore_case).search(clean):
            found.append(Violation(entry, ""))
        for bad in entry.forbidden:
            if rendering_pattern(bad, ignore_case=True, exact_spacing=True).search(clean):
                found.append(Violation(entry, bad))
    return found


_PATTERNS: dict[tuple[str, bool, bool], re.Pattern[str]] = {}


def rendering_pattern(rendering: str, *, ignore_case: bool = False, exact_spacing: bool = False) -> re.Pattern[str]:
    """The regular expression that accepts ``rendering`` and its spacing, plural and capital variants."""
    key = (rendering, ignore_case, exact_spacing)
    cached = _PATTERNS.get(key)
    if cached is not None:
        return cached
    body = (r"\s+" if exact_spacing else r"\s*").join(re.escape(part) for part in rendering.split())
    first = rendering[0]
    if not ignore_case and first.islower():
        body = f"[{first}{first.upper()}]" + body[len(re.escape(first)) :]
    if _is_word(first):
        body = f"(?<!{_LATIN_WORD})" + body
    last = rendering[-1]
    if last.isalpha() and not HAN_RE.match(last):
        body += "(?:e?s)?"
    if _is_word(last):
        body += f"(?!{_LATIN_WORD})"
    pattern = re.compile(body, re.IGNORECASE if ignore_case else 0)
    _PATTERNS[key] = pattern
    return pattern


def _is_word(char: str) -> bool:
    """A letter or digit of an alphabetic script (Han characters do not form Latin words)."""
    return (char.isalnum() or char == "_") and not HAN_RE.match(char)


class _Matcher:
    """Finds approved entries in masked source text.

    Latin spellings match on word boundaries ("Rust" not in "Rustacean"). A Chinese spelling must be
    a whole word too, which only a word segmenter can tell: the text is cut with jieba, with the
    glossary's Chinese spellings added to its dictionary (at the frequency jieba suggests, so a term
    beats its own pieces but not a longer dictionary word), and an occurrence counts only where jieba
    puts a word boundary at both ends: 交大 is found in 交大的学弟 but not in 外交大臣. jieba costs
    about a second to load, so a regex over all spellings runs first and jieba is loaded (once per
    glossary) only when a Chinese spelling occurs as a substring. At one position the longest
    spelling wins ("TiDB Hackathon" over "TiDB").
    """

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self._order = {entry: n for n, entry in enumerate(entries)}
        exact = {s: e for e in entries if not e.ignore_case for s in e.spellings}
        folded = {s.lower(): e for e in entries if e.ignore_case for s in e.spellings}
        self._tables = [(t, _alternation(t, fold), fold) for t, fold in ((exact, False), (folded, True)) if t]
        self._starts: dict[str, list[str]] = {}
        for table, _, _ in self._tables:
            for spelling in sorted(table, key=len, reverse=True):
                self._starts.setdefault(spelling[0].lower(), []).append(spelling)
        self._han = sorted({s for t, _, _ in self._tables for s in t if HAN_RE.search(s)})
        self._tokenizer: Any = None

    def find(self, text: str) -> tuple[GlossaryEntry, ...]:
        clean = PLACEHOLDER_RE.sub(" ", text)
        found: set[GlossaryEntry] = set()
        bounds: set[int] | None = None
        for table, regex, fold in self._tables:
            pos = 0
            while (match := regex.search(clean, pos)) is not None:
                i, pos = match.start(), match.start() + 1
                for spelling in self._starts[clean[i].lower()]:
                    j = i + len(spelling)
                    piece = clean[i:j].lower() if fold else clean[i:j]
                    if piece != spelling or spelling not in table:
                        continue
                    if (HAN_RE.match(clean[i]) or HAN_RE.match(clean[j - 1])) and bounds is None:
                        bounds = self._word_bounds(clean)
                    if self._whole(clean, i, j, bounds):
                        found.add(table[spelling])
                        pos = j
                        break
        return tuple(sorted(found, key=self._order.__getitem__))

    @staticmethod
    def _whole(text: str, i: int, j: int, bounds: set[int] | None) -> bool:
        """Whether text[i:j] starts and ends on word boundaries."""
        for inside, outside, edge in ((text[i], text[i - 1 : i], i), (text[j - 1], text[j : j + 1], j)):
            if HAN_RE.match(inside):
                if bounds is None or edge not in bounds:
                    return False
            elif _is_word(inside) and outside and _is_word(outside):
                return False
        return True

    def _word_bounds(self, text: str) -> set[int]:
        if self._tokenizer is None:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)  # it logs "Building prefix dict..." to stderr
            tokenizer = jieba.Tokenizer()
            for spelling in self._han:
                tokenizer.add_word(spelling)
            self._tokenizer = tokenizer
        bounds = {0}
        offset = 0
        for word in self._tokenizer.cut(text, HMM=True):
            offset += len(word)
            bounds.add(offset)
        return bounds


def _alternation(table: dict[str, GlossaryEntry], fold: bool) -> re.Pattern[str]:
    spellings = sorted(table, key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in spellings), re.IGNORECASE if fold else 0)

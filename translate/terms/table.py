"""The table of term renderings (``terms.yaml``): one English rendering per tag or category, for the whole blog.

A term is a value of a term field (``term_fields``: tags, categories…). One table serves every term
field, so 随笔 reads the same whether it is a tag or a category. A term with no Chinese in it
(``record``, ``Rust``) is kept as it is and needs no line. File format, one line per term so a
change is a one-line diff::

    # comments are kept when the tool adds lines
    version: 1
    terms:
      随笔: Essays                                 # approved: a rendering alone is the author's
      记录: {rendering: Notes, status: approved}
      折腾: {rendering: Tinkering, status: proposed}   # written by `translate run` from the model

``status`` follows the glossary's conventions: ``approved`` (the default) is the author's word,
``proposed`` is the model's, added by ``translate run`` for terms it met with no rendering and used
at once; ``translate review`` lists the proposed ones. Editing a rendering makes exactly the posts
that use the term stale; the next run rewrites their front matter without sending anything.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import TermTableError
from ..yamlfile import compose_yaml, read_yaml_text
from ..source.cjk import HAN_OR_KANA_RE
from ..store.digest import digest

STATUSES = ("approved", "proposed")
KEYS = ("rendering", "status")
MAX_RENDERING_CHARS = 80
"""A tag or category longer than this is not a term: most likely a sentence or a model's chatter."""

_MARKUP_RE = re.compile(r"[<>`\[\]\r\n\t]|\{[{%<]|[}%>]\}|\*\*|\]\(|https?://|^#|^[-*+] ")
"""What a rendering may not hold: HTML or Markdown markup, Liquid or Hugo tags, URLs, line breaks."""


def needs_rendering(term: str) -> bool:
    """Whether ``term`` has Chinese (or Japanese) in it and so needs an English rendering."""
    return HAN_OR_KANA_RE.search(term) is not None


def rendering_problems(rendering: str) -> list[str]:
    """What is wrong with ``rendering`` as the English of a term (empty when it may be used)."""
    problems = []
    if not rendering.strip():
        problems.append("it is empty")
    if rendering != rendering.strip():
        problems.append("it starts or ends with spaces")
    if needs_rendering(rendering):
        problems.append("Chinese is left in it")
    if _MARKUP_RE.search(rendering):
        problems.append("it holds markup, a URL or a line break")
    if len(rendering) > MAX_RENDERING_CHARS:
        problems.append(f"it is longer than {MAX_RENDERING_CHARS} characters")
    return problems


@dataclass(frozen=True, slots=True)
class TermRendering:
    """One line of the table: a term and its English."""

    term: str
    """The term as the Chinese posts write it."""
    rendering: str
    """Its English, written in every English post that uses the term."""
    status: str
    """``approved`` (the author's) or ``proposed`` (the model's, not reviewed yet)."""
    line: int
    """1-based line in the table file."""


@dataclass(frozen=True, slots=True)
class TermTable:
    """Every term rendering of the blog, by term."""

    path: Path
    """The table file (it may not exist yet)."""
    entries: Mapping[str, TermRendering] = field(default_factory=dict)
    """Term → its line, in file order."""

    def rendering(self, term: str) -> str | None:
        """The English of ``term``: its rendering, ``term`` itself when it has no Chinese, None when unknown."""
        entry = self.entries.get(term)
        if entry is not None:
            return entry.rendering
        return None if needs_rendering(term) else term

    def fingerprint(self, term: str) -> str:
        """What the lock records for ``term`` (a digest of its rendering; "" when it has none)."""
        rendering = self.rendering(term)
        return digest(rendering) if rendering is not None else ""

    def proposed(self) -> tuple[TermRendering, ...]:
        """The renderings the model proposed and no one approved yet, in file order."""
        return tuple(e for e in self.entries.values() if e.status == "proposed")


def load_term_table(path: Path) -> TermTable:
    """Read and validate the table; a missing file is an empty table."""
    text = read_yaml_text(path, TermTableError)
    return TermTable(path) if text is None else parse_term_table(text, path=path)


def parse_term_table(text: str, *, path: Path) -> TermTable:
    """Validate the text of a table file; errors name the line and say how to fix it."""
    import yaml

    root = compose_yaml(text, path=path, error=TermTableError)
    if root is None:
        return TermTable(path)
    if not isinstance(root, yaml.MappingNode):
        raise TermTableError("the table must be a mapping with a 'terms:' mapping", path=path, line=_line(root))
    terms_node = None
    for key, value in root.value:
        if key.value == "terms":
            terms_node = value
        elif key.value != "version":
            raise TermTableError(f"unknown top-level key {key.value!r}; valid keys: terms, version", path=path, line=_line(key))
    if terms_node is None or (isinstance(terms_node, yaml.ScalarNode) and terms_node.value in ("", "~", "null")):
        return TermTable(path)
    if not isinstance(terms_node, yaml.MappingNode):
        raise TermTableError("'terms' must be a mapping of 'term: rendering' lines", path=path, line=_line(terms_node))
    entries: dict[str, TermRendering] = {}
    for key_node, value_node in terms_node.value:
        entry = _entry(key_node, value_node, path)
        if entry.term in entries:
            raise TermTableError(f"{entry.term} is listed twice (also at line {entries[entry.term].line}); keep one line",
                                 path=path, line=entry.line)
        entries[entry.term] = entry
    return TermTable(path, entries)


def _line(node: Any) -> int:
    return int(node.start_mark.line) + 1


def _entry(key_node: Any, value_node: Any, path: Path) -> TermRendering:
    """One ``term: rendering`` or ``term: {rendering: …, status: …}`` line."""
    import yaml

    line = _line(key_node)
    if not isinstance(key_node, yaml.ScalarNode) or not str(key_node.value).strip():
        raise TermTableError("each term must be text, as a post's front matter writes it", path=path, line=line)
    term = str(key_node.value)
    values: dict[str, str] = {}
    if isinstance(value_node, yaml.ScalarNode):
        values["rendering"] = str(value_node.value)
    elif isinstance(value_node, yaml.MappingNode):
        for k, v in value_node.value:
            if k.value not in KEYS:
                raise TermTableError(f"unknown key {k.value!r} for {term}; valid keys: {', '.join(KEYS)}", path=path, line=_line(k))
            if not isinstance(v, yaml.ScalarNode):
                raise TermTableError(f"'{k.value}' of {term} must be text", path=path, line=_line(v))
            values[str(k.value)] = str(v.value)
    else:
        raise TermTableError(f"{term} must be followed by its rendering ('{term}: English') or "
                             "'{rendering: English, status: approved}'", path=path, line=line)
    status = values.get("status", "approved")
    if status not in STATUSES:
        raise TermTableError(f"unknown status {status!r} for {term}; use one of {', '.join(STATUSES)}", path=path, line=line)
    rendering = values.get("rendering", "")
    problems = rendering_problems(rendering)
    if problems:
        raise TermTableError(f"the rendering {rendering!r} of {term} cannot be used: {'; '.join(problems)}; "
                             "write the English as it should appear in the posts", path=path, line=line)
    return TermRendering(term, rendering, status, line)

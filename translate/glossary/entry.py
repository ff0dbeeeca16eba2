"""One glossary entry: a source term and how it must be translated."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..store.digest import digest


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
    _fingerprint: str = field(init=False, repr=False, compare=False, default="")

    def __post_init__(self) -> None:
        # Asked for every segment the entry occurs in and for every post checked: computed once.
        fields = [self.term, self.rendering, self.keep, list(self.aliases), list(self.forbidden), self.note, self.ignore_case]
        object.__setattr__(self, "_fingerprint", digest(json.dumps(fields, ensure_ascii=False)))

    @property
    def spellings(self) -> tuple[str, ...]:
        """The term and its aliases."""
        return (self.term, *self.aliases)

    def fingerprint(self) -> str:
        """A stable short hash of everything that affects a translation (not status or line)."""
        return self._fingerprint

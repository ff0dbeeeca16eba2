"""The run's term renderings: found in the table, the missing ones asked of the model once, written to the table.

Owned by the run's own thread. Each post planned for writing names the terms it needs (``want``).
A finished post whose terms all have a rendering gets them (``complete``); one that needs a term
the table lacks is held. Once every post is planned, ``resolve`` asks the model for every missing
term of the run in one request (``terms.propose``), adds the answers to the table as ``proposed``
and hands the held posts back. An offline run never asks: a missing rendering fails its post
with a message naming the term and the table, like a cache miss.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..config import Settings
from ..model.translator import Usage
from ..paths import shown_path
from ..terms.table import TermTable, needs_rendering
from .jobs import FinishedPost
from .plan import PostPlan

if TYPE_CHECKING:
    from ..model.client import ChatClient


class TermBook:
    """The renderings of one run's terms, and the posts waiting for the model's (see the module docstring)."""

    def __init__(self, settings: Settings, table: TermTable, *, offline: bool) -> None:
        self.settings = settings
        self.table = table
        self.offline = offline
        self.asked = False
        """Whether ``resolve`` ran: a rendering still missing then will not come in this run."""
        self.usage = Usage()
        """What asking the model cost."""
        self._wanted: dict[str, None] = {}
        """Terms with no rendering, in the order met."""
        self._seen: dict[str, None] = {}
        """English terms the posts already use (tags with no Chinese), shown to the model as the blog's style."""
        self._rejected: dict[str, str] = {}
        """Term → why the model's rendering could not be used."""
        self._held: list[FinishedPost] = []

    @property
    def wanted(self) -> list[str]:
        """The terms of this run that had no rendering in the table, in the order met."""
        return list(self._wanted)

    def want(self, plan: PostPlan) -> list[str]:
        """The terms of ``plan`` with no rendering yet (asked for by ``resolve``)."""
        self._seen.update(dict.fromkeys(v for f in plan.terms.fields for v in f.values if not needs_rendering(v)))
        missing = [term for term in plan.terms.terms if self.table.rendering(term) is None]
        self._wanted.update(dict.fromkeys(missing))
        return missing

    def complete(self, done: FinishedPost) -> FinishedPost | None:
        """``done`` with its term renderings (or failures naming the terms it cannot have); None while it waits.

        It waits (held until ``resolve``) for a term the model is to be asked for; once the model
        was asked, None means the rendering cannot come in this run (the model cannot be used).
        """
        plan = done.plan
        terms = plan.terms.terms
        missing = [term for term in terms if self.table.rendering(term) is None]
        if not missing:
            renderings = {term: self.table.rendering(term) or term for term in terms}
            return dataclasses.replace(done, plan=dataclasses.replace(plan, term_renderings=renderings))
        failures = [self._failure(plan, term) for term in missing if self.offline or term in self._rejected]
        if failures:
            return dataclasses.replace(done, failures=(*done.failures, *failures))
        if not self.asked:
            self._held.append(done)
        return None

    def resolve(self, client: Callable[[], ChatClient]) -> list[FinishedPost]:
        """Ask the model (through ``client()``) for every missing term; the posts held for them, to complete again.

        Raises ConfigError when the model cannot be used in this run (no key, an endpoint that
        refuses every request); ``release`` then hands back the held posts.
        """
        from ..terms.editing import add_proposed
        from ..terms.propose import propose_renderings

        self.asked = True
        wanted = [term for term in self._wanted if self.table.rendering(term) is None]
        if wanted:
            existing = [e.rendering for e in sorted(self.table.entries.values(), key=lambda e: e.status != "approved")]
            proposal = propose_renderings(client(), wanted, existing=[*existing, *self._seen], budget=self.settings.batch_tokens)
            self.usage = self.usage + proposal.usage
            self._rejected.update(proposal.rejected)
            if proposal.renderings:
                self.table = add_proposed(self.table.path, proposal.renderings)
        return self.release()

    def release(self) -> list[FinishedPost]:
        """The posts held so far, handed back (the book keeps none)."""
        held, self._held = self._held, []
        return held

    def _failure(self, plan: PostPlan, term: str) -> str:
        found = next(f for f in plan.terms.fields if term in f.values)
        table = shown_path(self.table.path)
        fix = f"add a line '{term}: <English>' under 'terms:' in {table}"
        if term in self._rejected:
            return f"{plan.key}:{found.line}: the term {term} ({found.key}) has no usable English rendering ({self._rejected[term]}); {fix}"
        return (f"{plan.key}:{found.line}: the term {term} ({found.key}) has no English rendering in {table} and --offline "
                f"forbids the network; run without --offline, or {fix}")

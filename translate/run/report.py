"""What a run did, post by post: frozen outcomes for the summary, ``--json`` and progress lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model.prices import Price
from ..model.translator import Usage
from .jobs import FinishedPost
from .plan import PostPlan


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """One post at the end of a run."""

    key: str
    """The source post's lock key."""
    english_key: str
    """Its English post, relative to the project root."""
    state: str
    """``up to date``, ``new``, ``changed``, ``failed``, or ``pending`` (it needs the model, which the run could not use)."""
    written: bool = False
    """Whether the English post was (re)written."""
    kept: int = 0
    """Segments whose English text was kept from the existing English post."""
    cached: int = 0
    """Segments answered from the cache, or by an identical segment sent in this run."""
    sent: int = 0
    """Segments answered by the model in this run."""
    todo: int = 0
    """Segments still to send (a dry run's plan, or what a failed post missed)."""
    failures: tuple[str, ...] = ()
    """``path:line: reason`` for each failure."""
    warnings: tuple[str, ...] = ()
    """``path:line: warning`` for each translation written with a warning."""
    parked: int = 0
    """Segments that failed after every retry (now or in an earlier run) and wait for a person."""


def outcome(plan: PostPlan, done: FinishedPost | None = None, *, written: bool = False, todo: int = 0,
            failures: tuple[str, ...] = (), pending: bool = False) -> PostOutcome:
    """The outcome of ``plan``, finished as ``done`` (when it got that far), with extra ``failures``."""
    failures = (*(done.failures if done is not None else plan.failures), *failures)
    return PostOutcome(
        key=plan.key,
        english_key=plan.english_key,
        state="failed" if failures else "pending" if pending else plan.state,
        written=written,
        kept=len(plan.kept),
        cached=done.cached if done is not None else 0,
        sent=done.sent if done is not None else 0,
        todo=todo,
        failures=failures,
        warnings=done.warnings if done is not None else (),
        parked=done.parked if done is not None else 0,
    )


@dataclass
class RunReport:
    """What a run did, for the summary table and ``--json`` (filled in by the run's own thread)."""

    posts: list[PostOutcome] = field(default_factory=list)
    """Every post considered, in the order they were found."""
    usage: Usage = Usage()
    """Requests and tokens spent (or, for a dry run, estimated)."""
    cost: float | None = None
    """USD, when the model has a price (in the settings, or a list price)."""
    price: Price | None = None
    """The price ``cost`` is figured at."""
    seconds: float = 0.0
    """Wall time of the run."""
    new_terms: int = 0
    """Terms (tags, categories) with no rendering in the term table: asked of the model, or in a dry run to be asked."""

    @property
    def failed(self) -> list[PostOutcome]:
        """Posts that failed."""
        return [p for p in self.posts if p.state == "failed"]

    @property
    def parked(self) -> int:
        """Segments parked, over all posts."""
        return sum(p.parked for p in self.posts)

    @property
    def warnings(self) -> int:
        """Translations written with a warning, over all posts."""
        return sum(len(p.warnings) for p in self.posts)


def summary_rows(report: RunReport) -> list[dict[str, Any]]:
    """One row per post for the summary table and ``--json``."""
    return [
        {
            "post": p.key,
            "english": p.english_key,
            "state": p.state,
            "written": p.written,
            "kept": p.kept,
            "cached": p.cached,
            "sent": p.sent,
            "failures": list(p.failures),
            "warnings": list(p.warnings),
            "parked": p.parked,
        }
        for p in report.posts
    ]

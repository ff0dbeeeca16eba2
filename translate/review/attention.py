"""The attention list: everything waiting for a person, gathered without sending or writing anything."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..store.parked import Parked
from ..terms.table import TermRendering
from .catalog import PostFile, post_files
from .findings import SegmentWarning, parked_segments, segment_warnings
from .terms import ProposedTerm, proposed_terms


@dataclass(frozen=True, slots=True)
class PostState:
    """A post that is not simply up to date."""

    post: PostFile
    """Which post."""
    state: str
    """As ``translate status`` says it: ``stale``, ``new``, ``failed``, with ``edited by hand`` or ``failed last time`` added."""
    detail: str
    """Which segments are stale, or why it fails."""
    parked: int
    """How many of its segments are parked."""

    @property
    def needs_attention(self) -> bool:
        """Whether something must be done for it (a post only edited by hand is fine as it is)."""
        return self.parked > 0 or not self.state.startswith("up to date") or "failed" in self.state


@dataclass(frozen=True, slots=True)
class Attention:
    """What the attention list shows."""

    parked: tuple[Parked, ...]
    """Parked segments, oldest first."""
    warnings: tuple[SegmentWarning, ...]
    """Warnings recorded for segments that were written."""
    posts: tuple[PostState, ...]
    """Posts that need attention, in the order found."""
    proposed: tuple[ProposedTerm, ...]
    """Proposed glossary entries, with how often they occur."""
    total: int
    """How many posts there are."""
    edited: int
    """How many up-to-date posts were edited by hand (nothing to do; shown as a number)."""
    renderings: tuple[TermRendering, ...] = ()
    """Term renderings (tags, categories) the model proposed and no one approved yet."""
    terms_file: str = "terms.yaml"
    """The term table, as the page names it."""

    @property
    def empty(self) -> bool:
        """Whether nothing waits for a person."""
        return not (self.parked or self.warnings or self.posts or self.proposed or self.renderings)


def attention(settings: Settings) -> Attention:
    """The attention list of the project's configured content."""
    from ..paths import shown_path
    from ..run.status import post_statuses
    from ..terms.table import load_term_table

    inputs = [settings.path(p) for p in settings.content]
    files = post_files(settings, inputs)
    parked = parked_segments(settings)
    parked_per_post: dict[str, int] = {}
    for record in parked:
        parked_per_post[record.post] = parked_per_post.get(record.post, 0) + 1
    states = []
    edited = 0
    for status in post_statuses(settings, inputs):
        post = files.get(status.post)
        if post is None:
            continue
        state = PostState(post, status.state, status.detail, parked_per_post.get(status.post, 0))
        if state.needs_attention:
            states.append(state)
        elif "edited by hand" in status.state:
            edited += 1
    return Attention(tuple(parked), tuple(segment_warnings(settings)), tuple(states),
                     tuple(proposed_terms(settings, files.values(), examples=0)), len(files), edited,
                     load_term_table(settings.path(settings.terms)).proposed(), shown_path(settings.path(settings.terms)))

"""Blog layouts: where each generator expects the English edition of a post, as a table of small records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a blog generator expects the English edition of a post."""

    anchor: str | None = None
    """The folder the ``en`` folder is placed beside (``_posts``) or inside (``content``); None: not by folder."""
    inside: bool = False
    """``en`` goes inside the anchor (``content/en/…``) rather than before it (``en/_posts/…``)."""
    suffix: str | None = None
    """English posts sit beside their source as ``name{suffix}.md``."""
    needs_out: bool = False
    """English posts mirror the inputs under the ``out`` folder."""


LAYOUTS: dict[str, Layout] = {
    "jekyll": Layout(anchor="_posts"),
    "hugo": Layout(anchor="content", inside=True),
    "hugo-suffix": Layout(suffix=".en"),
    "mirror": Layout(needs_out=True),
}
"""Layout name (the ``layout`` setting) → where its English posts go."""

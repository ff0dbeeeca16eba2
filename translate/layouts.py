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
    language_dirs: bool = False
    """English posts go to the English language's content folder when the site's configuration declares one (Hugo ``contentDir``)."""


LAYOUTS: dict[str, Layout] = {
    "jekyll": Layout(anchor="_posts"),
    "hugo": Layout(anchor="content", inside=True, language_dirs=True),
    "hugo-suffix": Layout(suffix=".en"),
    "hexo": Layout(anchor="_posts", inside=True),
    "mirror": Layout(needs_out=True),
}
"""Layout name (the ``layout`` setting) → where its English posts go."""

GENERATOR_LAYOUTS = {"jekyll": "jekyll", "hugo": "hugo", "hexo": "hexo"}
"""Generator → the layout ``layout = "auto"`` means for it (``jekyll`` when no generator is found)."""

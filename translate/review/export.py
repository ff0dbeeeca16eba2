"""``translate review --html FILE``: the attention list and the posts needing attention, in one read-only file.

For CI artifacts and pull requests: one HTML file with its stylesheet inline, no script, no form
and nothing loaded from anywhere; links lead to places in the same file (and, in post text, to
the web addresses the posts themselves link to).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..source.post import write_atomic
from .attention import attention
from .catalog import post_files
from .html import page
from .pages import attention_body
from .post_page import post_section
from .sidebyside import post_view


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export holds, for the command's summary line."""

    parked: int
    """Parked segments listed."""
    posts: int
    """Posts shown side by side."""
    proposed: int
    """Proposed glossary entries listed."""


def export_html(settings: Settings) -> tuple[str, Exported]:
    """The export's HTML and what it holds."""
    found = attention(settings)
    files = post_files(settings, [settings.path(p) for p in settings.content])
    keys = list(dict.fromkeys([*(p.post.key for p in found.posts), *(r.post for r in found.parked),
                               *(w.post for w in found.warnings)]))
    keys = [key for key in keys if key in files]
    anchors = {key: f"p{n}-" for n, key in enumerate(keys, start=1)}

    def link(key: str, segment_id: str) -> str | None:
        prefix = anchors.get(key)
        if prefix is None:
            return None
        return f"#{prefix}seg-{segment_id}" if segment_id else f"#{prefix}top"

    sections = "".join(f'<section class="post">{post_section(post_view(settings, files[key]), None, prefix=anchors[key], heading="h2")}</section>'
                       for key in keys)
    body = attention_body(found, link, glossary_link=None) + sections
    return page("translate review", body, links=False), Exported(len(found.parked), len(keys), len(found.proposed))


def write_export(settings: Settings, path: Path) -> Exported:
    """Write the export to ``path`` (atomically) and say what it holds."""
    html, exported = export_html(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, html.encode("utf-8"))
    return exported
